-- AlterEnum
ALTER TYPE "HelpCancelReason" ADD VALUE 'RESIDENT_WITHDREW';

-- CreateIndex
CREATE INDEX "HelpRequest_residentId_status_idx" ON "HelpRequest"("residentId", "status");
