import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { listRoutes } from "./support/list-routes.ts";

describe("listRoutes", () => {
  it("lists every method and full path of the route tree, shared prefixes included", async () => {
    const app = Fastify();
    for (const url of ["/api/me", "/api/members", "/api/members/:id/approve", "/api/content/:id"]) {
      app.get(url, async () => ({}));
    }
    app.post("/api/members/register", async () => ({}));
    app.delete("/api/content/:id", async () => ({}));
    await app.ready();
    expect(listRoutes(app)).toEqual([
      "DELETE /api/content/:id",
      "GET /api/content/:id",
      "GET /api/me",
      "GET /api/members",
      "GET /api/members/:id/approve",
      "POST /api/members/register",
    ]);
    await app.close();
  });
});
