import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/test-app.ts";

describe("health and readiness", () => {
  let healthy: TestApp;
  let noRedis: TestApp;
  beforeAll(async () => {
    healthy = await createTestApp();
    // Port 1 on loopback: nothing listens there, so Redis is unreachable.
    noRedis = await createTestApp({ REDIS_URL: "redis://127.0.0.1:1" });
  });
  afterAll(async () => {
    await healthy.close();
    await noRedis.close();
  });

  it("reports ready when PostgreSQL and Redis answer", async () => {
    const response = await healthy.app.inject("/ready");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ready", failing: [], warnings: [] });
    expect(response.headers["x-request-id"]).toBeTruthy();
  });

  it("turns 503 naming redis when Redis is unreachable, while /health stays up", async () => {
    const response = await noRedis.app.inject("/ready");
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: "unavailable", failing: ["redis"] });
    expect((await noRedis.app.inject("/health")).statusCode).toBe(200);
  });

  it("serves the OpenAPI documentation and JSON errors for unknown routes", async () => {
    const docs = await healthy.app.inject("/docs/json");
    expect(docs.statusCode).toBe(200);
    expect(docs.json().paths).toHaveProperty("/webhooks/zalo");
    const missing = await healthy.app.inject("/nope");
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: "NOT_FOUND" });
  });

  it("starts when PostgreSQL is unreachable, and says so on /ready", async () => {
    // Port 1 on loopback: Prisma's start-up warm-up (warmUpPrisma) fails at once; the start must not fail or hang on it.
    const noDatabase = await createTestApp({ DATABASE_URL: "postgresql://postgres@127.0.0.1:1/xks" });
    try {
      expect((await noDatabase.app.inject("/health")).statusCode).toBe(200);
      const ready = await noDatabase.app.inject("/ready");
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ failing: expect.arrayContaining(["postgres"]) });
    } finally {
      await noDatabase.app.close();
      await noDatabase.db.drop();
    }
  });
});
