import { createFaultServices, FAULT_ENV, stopFaultServices } from "./fault-services.ts";

/**
 * Once per fault-suite run: start the suite's own PostgreSQL and Redis, point the test helpers at them
 * (TEST_DATABASE_URL, TEST_REDIS_URL, read by tests/support/test-env.ts), then build the migrated template
 * database with the ordinary global setup. Test files inherit the environment.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const services = await createFaultServices();
  process.env[FAULT_ENV.dir] = services.dir;
  process.env[FAULT_ENV.pgPort] = String(services.pgPort);
  process.env[FAULT_ENV.redisPort] = String(services.redisPort);
  process.env.TEST_DATABASE_URL = `postgresql://postgres@127.0.0.1:${services.pgPort}/postgres`;
  process.env.TEST_REDIS_URL = `redis://127.0.0.1:${services.redisPort}`;
  // Imported only now: test-env.ts reads TEST_DATABASE_URL when it is loaded.
  const { default: setupTemplate } = await import("../../support/global-setup.ts");
  let teardownTemplate: (() => Promise<void>) | undefined;
  try {
    teardownTemplate = await setupTemplate();
  } catch (error) {
    await stopFaultServices(services);
    throw error;
  }
  return async () => {
    await teardownTemplate?.().catch(() => undefined);
    await stopFaultServices(services);
  };
}
