-- AlterTable
ALTER TABLE "OutboundMessage" ADD COLUMN     "notBefore" TIMESTAMP(3);
