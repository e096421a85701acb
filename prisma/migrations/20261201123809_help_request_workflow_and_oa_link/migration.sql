-- CreateEnum
CREATE TYPE "HelpEventKind" AS ENUM ('CREATED', 'CLAIMED', 'RELEASED', 'HANDED_OVER', 'MOVED', 'CANCELLED', 'DONE');

-- CreateEnum
CREATE TYPE "HelpCancelReason" AS ENUM ('NO_ANSWER', 'ALREADY_SOLVED', 'WRONG_UNIT');

-- AlterEnum
ALTER TYPE "OutboundKind" ADD VALUE 'MEMBER_NOTICE';

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "oaAutoLinkOffAt" TIMESTAMP(3),
ADD COLUMN     "oaLinkCodeExpiresAt" TIMESTAMP(3),
ADD COLUMN     "oaLinkCodeHash" TEXT,
ADD COLUMN     "oaLinkedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "HelpRequestEvent" (
    "id" TEXT NOT NULL,
    "helpRequestId" TEXT NOT NULL,
    "kind" "HelpEventKind" NOT NULL,
    "actorId" TEXT,
    "toMemberId" TEXT,
    "fromUnitId" TEXT,
    "toUnitId" TEXT,
    "reason" "HelpCancelReason",
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HelpRequestEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HelpRequestEvent_helpRequestId_at_idx" ON "HelpRequestEvent"("helpRequestId", "at");

-- CreateIndex
CREATE INDEX "HelpRequestEvent_kind_at_idx" ON "HelpRequestEvent"("kind", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Member_oaLinkCodeHash_key" ON "Member"("oaLinkCodeHash");

-- AddForeignKey
ALTER TABLE "HelpRequestEvent" ADD CONSTRAINT "HelpRequestEvent_helpRequestId_fkey" FOREIGN KEY ("helpRequestId") REFERENCES "HelpRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HelpRequestEvent" ADD CONSTRAINT "HelpRequestEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HelpRequestEvent" ADD CONSTRAINT "HelpRequestEvent_toMemberId_fkey" FOREIGN KEY ("toMemberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;
