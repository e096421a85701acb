-- AlterTable
ALTER TABLE "HelpRequest" ADD COLUMN     "contactAddress" TEXT,
ADD COLUMN     "contactErasedAt" TIMESTAMP(3),
ADD COLUMN     "contactPhone" TEXT;

-- AlterTable
ALTER TABLE "Resident" ADD COLUMN     "humanTakeoverUntil" TIMESTAMP(3),
ADD COLUMN     "unitAskedAt" TIMESTAMP(3);
