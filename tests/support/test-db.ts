import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateDeploy } from "../../prisma/scripts/prisma-cli.ts";
import { databaseUrl, TEMPLATE_DATABASE, TEST_ADMIN_DATABASE_URL } from "./test-env.ts";

/** Runs SQL on the admin database (CREATE/DROP DATABASE cannot run inside a transaction or a pool). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_ADMIN_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file, cloned from the template (about 100 ms).
 * Files never share rows, so they can run in parallel and assert exact counts.
 */
export async function createTestDatabase(label = "t"): Promise<TestDatabase> {
  const name = `xks_${label.replace(/\W/g, "_").slice(0, 20)}_${randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`);
  return {
    name,
    url: databaseUrl(name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** An empty database (no migrations), for testing the migration commands themselves. */
export async function createEmptyDatabase(label = "empty"): Promise<TestDatabase> {
  const name = `xks_${label}_${randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return { name, url: databaseUrl(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * Set by `bench/run.ts`: a database it migrated once for the whole run, which benches clone instead of migrating
 * their own (a migration takes 5 to 10 seconds here; a clone about 100 ms).
 */
export const BENCH_TEMPLATE_ENV = "XKS_BENCH_TEMPLATE";

/**
 * Creates `name` migrated to the latest schema: cloned from the run's template when `bench/run.ts` made one,
 * migrated from scratch otherwise (a bench or script run on its own).
 */
export async function createMigratedDatabaseNamed(name: string): Promise<void> {
  const template = process.env[BENCH_TEMPLATE_ENV];
  if (template) {
    await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    return;
  }
  await adminQuery(`CREATE DATABASE "${name}"`);
  migrateDeploy(databaseUrl(name));
}

/** A migrated database for scripts that run outside vitest (benchmarks), which have no test template. */
export async function createMigratedDatabase(label = "bench"): Promise<TestDatabase> {
  const name = `xks_${label.replace(/\W/g, "_").slice(0, 20)}_${randomBytes(4).toString("hex")}`;
  await createMigratedDatabaseNamed(name);
  return { name, url: databaseUrl(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
