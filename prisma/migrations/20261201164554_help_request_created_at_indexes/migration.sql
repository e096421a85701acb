-- CreateIndex
CREATE INDEX "HelpRequest_createdAt_idx" ON "HelpRequest"("createdAt");

-- CreateIndex
CREATE INDEX "HelpRequest_unitId_createdAt_idx" ON "HelpRequest"("unitId", "createdAt");
