import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configSchema } from "../bot/src/config.ts";
import { WORKER_NODE_FLAGS } from "../bot/src/worker-node-flags.ts";

// No Docker engine runs on development or CI machines: check what can be checked without one.
const ROOT = resolve(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const compose = parse(read("docker-compose.yml")) as {
  services: Record<
    string,
    { environment?: Record<string, string>; healthcheck?: { test?: string[]; disable?: boolean }; command?: string[] }
  >;
};
const dockerfile = read("Dockerfile");
const packageJson = (path: string) =>
  JSON.parse(read(path)) as {
    scripts?: Record<string, string>;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };

/** The stages of the Dockerfile, by name, with their instructions. */
function dockerStages(): Map<string, string[]> {
  const stages = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of dockerfile.replace(/\\\n/g, " ").split("\n")) {
    const from = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(line);
    if (from?.[1]) {
      current = [];
      stages.set(from[1], current);
    } else if (/^[A-Z]+\s/.test(line)) current.push(line.trim());
  }
  return stages;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

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

  it("runs the worker with its heap limit (worker-node-flags.ts), which keeps its memory flat at any audience", () => {
    expect(packageJson("package.json").scripts?.["start:worker"]).toBe(
      `tsx ${WORKER_NODE_FLAGS.join(" ")} bot/src/worker.ts`,
    );
  });

  it("checks that the worker really works: its heartbeat, read by check-worker-health", () => {
    expect(compose.services.worker?.healthcheck?.test).toEqual(["CMD", "npm", "run", "--silent", "check:worker"]);
    expect(packageJson("package.json").scripts?.["check:worker"]).toBe("tsx bot/src/check-worker-health.ts");
    expect(read("bot/src/worker.ts")).toContain("startWorkerHeartbeat(");
    expect(compose.services.migrate?.healthcheck?.disable).toBe(true);
  });
});

describe("Dockerfile and .dockerignore", () => {
  it("keep secrets, local data, git history and dev files out of the build context", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
    for (const entry of [".env", ".data", ".git", "**/node_modules", "test-results", "www", "bot/src/generated"]) {
      expect(ignored, entry).toContain(entry);
    }
  });

  it("builds a production image with production dependencies only, a non-root user and a health check", () => {
    const app = dockerStages().get("app") ?? [];
    expect(app.length).toBeGreaterThan(0);
    const install = app.filter((l) => /^RUN npm ci\b/.test(l));
    expect(install).toHaveLength(1);
    expect(install[0]).toContain("--omit=dev");
    expect(install[0]).not.toContain("--include=dev");
    // Only the workspaces the server, worker and migrations run.
    expect(install[0]).toContain("--workspace bot --workspace shared");
    expect(install[0]).not.toMatch(/--workspace (miniapp|emulator)/);
    // No `COPY . .`: only what the processes run enters the image.
    expect(app.filter((l) => /^COPY \. /.test(l))).toEqual([]);
    // (Their package.json files only, which npm needs to read the workspaces' lockfile entries.)
    const copied = app.filter((l) => /^COPY (miniapp|emulator|tests|bench|scripts)\b/.test(l));
    expect(copied.filter((l) => !/^COPY (miniapp|emulator)\/package\.json \w+\/$/.test(l))).toEqual([]);
    expect(app).toContain("USER node");
    expect(app.some((l) => l.startsWith("HEALTHCHECK") && l.includes("/ready"))).toBe(true);
    expect(app.at(-1)).toBe('CMD ["npm", "run", "start:server"]');
    for (const service of ["server", "worker", "migrate"]) {
      expect((compose.services[service] as { build?: { target?: string } }).build?.target).toBe("app");
    }
  });

  it("has every package the server, worker and migrations import (and tsx, which runs them) as a production dependency", () => {
    const root = packageJson("package.json");
    const production = new Set([
      ...Object.keys(root.dependencies ?? {}),
      ...Object.keys(packageJson("bot/package.json").dependencies ?? {}),
      ...Object.keys(packageJson("shared/package.json").dependencies ?? {}),
      "@xks/shared",
    ]);
    for (const script of ["start:server", "start:worker", "check:worker", "db:migrate", "db:generate"]) {
      expect(root.scripts?.[script], script).toMatch(/^tsx /);
    }
    expect(production).toContain("tsx");
    const builtins = new Set(builtinModules);
    const files = [
      ...sourceFiles("bot/src"),
      ...sourceFiles("shared/src"),
      ...sourceFiles("prisma/scripts"),
      "prisma.config.ts",
    ];
    const missing = new Set<string>();
    for (const file of files) {
      for (const [, specifier] of read(file).matchAll(/^(?:import|export)\s[^;]*?from\s+"([^".][^"]*)"/gm)) {
        if (!specifier || specifier.startsWith("node:") || builtins.has(specifier)) continue;
        const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
        if (name && !production.has(name)) missing.add(`${name} (${file})`);
      }
    }
    expect([...missing]).toEqual([]);
  });
});
