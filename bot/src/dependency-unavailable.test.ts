import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../tests/reliability/support/fault-services.ts";
import { TEST_ADMIN_DATABASE_URL } from "../../tests/support/test-env.ts";
import { createPrisma } from "./db.ts";
import { isDependencyUnavailable } from "./dependency-unavailable.ts";

/** The errors are the real ones: each client pointed at a port where nothing listens, or at the real database. */
async function rejection(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of closers) await close().catch(() => undefined);
});

describe("isDependencyUnavailable", () => {
  it("recognises PostgreSQL away, through Prisma and through node-postgres", async () => {
    const url = `postgresql://postgres@127.0.0.1:${await freePort()}/nothing`;
    const prisma = createPrisma(url);
    closers.push(() => prisma.$disconnect());
    const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 1_000 });
    closers.push(() => pool.end());

    expect(isDependencyUnavailable(await rejection(() => prisma.unit.findMany()))).toBe(true);
    expect(isDependencyUnavailable(await rejection(() => pool.query("SELECT 1")))).toBe(true);
  });

  it("recognises Redis away once ioredis gives up a command", async () => {
    const redis = new Redis({ port: await freePort(), maxRetriesPerRequest: 0 });
    redis.on("error", () => undefined); // the refused connections themselves, reported on every retry
    closers.push(async () => redis.disconnect());
    const error = await rejection(() => redis.get("k"));
    expect((error as Error).name).toBe("MaxRetriesPerRequestError");
    expect(isDependencyUnavailable(error)).toBe(true);
  });

  it("does not excuse a bad statement or a constraint: those are the request's or the code's fault", async () => {
    const pool = new pg.Pool({ connectionString: TEST_ADMIN_DATABASE_URL });
    closers.push(() => pool.end());
    const syntax = await rejection(() => pool.query("SELEC 1"));
    expect(syntax).toBeInstanceOf(pg.DatabaseError);
    expect(isDependencyUnavailable(syntax)).toBe(false);
    expect(isDependencyUnavailable(new Error("Unique constraint failed"))).toBe(false);
    expect(isDependencyUnavailable(undefined)).toBe(false);
  });

  it("looks through causes, as wrappers nest the driver's error", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(isDependencyUnavailable(new Error("could not save", { cause: refused }))).toBe(true);
  });
});
