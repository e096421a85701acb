-- AlterTable
ALTER TABLE "Resident" ADD COLUMN     "humanTakeoverSince" TIMESTAMP(3);
