import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  createDatabase,
  DatabaseToolError,
  describeServer,
  dropDatabase,
  queryDatabase,
  withDatabaseName,
} from "./postgres-server.ts";
import {
  MIGRATIONS_DIR,
  migrateDeploy,
  PrismaCommandError,
  prismaPathsEnv,
  runPrisma,
  SCHEMA_PATH,
} from "./prisma-cli.ts";

export interface DriftOptions {
  /** Any database URL on the server to use: only its host, user and options matter. */
  serverUrl: string;
  schemaPath?: string;
  migrationsDir?: string;
}

export interface SchemaDrift {
  /** True when schema.prisma describes something the migrations do not create. */
  hasChanges: boolean;
  /** The SQL that would bring a migrated database to schema.prisma; empty when there are no changes. */
  sql: string;
}

/** `db pull` needs a schema file holding only where to connect; it writes the introspected models into it. */
const INTROSPECTION_SCHEMA = `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n`;

/**
 * What schema.prisma has that the migrations do not: the core of `db:check` and `db:migration`.
 *
 * Why this way: with the WebAssembly schema engine (see prisma.config.ts) Prisma cannot build a shadow
 * database, so `migrate diff --from-migrations` and `migrate dev` fail. Instead we replay the migrations for
 * real on a scratch database of the same server (`migrate deploy`, exactly what production runs), introspect
 * it (`db pull`) and diff that model against schema.prisma. The scratch database is always dropped.
 */
export async function diffMigrationsAgainstSchema({
  serverUrl,
  schemaPath = SCHEMA_PATH,
  migrationsDir = MIGRATIONS_DIR,
}: DriftOptions): Promise<SchemaDrift> {
  const paths = { schemaPath: resolve(schemaPath), migrationsDir: resolve(migrationsDir) };
  if (!existsSync(paths.schemaPath)) throw new DatabaseToolError(`Schema not found: ${paths.schemaPath}`);
  if (!existsSync(paths.migrationsDir))
    throw new DatabaseToolError(`Migrations folder not found: ${paths.migrationsDir}`);

  const scratchUrl = withDatabaseName(serverUrl, `xks_scratch_${Date.now()}_${randomBytes(3).toString("hex")}`);
  try {
    await createDatabase(scratchUrl);
  } catch (error) {
    if (error instanceof DatabaseToolError) throw error;
    throw new DatabaseToolError(
      `Cannot create a scratch database on ${describeServer(serverUrl)}: ${(error as Error).message}`,
    );
  }
  const workDir = mkdtempSync(join(tmpdir(), "xks-drift-"));
  let drift: SchemaDrift;
  try {
    drift = await replayAndDiff(scratchUrl, workDir, paths);
  } catch (error) {
    // Clean up, but report the first failure rather than a cleanup failure.
    rmSync(workDir, { recursive: true, force: true });
    await dropDatabase(scratchUrl).catch(() => undefined);
    throw error;
  }
  rmSync(workDir, { recursive: true, force: true });
  await dropDatabase(scratchUrl);
  return drift;
}

async function replayAndDiff(
  scratchUrl: string,
  workDir: string,
  paths: { schemaPath: string; migrationsDir: string },
): Promise<SchemaDrift> {
  // Every CLI call points prisma.config.ts at the scratch database and at the given schema and migrations.
  const env = { DATABASE_URL: scratchUrl, ...prismaPathsEnv(paths) };
  migrateDeploy(scratchUrl, paths);
  const from = await introspect(scratchUrl, workDir, env);
  const diff = runPrisma(
    ["migrate", "diff", ...from, "--to-schema-datamodel", paths.schemaPath, "--script", "--exit-code"],
    env,
  );
  // --exit-code: 0 = no difference, 2 = a difference, anything else = an error.
  if (diff.status !== 0 && diff.status !== 2) {
    throw new PrismaCommandError("migrate diff", `${diff.stdout}\n${diff.stderr}`);
  }
  return diff.status === 2 ? { hasChanges: true, sql: diff.stdout.trim() } : { hasChanges: false, sql: "" };
}

/** The `--from-…` arguments of `migrate diff` describing what the migrations built on the scratch database. */
async function introspect(scratchUrl: string, workDir: string, env: Record<string, string>): Promise<string[]> {
  // `db pull` refuses an empty database (P4001): with no migrations yet, the starting point is "empty".
  const tables = await queryDatabase<{ count: string }>(
    scratchUrl,
    "SELECT count(*) AS count FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
  );
  if (Number(tables[0]?.count ?? 0) === 0) return ["--from-empty"];

  const pulledSchema = join(workDir, "migrated.prisma");
  writeFileSync(pulledSchema, INTROSPECTION_SCHEMA);
  const pull = runPrisma(["db", "pull", "--schema", pulledSchema], env);
  if (pull.status !== 0) throw new PrismaCommandError("db pull", `${pull.stdout}\n${pull.stderr}`);
  return ["--from-schema-datamodel", pulledSchema];
}
