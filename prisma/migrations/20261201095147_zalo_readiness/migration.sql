-- CreateEnum
CREATE TYPE "CostBand" AS ENUM ('FREE', 'PAID');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AlertKind" ADD VALUE 'ZALO_MESSAGE_DOWNGRADED';
ALTER TYPE "AlertKind" ADD VALUE 'WEBHOOK_SIGNATURE_FAILING';
ALTER TYPE "AlertKind" ADD VALUE 'ZALO_BILLING_REFUSED';

-- AlterTable
ALTER TABLE "BroadcastDelivery" ADD COLUMN     "costBand" "CostBand";

-- AlterTable
ALTER TABLE "OutboundMessage" ADD COLUMN     "costBand" "CostBand",
ADD COLUMN     "numbered" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "OutboundMessage_sentAt_idx" ON "OutboundMessage"("sentAt");
