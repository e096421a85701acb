import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, ROOT_DIR, SCHEMA_PATH } from "../prisma/scripts/prisma-cli.ts";
import { adminQuery } from "./support/test-db.ts";
import { databaseUrl, TEST_ADMIN_DATABASE_URL } from "./support/test-env.ts";

// The db:* commands as a developer and CI run them: child processes, on copies of the schema and migrations
// in a temporary folder (never the repository's), each with its own scratch database on the test server.
// Every Prisma command takes seconds, so the cases run concurrently.

// Generous: each case spawns Prisma (WASM) several times, about 20 s alone and over 90 s on a loaded 2-core machine.
const SCRIPT_TIMEOUT_MS = 240_000;
const workDir = mkdtempSync(join(tmpdir(), "xks-db-migrations-"));
const createdDatabases: string[] = [];

afterAll(async () => {
  for (const name of createdDatabases) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  rmSync(workDir, { recursive: true, force: true });
});

interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runScript(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<ScriptResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      resolve(ROOT_DIR, "node_modules/.bin/tsx"),
      [resolve(ROOT_DIR, "prisma/scripts", script), ...args],
      {
        cwd: ROOT_DIR,
        env: { ...process.env, DATABASE_URL: TEST_ADMIN_DATABASE_URL, ...env },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** A copy of the repository's schema and migrations; `drift` edits the copied schema. */
function copyProject(label: string, drift?: (schema: string) => string): { schemaPath: string; migrationsDir: string } {
  const dir = join(workDir, label);
  const migrationsDir = join(dir, "migrations");
  cpSync(MIGRATIONS_DIR, migrationsDir, { recursive: true });
  const schemaPath = join(dir, "schema.prisma");
  const schema = readFileSync(SCHEMA_PATH, "utf8");
  writeFileSync(schemaPath, drift ? drift(schema) : schema);
  return { schemaPath, migrationsDir };
}

/** An extra column on Unit and an extra model: what a developer forgets to write a migration for. */
function addNicknameAndProbe(schema: string): string {
  const drifted = schema.replace(/(model Unit \{\n)/, "$1  nickname String?\n");
  expect(drifted).not.toBe(schema);
  return `${drifted}\nmodel DriftProbe {\n  id    Int    @id\n  label String\n}\n`;
}

function modelNames(schema: string): string[] {
  return [...schema.matchAll(/^model (\w+) \{/gm)].map((match) => match[1] ?? "");
}

describe.concurrent("db:* commands", () => {
  it(
    "db:migrate creates a missing database and applies the migrations: one table per model",
    async () => {
      const name = `xks_migrate_${randomBytes(4).toString("hex")}`;
      createdDatabases.push(name);
      const result = await runScript("migrate.ts", [], { DATABASE_URL: databaseUrl(name) });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`created database "${name}"`);

      const client = new pg.Client({ connectionString: databaseUrl(name) });
      await client.connect();
      try {
        const tables = await client.query<{ tablename: string }>(
          "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
        );
        const expected = [...modelNames(readFileSync(SCHEMA_PATH, "utf8")), "_prisma_migrations"].sort();
        expect(tables.rows.map((row) => row.tablename).sort()).toEqual(expected);
      } finally {
        await client.end();
      }

      // Running it again is harmless: nothing pending.
      const again = await runScript("migrate.ts", [], { DATABASE_URL: databaseUrl(name) });
      expect(again.code).toBe(0);
      expect(again.stdout).not.toContain("created database");
    },
    SCRIPT_TIMEOUT_MS,
  );

  it(
    "db:check passes on the repository's schema and migrations",
    async () => {
      const result = await runScript("check.ts");
      expect(result.stderr).toBe("");
      expect(result.stdout).toContain("ok:");
      expect(result.code).toBe(0);
    },
    SCRIPT_TIMEOUT_MS,
  );

  it(
    "db:check fails on a drifted schema and prints the missing SQL",
    async () => {
      const { schemaPath } = copyProject("check-drift", addNicknameAndProbe);
      const result = await runScript("check.ts", ["--schema", schemaPath]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("disagree");
      expect(result.stdout).toMatch(/ALTER TABLE "Unit" ADD COLUMN\s+"nickname" TEXT/);
      expect(result.stdout).toContain('CREATE TABLE "DriftProbe"');
    },
    SCRIPT_TIMEOUT_MS,
  );

  it(
    "db:migration writes the missing SQL as a new migration, after which db:check passes",
    async () => {
      const { schemaPath, migrationsDir } = copyProject("new-migration", addNicknameAndProbe);
      const before = readdirSync(migrationsDir);
      const paths = ["--schema", schemaPath, "--migrations", migrationsDir];
      const result = await runScript("new-migration.ts", ["Thêm biệt danh đơn vị", ...paths]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);

      const added = readdirSync(migrationsDir).filter((entry) => !before.includes(entry));
      expect(added).toHaveLength(1);
      expect(added[0]).toMatch(/^\d{14}_them_biet_danh_don_vi$/);
      const sql = readFileSync(join(migrationsDir, added[0] ?? "", "migration.sql"), "utf8");
      expect(sql).toMatch(/ALTER TABLE "Unit" ADD COLUMN\s+"nickname" TEXT/);
      expect(sql).toContain('CREATE TABLE "DriftProbe"');

      const check = await runScript("check.ts", paths);
      expect(check.code).toBe(0);
    },
    2 * SCRIPT_TIMEOUT_MS,
  );

  it(
    "db:migration says 'no changes' and writes nothing when the schema matches (paths from the environment)",
    async () => {
      const { schemaPath, migrationsDir } = copyProject("no-changes");
      const before = readdirSync(migrationsDir).sort();
      // Paths from the environment this time, as prisma.config.ts reads them.
      const result = await runScript("new-migration.ts", ["nothing"], {
        XKS_PRISMA_SCHEMA: schemaPath,
        XKS_PRISMA_MIGRATIONS_DIR: migrationsDir,
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("no changes");
      expect(readdirSync(migrationsDir).sort()).toEqual(before);
    },
    SCRIPT_TIMEOUT_MS,
  );

  it("db:migration refuses to run without a name", async () => {
    const result = await runScript("new-migration.ts");
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("the commands fail with one clear line when PostgreSQL cannot be reached", async () => {
    const result = await runScript("check.ts", [], { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/xks" });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^error: Cannot connect to PostgreSQL at 127\.0\.0\.1:1: .*ECONNREFUSED/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});
