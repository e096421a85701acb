import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configSchema } from "../bot/src/config.ts";

// No Docker engine runs on development or CI machines: check what can be checked without one.
const compose = parse(readFileSync(resolve(import.meta.dirname, "../docker-compose.yml"), "utf8")) as {
  services: Record<string, { environment?: Record<string, string>; healthcheck?: unknown; command?: string[] }>;
};

describe("docker-compose.yml", () => {
  it("names every service the product needs, each with a health check", () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(["postgres", "redis", "server", "worker", "miniapp", "migrate"]),
    );
    for (const name of ["postgres", "redis", "server", "worker", "miniapp"]) {
      expect(compose.services[name]?.healthcheck, name).toBeTruthy();
    }
  });

  it("passes the server and the worker the same environment, matching the config schema", () => {
    const server = compose.services.server?.environment ?? {};
    const worker = compose.services.worker?.environment ?? {};
    expect(worker).toEqual(server);
    const known = Object.keys(configSchema.shape);
    for (const name of Object.keys(server)) expect(known, `${name} is not in the config schema`).toContain(name);
    const required = Object.entries(configSchema.shape)
      .filter(([, schema]) => !schema.safeParse(undefined).success)
      .map(([name]) => name);
    for (const name of required) expect(Object.keys(server), `${name} is required by the config`).toContain(name);
  });

  it("runs the production scripts", () => {
    expect(compose.services.server?.command).toEqual(["npm", "run", "start:server"]);
    expect(compose.services.worker?.command).toEqual(["npm", "run", "start:worker"]);
    expect(compose.services.migrate?.command).toEqual(["npm", "run", "db:migrate"]);
  });
});
