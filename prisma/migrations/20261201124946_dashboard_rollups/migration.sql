-- CreateTable
CREATE TABLE "AssistanceRollup" (
    "unitId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "service" TEXT NOT NULL,
    "logs" INTEGER NOT NULL,
    "people" INTEGER NOT NULL,
    "minutes" INTEGER NOT NULL,

    CONSTRAINT "AssistanceRollup_pkey" PRIMARY KEY ("unitId","day","service")
);

-- CreateTable
CREATE TABLE "UnitRollup" (
    "unitId" TEXT NOT NULL,
    "logs" INTEGER NOT NULL DEFAULT 0,
    "people" INTEGER NOT NULL DEFAULT 0,
    "minutes" INTEGER NOT NULL DEFAULT 0,
    "activeMembers" INTEGER NOT NULL DEFAULT 0,
    "pendingMembers" INTEGER NOT NULL DEFAULT 0,
    "openHelp" INTEGER NOT NULL DEFAULT 0,
    "claimedHelp" INTEGER NOT NULL DEFAULT 0,
    "doneHelp" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UnitRollup_pkey" PRIMARY KEY ("unitId")
);

-- CreateTable
CREATE TABLE "ChecklistStepRollup" (
    "checklistId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "kind" "StepEventKind" NOT NULL,
    "events" INTEGER NOT NULL,

    CONSTRAINT "ChecklistStepRollup_pkey" PRIMARY KEY ("checklistId","stepId","kind")
);

-- CreateTable
CREATE TABLE "ChecklistStatusRollup" (
    "checklistId" TEXT NOT NULL,
    "status" "ProgressStatus" NOT NULL,
    "positions" INTEGER NOT NULL,

    CONSTRAINT "ChecklistStatusRollup_pkey" PRIMARY KEY ("checklistId","status")
);

-- CreateTable
CREATE TABLE "ChecklistDayRollup" (
    "checklistId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "started" INTEGER NOT NULL DEFAULT 0,
    "finished" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ChecklistDayRollup_pkey" PRIMARY KEY ("checklistId","day")
);

-- CreateTable
CREATE TABLE "UnitTreeVersion" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "UnitTreeVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AssistanceRollup_service_day_idx" ON "AssistanceRollup"("service", "day");

-- CreateIndex
CREATE INDEX "HelpRequest_unitId_status_doneAt_idx" ON "HelpRequest"("unitId", "status", "doneAt");

-- CreateIndex
CREATE INDEX "HelpRequest_claimedById_status_idx" ON "HelpRequest"("claimedById", "status");

-- ── Rollups kept by triggers ──────────────────────────────────────────────────────────────────────────────────────
-- Prisma's pg adapter runs a migration by splitting it at every semicolon, even inside function bodies and comments.
-- So this file has semicolons only where statements end: each function below is handed as text to xks_define,
-- which turns the full-width '；' (U+FF1B) ending its PL/pgSQL statements into a semicolon (chr 59) and runs it.
-- xks_define's own body spells its one semicolon as the octal escape 073.
CREATE FUNCTION xks_define(definition text) RETURNS void LANGUAGE plpgsql
  AS E'BEGIN EXECUTE replace(definition, chr(65307), chr(59))\073 END';
-- Why triggers rather than the services: every writer keeps them exact without knowing they exist (the API, the
-- chatbot worker, imports, merges, bench:seed, tests' fixtures, a hand fix in psql), in the same transaction as
-- the write. Statement-level triggers with transition tables: a bulk INSERT … SELECT costs one grouped upsert,
-- not one per row. An UPDATE that leaves the counted columns alone nets to zero and writes nothing (HAVING).
-- Upserts take their rows in key order, so two writers cannot deadlock on them.

-- The local day (Asia/Ho_Chi_Minh, the dashboards' week) of a stored UTC timestamp.
SELECT xks_define($define$
CREATE FUNCTION xks_local_day(ts timestamp) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ((ts AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Ho_Chi_Minh')::date $$
$define$);

-- The changed rows of a statement as (sign, row): +1 for what is there now, -1 for what was.
SELECT xks_define($define$
CREATE FUNCTION xks_delta_sql(op text, columns text) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT CASE op
      WHEN 'INSERT' THEN format('SELECT 1 AS sign, %s FROM new_rows', columns)
      WHEN 'DELETE' THEN format('SELECT -1 AS sign, %s FROM old_rows', columns)
      ELSE format('SELECT 1 AS sign, %1$s FROM new_rows UNION ALL SELECT -1 AS sign, %1$s FROM old_rows', columns)
    END
  $$
$define$);

SELECT xks_define($define$
CREATE FUNCTION xks_rollup_assistance_logs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta text := xks_delta_sql(TG_OP, '"unitId", "happenedAt", services, people, minutes')；
BEGIN
  EXECUTE format($q$
    INSERT INTO "AssistanceRollup" AS r ("unitId", day, service, logs, people, minutes)
    SELECT u.unit_id, xks_local_day(d."happenedAt"), s.service,
           SUM(d.sign), SUM(d.sign * d.people), SUM(d.sign * d.minutes)
      FROM (%s) d
      CROSS JOIN LATERAL (VALUES (d."unitId"), ('*')) AS u(unit_id)
      CROSS JOIN LATERAL (SELECT '*' UNION ALL SELECT unnest(d.services)::text) AS s(service)
     GROUP BY 1, 2, 3
    HAVING SUM(d.sign) <> 0 OR SUM(d.sign * d.people) <> 0 OR SUM(d.sign * d.minutes) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT ("unitId", day, service) DO UPDATE
       SET logs = r.logs + EXCLUDED.logs, people = r.people + EXCLUDED.people, minutes = r.minutes + EXCLUDED.minutes
  $q$, delta)；
  EXECUTE format($q$
    INSERT INTO "UnitRollup" AS r ("unitId", logs, people, minutes)
    SELECT u.unit_id, SUM(d.sign), SUM(d.sign * d.people), SUM(d.sign * d.minutes)
      FROM (%s) d CROSS JOIN LATERAL (VALUES (d."unitId"), ('*')) AS u(unit_id)
     GROUP BY 1
    HAVING SUM(d.sign) <> 0 OR SUM(d.sign * d.people) <> 0 OR SUM(d.sign * d.minutes) <> 0
     ORDER BY 1
    ON CONFLICT ("unitId") DO UPDATE
       SET logs = r.logs + EXCLUDED.logs, people = r.people + EXCLUDED.people, minutes = r.minutes + EXCLUDED.minutes
  $q$, delta)；
  RETURN NULL；
END $$
$define$);

SELECT xks_define($define$
CREATE FUNCTION xks_rollup_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format($q$
    INSERT INTO "UnitRollup" AS r ("unitId", "activeMembers", "pendingMembers")
    SELECT u.unit_id, COALESCE(SUM(d.sign) FILTER (WHERE d.status = 'ACTIVE'), 0),
           COALESCE(SUM(d.sign) FILTER (WHERE d.status = 'PENDING'), 0)
      FROM (%s) d CROSS JOIN LATERAL (VALUES (d."unitId"), ('*')) AS u(unit_id)
     WHERE u.unit_id IS NOT NULL AND d.status IN ('ACTIVE', 'PENDING')
     GROUP BY 1
    HAVING SUM(d.sign) FILTER (WHERE d.status = 'ACTIVE') <> 0 OR SUM(d.sign) FILTER (WHERE d.status = 'PENDING') <> 0
     ORDER BY 1
    ON CONFLICT ("unitId") DO UPDATE
       SET "activeMembers" = r."activeMembers" + EXCLUDED."activeMembers",
           "pendingMembers" = r."pendingMembers" + EXCLUDED."pendingMembers"
  $q$, xks_delta_sql(TG_OP, '"unitId", status'))；
  RETURN NULL；
END $$
$define$);

SELECT xks_define($define$
CREATE FUNCTION xks_rollup_help_requests() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format($q$
    INSERT INTO "UnitRollup" AS r ("unitId", "openHelp", "claimedHelp", "doneHelp")
    SELECT u.unit_id, COALESCE(SUM(d.sign) FILTER (WHERE d.status = 'OPEN'), 0),
           COALESCE(SUM(d.sign) FILTER (WHERE d.status = 'CLAIMED'), 0),
           COALESCE(SUM(d.sign) FILTER (WHERE d.status = 'DONE'), 0)
      FROM (%s) d CROSS JOIN LATERAL (VALUES (d."unitId"), ('*')) AS u(unit_id)
     WHERE d.status IN ('OPEN', 'CLAIMED', 'DONE')
     GROUP BY 1
    HAVING SUM(d.sign) FILTER (WHERE d.status = 'OPEN') <> 0 OR SUM(d.sign) FILTER (WHERE d.status = 'CLAIMED') <> 0
        OR SUM(d.sign) FILTER (WHERE d.status = 'DONE') <> 0
     ORDER BY 1
    ON CONFLICT ("unitId") DO UPDATE
       SET "openHelp" = r."openHelp" + EXCLUDED."openHelp", "claimedHelp" = r."claimedHelp" + EXCLUDED."claimedHelp",
           "doneHelp" = r."doneHelp" + EXCLUDED."doneHelp"
  $q$, xks_delta_sql(TG_OP, '"unitId", status'))；
  RETURN NULL；
END $$
$define$);

SELECT xks_define($define$
CREATE FUNCTION xks_rollup_step_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format($q$
    INSERT INTO "ChecklistStepRollup" AS r ("checklistId", "stepId", kind, events)
    SELECT d."checklistId", d."stepId", d.kind, SUM(d.sign) FROM (%s) d
     GROUP BY 1, 2, 3 HAVING SUM(d.sign) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT ("checklistId", "stepId", kind) DO UPDATE SET events = r.events + EXCLUDED.events
  $q$, xks_delta_sql(TG_OP, '"checklistId", "stepId", kind'))；
  RETURN NULL；
END $$
$define$);

SELECT xks_define($define$
CREATE FUNCTION xks_rollup_checklist_progress() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta text := xks_delta_sql(TG_OP, '"checklistId", status, "startedAt", "completedAt"')；
BEGIN
  EXECUTE format($q$
    INSERT INTO "ChecklistStatusRollup" AS r ("checklistId", status, positions)
    SELECT d."checklistId", d.status, SUM(d.sign) FROM (%s) d
     GROUP BY 1, 2 HAVING SUM(d.sign) <> 0 ORDER BY 1, 2
    ON CONFLICT ("checklistId", status) DO UPDATE SET positions = r.positions + EXCLUDED.positions
  $q$, delta)；
  EXECUTE format($q$
    INSERT INTO "ChecklistDayRollup" AS r ("checklistId", day, started, finished)
    SELECT e."checklistId", e.day, SUM(e.started), SUM(e.finished)
      FROM (SELECT d."checklistId", xks_local_day(d."startedAt") AS day, d.sign AS started, 0 AS finished FROM (%1$s) d
            UNION ALL
            SELECT d."checklistId", xks_local_day(d."completedAt"), 0, d.sign FROM (%1$s) d
             WHERE d."completedAt" IS NOT NULL) e
     GROUP BY 1, 2 HAVING SUM(e.started) <> 0 OR SUM(e.finished) <> 0 ORDER BY 1, 2
    ON CONFLICT ("checklistId", day) DO UPDATE
       SET started = r.started + EXCLUDED.started, finished = r.finished + EXCLUDED.finished
  $q$, delta)；
  RETURN NULL；
END $$
$define$);

-- Recomputes every rollup from the source tables (the backfill below, bench:seed after its trigger-less bulk load,
-- an operator after restoring a table). Writers wait for it (SHARE locks), so what it writes is exact.
SELECT xks_define($define$
CREATE FUNCTION xks_rebuild_dashboard_rollups() RETURNS void LANGUAGE plpgsql
  SET work_mem = '256MB' AS $$
BEGIN
  LOCK TABLE "AssistanceLog", "Member", "HelpRequest", "ChecklistStepEvent", "ChecklistProgress" IN SHARE MODE；
  DELETE FROM "AssistanceRollup"；
  DELETE FROM "UnitRollup"；
  DELETE FROM "ChecklistStepRollup"；
  DELETE FROM "ChecklistStatusRollup"；
  DELETE FROM "ChecklistDayRollup"；

  -- Grouped first by what the grains need (unit, day, service set), then spread over the grains.
  INSERT INTO "AssistanceRollup" ("unitId", day, service, logs, people, minutes)
  SELECT u.unit_id, g.day, s.service, SUM(g.logs), SUM(g.people), SUM(g.minutes)
    FROM (SELECT "unitId", xks_local_day("happenedAt") AS day, services,
                 COUNT(*) AS logs, SUM(people) AS people, SUM(minutes) AS minutes
            FROM "AssistanceLog" GROUP BY 1, 2, 3) g
    CROSS JOIN LATERAL (VALUES (g."unitId"), ('*')) AS u(unit_id)
    CROSS JOIN LATERAL (SELECT '*' UNION ALL SELECT unnest(g.services)::text) AS s(service)
   GROUP BY 1, 2, 3
   -- Stored day by day, as live writes store them: a week's rows then sit in a few pages.
   ORDER BY 2, 1, 3；

  INSERT INTO "UnitRollup" ("unitId", logs, people, minutes, "activeMembers", "pendingMembers", "openHelp",
                            "claimedHelp", "doneHelp")
  SELECT unit_id, SUM(logs), SUM(people), SUM(minutes), SUM(active), SUM(pending), SUM(open), SUM(claimed), SUM(done)
    FROM (SELECT "unitId" AS unit_id, logs, people, minutes, 0 AS active, 0 AS pending, 0 AS open, 0 AS claimed,
                 0 AS done
            FROM "AssistanceRollup" WHERE service = '*'
          UNION ALL
          SELECT u.unit_id, 0, 0, 0, COUNT(*) FILTER (WHERE m.status = 'ACTIVE'),
                 COUNT(*) FILTER (WHERE m.status = 'PENDING'), 0, 0, 0
            FROM "Member" m CROSS JOIN LATERAL (VALUES (m."unitId"), ('*')) AS u(unit_id)
           WHERE u.unit_id IS NOT NULL GROUP BY 1
          UNION ALL
          SELECT u.unit_id, 0, 0, 0, 0, 0, COUNT(*) FILTER (WHERE h.status = 'OPEN'),
                 COUNT(*) FILTER (WHERE h.status = 'CLAIMED'), COUNT(*) FILTER (WHERE h.status = 'DONE')
            FROM "HelpRequest" h CROSS JOIN LATERAL (VALUES (h."unitId"), ('*')) AS u(unit_id)
           GROUP BY 1) parts
   GROUP BY 1；

  INSERT INTO "ChecklistStepRollup" ("checklistId", "stepId", kind, events)
  SELECT "checklistId", "stepId", kind, COUNT(*) FROM "ChecklistStepEvent" GROUP BY 1, 2, 3；

  INSERT INTO "ChecklistStatusRollup" ("checklistId", status, positions)
  SELECT "checklistId", status, COUNT(*) FROM "ChecklistProgress" GROUP BY 1, 2；

  INSERT INTO "ChecklistDayRollup" ("checklistId", day, started, finished)
  SELECT "checklistId", day, SUM(started), SUM(finished)
    FROM (SELECT "checklistId", xks_local_day("startedAt") AS day, 1 AS started, 0 AS finished FROM "ChecklistProgress"
          UNION ALL
          SELECT "checklistId", xks_local_day("completedAt"), 0, 1 FROM "ChecklistProgress"
           WHERE "completedAt" IS NOT NULL) e
   GROUP BY 1, 2；
END $$
$define$);

-- TRUNCATE has no transition table: start over from what is left.
SELECT xks_define($define$
CREATE FUNCTION xks_rollups_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM xks_rebuild_dashboard_rollups()；
  RETURN NULL；
END $$
$define$);

CREATE TRIGGER assistance_log_rollup_insert AFTER INSERT ON "AssistanceLog"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION xks_rollup_assistance_logs();
CREATE TRIGGER assistance_log_rollup_update AFTER UPDATE ON "AssistanceLog"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION xks_rollup_assistance_logs();
CREATE TRIGGER assistance_log_rollup_delete AFTER DELETE ON "AssistanceLog"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION xks_rollup_assistance_logs();

CREATE TRIGGER member_rollup_insert AFTER INSERT ON "Member"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION xks_rollup_members();
CREATE TRIGGER member_rollup_update AFTER UPDATE ON "Member"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION xks_rollup_members();
CREATE TRIGGER member_rollup_delete AFTER DELETE ON "Member"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION xks_rollup_members();

CREATE TRIGGER help_request_rollup_insert AFTER INSERT ON "HelpRequest"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION xks_rollup_help_requests();
CREATE TRIGGER help_request_rollup_update AFTER UPDATE ON "HelpRequest"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION xks_rollup_help_requests();
CREATE TRIGGER help_request_rollup_delete AFTER DELETE ON "HelpRequest"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION xks_rollup_help_requests();

CREATE TRIGGER step_event_rollup_insert AFTER INSERT ON "ChecklistStepEvent"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION xks_rollup_step_events();
CREATE TRIGGER step_event_rollup_update AFTER UPDATE ON "ChecklistStepEvent"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION xks_rollup_step_events();
CREATE TRIGGER step_event_rollup_delete AFTER DELETE ON "ChecklistStepEvent"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION xks_rollup_step_events();

CREATE TRIGGER checklist_progress_rollup_insert AFTER INSERT ON "ChecklistProgress"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION xks_rollup_checklist_progress();
CREATE TRIGGER checklist_progress_rollup_update AFTER UPDATE ON "ChecklistProgress"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION xks_rollup_checklist_progress();
CREATE TRIGGER checklist_progress_rollup_delete AFTER DELETE ON "ChecklistProgress"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION xks_rollup_checklist_progress();

CREATE TRIGGER assistance_log_rollup_truncate AFTER TRUNCATE ON "AssistanceLog"
  FOR EACH STATEMENT EXECUTE FUNCTION xks_rollups_after_truncate();
CREATE TRIGGER member_rollup_truncate AFTER TRUNCATE ON "Member"
  FOR EACH STATEMENT EXECUTE FUNCTION xks_rollups_after_truncate();
CREATE TRIGGER help_request_rollup_truncate AFTER TRUNCATE ON "HelpRequest"
  FOR EACH STATEMENT EXECUTE FUNCTION xks_rollups_after_truncate();
CREATE TRIGGER step_event_rollup_truncate AFTER TRUNCATE ON "ChecklistStepEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION xks_rollups_after_truncate();
CREATE TRIGGER checklist_progress_rollup_truncate AFTER TRUNCATE ON "ChecklistProgress"
  FOR EACH STATEMENT EXECUTE FUNCTION xks_rollups_after_truncate();

-- ── The unit tree's version ──────────────────────────────────────────────────────────────────────────────────────
INSERT INTO "UnitTreeVersion" (id, version) VALUES (1, 0);

SELECT xks_define($define$
CREATE FUNCTION xks_bump_unit_tree_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "UnitTreeVersion" SET version = version + 1 WHERE id = 1；
  RETURN NULL；
END $$
$define$);

CREATE TRIGGER unit_tree_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Unit"
  FOR EACH STATEMENT EXECUTE FUNCTION xks_bump_unit_tree_version();

-- Backfill what is already there.
SELECT xks_rebuild_dashboard_rollups();
