// `npm run bench:seed [-- --scale 0.01] [--database NAME]`: a province-scale database for the benchmarks, built by
// set-based SQL (generate_series) rather than row by row, into a database this script drops and recreates.
//
// At scale 1 (Thanh Hóa after 2025: one provincial union, 600 communes, three branches under each):
//   500,000 residents · 20,000 members · 2,000,000 assistance logs over the past year · 3,000,000 step events
//   · 250,000 checklist positions. Every count scales linearly with --scale (at least one of each).
//
// Secondary indexes and foreign-key triggers are set aside while the big tables fill and rebuilt afterwards (one
// sorted build per index is several times faster than maintaining it row by row), then the tables are analysed.
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CHECKLISTS } from "@xks/shared/checklists/index";
import pg from "pg";
import { adminQuery, createMigratedDatabaseNamed } from "../tests/support/test-db.ts";
import { databaseUrl } from "../tests/support/test-env.ts";

export const PROVINCE_SHAPE = {
  communes: 600,
  branchesPerCommune: 3,
  residents: 500_000,
  members: 20_000,
  assistanceLogs: 2_000_000,
  stepEvents: 3_000_000,
  checklistProgress: 250_000,
} as const;

export interface SeedResult {
  database: string;
  url: string;
  scale: number;
  counts: Record<string, number>;
  /** Seconds per phase, and `total`. */
  seconds: Record<string, number>;
}

/** Tables whose secondary indexes are dropped during the load and rebuilt after it. */
const BULK_TABLES = ["Resident", "Member", "AssistanceLog", "ChecklistStepEvent", "ChecklistProgress"];

export async function seedProvince(options: { scale: number; database: string; log?: (line: string) => void }) {
  const log = options.log ?? ((line: string) => console.log(line));
  const n = (count: number) => Math.max(1, Math.round(count * options.scale));
  const counts = {
    communes: n(PROVINCE_SHAPE.communes),
    residents: n(PROVINCE_SHAPE.residents),
    members: Math.max(2, n(PROVINCE_SHAPE.members)),
    assistanceLogs: n(PROVINCE_SHAPE.assistanceLogs),
    stepEvents: n(PROVINCE_SHAPE.stepEvents),
    checklistProgress: n(PROVINCE_SHAPE.checklistProgress),
  };
  const seconds: Record<string, number> = {};
  const started = performance.now();
  const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await run();
    seconds[name] = (performance.now() - t0) / 1000;
    log(`  ${name.padEnd(20)} ${seconds[name].toFixed(1).padStart(6)} s`);
    return result;
  };

  const name = options.database;
  if (!/^\w+$/.test(name)) throw new Error(`database name must be letters, digits and _: ${name}`);
  const url = databaseUrl(name);
  await phase("create + migrate", async () => {
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await createMigratedDatabaseNamed(name);
  });

  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await db.query("SET synchronous_commit = off");
    await db.query("SET maintenance_work_mem = '256MB'");
    // Our own, just-created database: skip per-row foreign-key triggers (every id below is generated consistently).
    await db.query("SET session_replication_role = replica");
    const indexes = await db.query<{ indexname: string; indexdef: string }>(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      [BULK_TABLES],
    );
    for (const { indexname } of indexes.rows) await db.query(`DROP INDEX "${indexname}"`);

    await phase("units", () =>
      db.query(
        `INSERT INTO "Unit" (id, code, name, kind, "parentId", "targetPeoplePerWeek", "updatedAt")
         VALUES ('u-province', 'THANH_HOA', 'Tỉnh đoàn Thanh Hóa', 'ORGANISATION', NULL, 0, now());
         INSERT INTO "Unit" (id, code, name, kind, "parentId", "targetPeoplePerWeek", "updatedAt")
         SELECT 'u-c' || c, 'XA_' || lpad(c::text, 4, '0'), 'Xã ' || c, 'COMMUNE', 'u-province', 30 + c % 40, now()
           FROM generate_series(1, ${counts.communes}) c;
         INSERT INTO "Unit" (id, code, name, kind, "parentId", "targetPeoplePerWeek", "updatedAt")
         SELECT 'u-c' || c || '-b' || b, 'XA_' || lpad(c::text, 4, '0') || '_CD' || b,
                (ARRAY['Chi đoàn trường THCS ', 'Chi đoàn cơ quan xã ', 'Chi đoàn thôn '])[b] || c,
                (ARRAY['SCHOOL', 'AGENCY', 'OTHER'])[b]::"UnitKind", 'u-c' || c, 0, now()
           FROM generate_series(1, ${counts.communes}) c, generate_series(1, ${PROVINCE_SHAPE.branchesPerCommune}) b;`,
      ),
    );

    // Member i belongs to commune 1 + i % communes; every fourth sits in a branch of it. The first member of each
    // commune leads it; member 0 is the province's admin.
    await phase("members", () =>
      db.query(
        `INSERT INTO "Member" (id, "zaloId", name, role, status, "unitId", "approvedAt", "createdAt", "updatedAt")
         SELECT 'm' || i, '9' || lpad(i::text, 18, '0'),
                (ARRAY['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đỗ', 'Bùi'])[1 + i % 8] || ' Văn ' || i,
                CASE WHEN i = 0 THEN 'ORG_ADMIN' WHEN i < ${counts.communes} + 1 THEN 'UNIT_LEAD' ELSE 'MEMBER' END::"MemberRole",
                'ACTIVE', CASE WHEN i = 0 THEN 'u-province'
                               WHEN i % 4 = 3 AND i > ${counts.communes}
                                 THEN 'u-c' || (1 + i % ${counts.communes}) || '-b' || (1 + i % ${PROVINCE_SHAPE.branchesPerCommune})
                               ELSE 'u-c' || (1 + (i - 1 + ${counts.communes}) % ${counts.communes}) END,
                now() - interval '400 days', now() - interval '400 days', now()
           FROM generate_series(0, ${counts.members - 1}) i`,
      ),
    );

    await phase("residents", () =>
      db.query(
        `INSERT INTO "Resident" (id, "oaUserId", "displayName", "unitId", "followState", "lastInteractionAt",
                                 "createdAt", "updatedAt")
         SELECT 'r' || i, '7' || lpad(i::text, 18, '0'), 'Cư dân ' || i, 'u-c' || (1 + i % ${counts.communes}),
                CASE WHEN i % 20 = 0 THEN 'UNFOLLOWED' ELSE 'FOLLOWING' END::"FollowState",
                now() - (i % 365) * interval '1 day' - (i % 86400) * interval '1 second',
                now() - interval '365 days', now()
           FROM generate_series(1, ${counts.residents}) i`,
      ),
    );

    // Each log is written by member 1 + i % (members - 1), in that member's unit: a member table of
    // (position, id, unitId) is joined on the position.
    await phase("assistance logs", async () => {
      await db.query(
        `CREATE TEMP TABLE seed_members AS
           SELECT row_number() OVER (ORDER BY id) - 1 AS pos, id, "unitId" FROM "Member" WHERE role <> 'ORG_ADMIN';
         CREATE UNIQUE INDEX ON seed_members (pos); ANALYZE seed_members;`,
      );
      const memberCount = counts.members - 1;
      await db.query(
        `INSERT INTO "AssistanceLog" (id, "clientId", "memberId", "unitId", "happenedAt", services, people, minutes,
                                      hamlet, outcome, note, "createdAt", "updatedAt")
         SELECT 'al' || g.i, 'seed-' || g.i, m.id, m."unitId", g.at,
                string_to_array((ARRAY['VNEID', 'VNEID,CASHLESS', 'PUBLIC_SERVICES', 'CASHLESS', 'ONLINE_SAFETY',
                       'ECOMMERCE', 'CHIP_ID,VNEID'])[1 + g.i % 7], ',')::"ServiceCode"[],
                1 + g.i % 5, 10 + g.i % 50, 'Thôn ' || (1 + g.i % 12),
                (ARRAY['DONE', 'DONE', 'DONE', 'FOLLOW_UP', 'REFERRED'])[1 + g.i % 5]::"AssistOutcome",
                CASE WHEN g.i % 10 = 0 THEN 'Hướng dẫn tại nhà văn hóa thôn' END,
                g.at + interval '5 minutes', g.at + interval '5 minutes'
           FROM (SELECT i, now() - ((i::bigint * 7919) % 31536000) * interval '1 second' AS at
                   FROM generate_series(1, ${counts.assistanceLogs}) i) g
           JOIN seed_members m ON m.pos = g.i % ${memberCount}`,
      );
    });

    const steps = CHECKLISTS.flatMap((c) => c.steps.map((s) => [c.id, s.id] as const));
    await phase("step events", async () => {
      await db.query(
        `CREATE TEMP TABLE seed_steps AS
           SELECT (row_number() OVER () - 1)::int AS pos, c AS "checklistId", st AS "stepId"
             FROM unnest($1::text[], $2::text[]) AS u(c, st)`,
        [steps.map(([c]) => c), steps.map(([, s]) => s)],
      );
      await db.query(
        `INSERT INTO "ChecklistStepEvent" (id, "checklistId", "stepId", kind, at)
         SELECT 'se' || i, s."checklistId", s."stepId",
                (ARRAY['ENTERED', 'ENTERED', 'ENTERED', 'DONE', 'DONE', 'STUCK', 'HELP', 'COMPLETED'])[1 + i % 8]::"StepEventKind",
                now() - ((i::bigint * 104729) % 31536000) * interval '1 second'
           FROM generate_series(1, ${counts.stepEvents}) i
           JOIN seed_steps s ON s.pos = i % ${steps.length}`,
      );
    });

    const checklists = CHECKLISTS.map((c) => [c.id, c.version, c.steps[0]?.id ?? ""] as const);
    await phase("checklist progress", () =>
      db.query(
        `INSERT INTO "ChecklistProgress" (id, "residentId", "checklistId", "checklistVersion", "stepId", status,
                                          "startedAt", "updatedAt", "completedAt")
         SELECT 'cp' || i, 'r' || (1 + (i / ${checklists.length}) % ${counts.residents}), c.cid, c.ver, c.step,
                (ARRAY['IN_PROGRESS', 'IN_PROGRESS', 'DONE', 'ABANDONED'])[1 + i % 4]::"ProgressStatus",
                now() - (i % 365) * interval '1 day', now() - (i % 300) * interval '1 day',
                CASE WHEN i % 4 = 2 THEN now() - (i % 300) * interval '1 day' END
           FROM generate_series(0, ${counts.checklistProgress - 1}) i
           JOIN (SELECT row_number() OVER () - 1 AS pos, cid, ver, step
                   FROM unnest($1::text[], $2::int[], $3::text[]) AS u(cid, ver, step)) c
             ON c.pos = i % ${checklists.length}`,
        [checklists.map(([id]) => id), checklists.map(([, v]) => v), checklists.map(([, , s]) => s)],
      ),
    );

    await phase("indexes", async () => {
      for (const { indexdef } of indexes.rows) await db.query(indexdef);
    });
    // The load ran with triggers off (replica role): the dashboards' rollups are computed once from what it wrote.
    await phase("dashboard rollups", () => db.query(`SELECT xks_rebuild_dashboard_rollups()`));
    await phase("analyze", () => db.query(`ANALYZE`));
  } finally {
    await db.end();
  }
  seconds.total = (performance.now() - started) / 1000;
  log(`  ${"total".padEnd(20)} ${seconds.total.toFixed(1).padStart(6)} s`);
  const result: SeedResult = { database: name, url, scale: options.scale, counts, seconds };
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: { scale: { type: "string", default: "1" }, database: { type: "string", default: "xks_province" } },
  });
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 10)) throw new Error(`--scale must be a number in (0, 10], got ${values.scale}`);
  console.log(`Seeding ${values.database} at scale ${scale}`);
  const result = await seedProvince({ scale, database: values.database });
  console.log(JSON.stringify({ counts: result.counts, seconds: result.seconds, url: result.url }, null, 2));
}
