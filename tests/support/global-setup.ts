import { Redis } from "ioredis";
import { migrateDeploy } from "../../prisma/scripts/prisma-cli.ts";
import { adminQuery } from "./test-db.ts";
import { databaseUrl, TEMPLATE_DATABASE, TEST_REDIS_URL } from "./test-env.ts";

/**
 * Once per test run: check that PostgreSQL and Redis answer (a clear message beats 200 timeouts),
 * and build the migrated template database that every test file clones.
 */
export default async function setup(): Promise<() => Promise<void>> {
  try {
    await adminQuery("SELECT 1");
  } catch (error) {
    throw new Error(`Tests need PostgreSQL (TEST_DATABASE_URL): ${(error as Error).message}`);
  }
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Tests need Redis (TEST_REDIS_URL): ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
  // Test workers start after this and inherit the environment: they clone this run's template.
  process.env.XKS_TEST_TEMPLATE = TEMPLATE_DATABASE;
  await adminQuery(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  migrateDeploy(databaseUrl(TEMPLATE_DATABASE));
  return async () => {
    await adminQuery(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
  };
}
