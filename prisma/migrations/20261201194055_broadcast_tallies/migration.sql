-- AlterTable
ALTER TABLE "Broadcast" ADD COLUMN     "planned" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "BroadcastDelivery" ADD COLUMN     "notBefore" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "BroadcastTally" (
    "broadcastId" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "costBand" TEXT NOT NULL DEFAULT '',
    "repeated" BOOLEAN NOT NULL DEFAULT false,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "BroadcastTally_pkey" PRIMARY KEY ("broadcastId","status","reason","costBand","repeated")
);

-- AddForeignKey
ALTER TABLE "BroadcastTally" ADD CONSTRAINT "BroadcastTally_broadcastId_fkey" FOREIGN KEY ("broadcastId") REFERENCES "Broadcast"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: broadcasts planned or sent before the tallies existed get their counters from their rows, so one
-- still sending at the upgrade is not taken for finished (planned 0 = tallies 0).
UPDATE "Broadcast" b SET "planned" = d.n
FROM (SELECT "broadcastId", count(*)::int AS n FROM "BroadcastDelivery" GROUP BY 1) d
WHERE d."broadcastId" = b."id";

INSERT INTO "BroadcastTally" ("broadcastId", "status", "reason", "costBand", "repeated", "count")
SELECT "broadcastId", "status", COALESCE("reason", ''), COALESCE("costBand"::text, ''), "repeated", count(*)::int
FROM "BroadcastDelivery"
WHERE "status" IN ('SENT', 'FAILED', 'SKIPPED')
GROUP BY 1, 2, 3, 4, 5;
