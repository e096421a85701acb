-- AlterTable
ALTER TABLE "Broadcast" ADD COLUMN     "plannedAt" TIMESTAMP(3);
