// `npm run dev`: the whole product on one machine, on embedded defaults, for a person trying it.
// Finds or starts PostgreSQL and Redis, migrates and seeds, then runs server, worker, Zalo emulator and
// mini-app, prints where to click, and stops everything it started on Ctrl-C.
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { WORKER_NODE_FLAGS } from "../bot/src/worker-node-flags.ts";
import { ensureDatabase } from "../prisma/scripts/postgres-server.ts";
import { migrateDeploy } from "../prisma/scripts/prisma-cli.ts";
import { devEnv } from "./dev-env.ts";
import {
  postgresAnswers,
  redisAnswers,
  type StartedService,
  startEmbeddedPostgres,
  startLocalRedis,
} from "./dev-services.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SERVER_PORT = Number(process.env.PORT ?? 3000);
const MINIAPP_PORT = Number(process.env.MINIAPP_PORT ?? 5173);
const EMULATOR_PORT = Number(process.env.EMULATOR_PORT ?? 3100);
const EMULATOR = `http://127.0.0.1:${EMULATOR_PORT}`;
const SERVER = `http://127.0.0.1:${SERVER_PORT}`;
const MINIAPP = `http://127.0.0.1:${MINIAPP_PORT}`;
const DEV_ENV = devEnv({ serverPort: SERVER_PORT, miniappPort: MINIAPP_PORT, emulatorPort: EMULATOR_PORT });

const started: StartedService[] = [];
const children: ChildProcess[] = [];

async function main(): Promise<void> {
  const env: Record<string, string> = { ...DEV_ENV, ...definedEnv() };
  env.DATABASE_URL = await findPostgres(env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/xks");
  env.REDIS_URL = await findRedis(env.REDIS_URL ?? "redis://127.0.0.1:6379");

  await ensureDatabase(env.DATABASE_URL);
  say("applying migrations…");
  migrateDeploy(env.DATABASE_URL);
  await run("seed", ["tsx", "prisma/scripts/seed.ts"], env);
  await forgetOaTokens(env.DATABASE_URL);

  launch("emulator", ["tsx", "emulator/src/main.ts"], env);
  launch("server", ["tsx", "bot/src/server.ts"], env);
  launch("worker", ["tsx", ...WORKER_NODE_FLAGS, "bot/src/worker.ts"], env);
  // vite itself, not through `npm run`: npm does not pass Ctrl-C on to it.
  // Inside miniapp/: zmp-vite-plugin reads ./app-config.json from the working directory.
  launch("miniapp", ["vite", "--port", String(MINIAPP_PORT), "--strictPort", "--host", "127.0.0.1"], env, "miniapp");

  await waitFor(`${SERVER}/health`);
  await waitFor(`${EMULATOR}/chat`);
  say(
    [
      "",
      "Xung Kích Số is running:",
      `  Chat page (play a resident):  ${EMULATOR}/chat`,
      `  Mini-app (members, admins):   ${MINIAPP}`,
      `  API docs:                     ${SERVER}/docs`,
      `  Queue dashboard (admins):     ${SERVER}/admin/queues`,
      "  Demo admin: sign in as “Lê Thị Quản Trị” on the mini-app's sign-in page.",
      "Press Ctrl-C to stop everything.",
      "",
    ].join("\n"),
  );
}

/**
 * The emulator starts every run with the dev token pair, while the database may still hold a pair refreshed in an
 * earlier run (refresh tokens are single-use): forget it so the server starts again from ZALO_OA_* in DEV_ENV.
 */
async function forgetOaTokens(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('DELETE FROM "OaToken"');
  } finally {
    await client.end();
  }
}

function definedEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
}

async function findPostgres(url: string): Promise<string> {
  if (await postgresAnswers(url)) return url;
  say(`no PostgreSQL answers at ${new URL(url).host}; starting an embedded one (data in .data/postgres)…`);
  const embedded = await startEmbeddedPostgres(ROOT);
  started.push(embedded);
  return embedded.url;
}

async function findRedis(url: string): Promise<string> {
  if (await redisAnswers(url)) return url;
  const local = await startLocalRedis();
  if (!local) {
    say(
      `No Redis answers at ${new URL(url).host} and redis-server is not installed: run \`apt-get install redis-server\` (or \`docker compose up -d redis\`) and try again.`,
    );
    await stopAll(1);
  }
  say(`no Redis answered at ${new URL(url).host}; started redis-server at ${local?.url} (keeps nothing on disk)`);
  if (local) started.push(local);
  return local?.url ?? url;
}

function launch(name: string, command: string[], env: Record<string, string>, dir = "."): void {
  const [bin, ...args] = command as [string, ...string[]];
  const child = spawn(resolveBin(bin), args, { cwd: resolve(ROOT, dir), env, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = `[${name}]`.padEnd(11);
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = "";
    stream?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) process.stdout.write(`${prefix} ${line}\n`);
    });
  }
  child.on("exit", (code, signal) => {
    if (!shuttingDown) {
      say(`${name} stopped (${signal ?? `exit ${code}`}); stopping everything.`);
      void stopAll(1);
    }
  });
  children.push(child);
}

function run(name: string, command: string[], env: Record<string, string>): Promise<void> {
  const [bin, ...args] = command as [string, ...string[]];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(resolveBin(bin), args, { cwd: ROOT, env, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolvePromise() : reject(new Error(`${name} failed (exit ${code})`))));
  });
}

function resolveBin(bin: string): string {
  return bin === "npm" ? "npm" : resolve(ROOT, "node_modules/.bin", bin);
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

let shuttingDown = false;
async function stopAll(code: number): Promise<never> {
  shuttingDown = true;
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((r) => {
          if (child.exitCode !== null || child.signalCode !== null) return r();
          const timer = setTimeout(() => {
            child.kill("SIGKILL");
            r();
          }, 10_000);
          child.on("exit", () => {
            clearTimeout(timer);
            r();
          });
        }),
    ),
  );
  for (const service of started.reverse()) await service.stop().catch(() => undefined);
  process.exit(code);
}

function say(message: string): void {
  process.stdout.write(`[dev]       ${message}\n`);
}

process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));
main().catch((error: Error) => {
  say(`could not start: ${error.message}`);
  void stopAll(1);
});
