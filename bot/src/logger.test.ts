import { Writable } from "node:stream";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { loggerOptions, redactUrlSecrets } from "./logger.ts";

describe("redactUrlSecrets", () => {
  it("hides one-time secrets in the query and keeps the rest", () => {
    expect(redactUrlSecrets("/oauth/zalo/callback?code=abc123&state=xyz&oa_id=42")).toBe(
      "/oauth/zalo/callback?code=%5Bredacted%5D&state=%5Bredacted%5D&oa_id=42",
    );
    expect(redactUrlSecrets("/admin/queues/enter?ticket=t0k3n")).toBe("/admin/queues/enter?ticket=%5Bredacted%5D");
    expect(redactUrlSecrets("/api/content?q=vneid")).toBe("/api/content?q=vneid");
    expect(redactUrlSecrets("/health")).toBe("/health");
  });
});

describe("request logs", () => {
  it("carry neither the bearer token, the webhook signature nor a one-time code", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = Fastify({ logger: { ...loggerOptions({ LOG_LEVEL: "info" }), stream } });
    app.get("/oauth/zalo/callback", async () => ({ ok: true }));
    await app.inject({
      url: "/oauth/zalo/callback?code=SECRET-CODE&state=SECRET-STATE",
      headers: { authorization: "Bearer SECRET-BEARER", "x-zevent-signature": "mac=SECRET-MAC" },
    });
    await app.close();
    const log = lines.join("");
    expect(log).toContain("/oauth/zalo/callback");
    for (const secret of ["SECRET-CODE", "SECRET-STATE", "SECRET-BEARER", "SECRET-MAC"])
      expect(log).not.toContain(secret);
  });
});
