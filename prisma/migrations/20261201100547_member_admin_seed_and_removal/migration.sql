-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "adminSeededAt" TIMESTAMP(3),
ADD COLUMN     "removedByRole" "MemberRole";

-- Admins seeded from ADMIN_ZALO_IDS before this migration are known from the audit log.
UPDATE "Member" AS m SET "adminSeededAt" = a."at"
FROM (
  SELECT "targetId", MIN("at") AS "at" FROM "AuditLog"
  WHERE "action" IN ('member.create-configured-admin', 'member.promote-configured-admin')
  GROUP BY "targetId"
) AS a
WHERE a."targetId" = m."id";

-- Members removed before this migration: the remover's current role, from the audit log.
UPDATE "Member" AS m SET "removedByRole" = actor."role"
FROM (
  SELECT DISTINCT ON ("targetId") "targetId", "actorId" FROM "AuditLog"
  WHERE "action" = 'member.remove'
  ORDER BY "targetId", "at" DESC
) AS r
JOIN "Member" AS actor ON actor."id" = r."actorId"
WHERE r."targetId" = m."id" AND m."status" = 'REMOVED';
