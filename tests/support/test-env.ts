import { withDatabaseName } from "../../prisma/scripts/postgres-server.ts";

/**
 * Where the tests find PostgreSQL and Redis. CI and developers' machines run both locally; override with
 * TEST_DATABASE_URL (a database the tests may create databases from) and TEST_REDIS_URL.
 */
export const TEST_ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/**
 * Every test database is cloned from this one, migrated once per run by the global setup. Each run has its own
 * template (the global setup names it and passes the name down through the environment), so two runs on one
 * machine never rebuild each other's template.
 */
export const TEMPLATE_DATABASE = process.env.XKS_TEST_TEMPLATE ?? `xks_test_template_${process.pid}`;

export function databaseUrl(name: string): string {
  return withDatabaseName(TEST_ADMIN_DATABASE_URL, name);
}
