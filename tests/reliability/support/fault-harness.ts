import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, createWriteStream, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../../bot/src/app.ts";
import type { BroadcastDeps } from "../../../bot/src/broadcasts/broadcasts-service.ts";
import { type Config, loadConfig } from "../../../bot/src/config.ts";
import type { PrismaClient } from "../../../bot/src/db.ts";
import { withTimeout } from "../../../bot/src/with-timeout.ts";
import type { EmulatorOptions } from "../../../emulator/src/build-emulator.ts";
import type { Resident } from "../../../emulator/src/emulator-state.ts";
import { waitFor } from "../../support/broadcast-fixtures.ts";
import { testEnv } from "../../support/test-app.ts";
import { createTestDatabase, type TestDatabase } from "../../support/test-db.ts";
import { type RunningEmulator, startZaloEmulator } from "../../support/zalo-emulator.ts";
import { freePort } from "./fault-services.ts";

const WORKER_SCRIPT = fileURLToPath(new URL("./worker-process.ts", import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL("../../../test-results/", import.meta.url));
/** How long one tear-down step may take before it is reported and skipped: four steps within the 120 s hook timeout. */
const CLOSE_STEP_TIMEOUT_MS = 25_000;
export const ACCOUNTS_FILE = `${RESULTS_DIR}faults-accounts.jsonl`;

/**
 * Shortens the recover-* jobs tenfold (RECOVERY_TIME_SCALE, config), the only product timing the suite changes:
 * recover-inbox every 3 s, recover-outbound and recover-broadcasts every 6 s, outbound grace 12 s, a broadcast
 * send taken for dead after 6 s.
 */
export const RECOVERY_TIME_SCALE = "0.1";
/** Zalo's webhook retry ladder (30 s, 5 min, 15 min…) at 1/100: 0.3 s, 3 s, 9 s, 18 s, 36 s. */
const WEBHOOK_RETRY_SCALE = 0.01;

export interface Product {
  label: string;
  config: Config;
  env: Record<string, string>;
  app: FastifyInstance;
  prisma: PrismaClient;
  serverUrl: string;
  emu: RunningEmulator;
  db: TestDatabase;
  deps: BroadcastDeps;
  /** Starts a worker process (every queue, the recurring jobs) and resolves once it consumes. */
  spawnWorker(): Promise<ChildProcess>;
  /** SIGKILL, no goodbye: in-flight jobs, HTTP requests and transactions simply stop. */
  killWorker(child: ChildProcess): Promise<void>;
  /** SIGKILL for every worker this product started that still runs. */
  killAllWorkers(): Promise<void>;
  close(): Promise<void>;
}

export async function startProduct(
  label: string,
  options: { emulator?: EmulatorOptions; env?: Record<string, string> } = {},
): Promise<Product> {
  const db = await createTestDatabase(label);
  const serverPort = await freePort();
  const serverUrl = `http://127.0.0.1:${serverPort}`;
  const emu = await startZaloEmulator({
    rateLimitPerMinute: 1_000_000,
    retryScale: WEBHOOK_RETRY_SCALE,
    ...options.emulator,
    webhookUrl: `${serverUrl}/webhooks/zalo`,
  });
  const env = testEnv({
    DATABASE_URL: db.url,
    ...emu.env,
    QUIET_HOURS: "",
    ZALO_SEND_RATE_PER_MINUTE: "60000",
    RECOVERY_TIME_SCALE,
    LOG_LEVEL: process.env.XKS_FAULT_LOG_LEVEL ?? "warn",
    ...options.env,
  });
  const config = loadConfig(env);
  const app = await buildApp({ config, logger: false });
  await app.listen({ port: serverPort, host: "127.0.0.1" });
  const children: ChildProcess[] = [];
  mkdirSync(`${RESULTS_DIR}faults-logs`, { recursive: true });

  const spawnWorker = (): Promise<ChildProcess> => {
    const child = fork(WORKER_SCRIPT, [], {
      execArgv: ["--import", "tsx"],
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    // The worker's JSON logs, kept for a failed run's post-mortem.
    const log = createWriteStream(`${RESULTS_DIR}faults-logs/${label}-worker-${children.length + 1}.log`);
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    children.push(child);
    return new Promise((resolve, reject) => {
      child.once("message", () => resolve(child));
      child.once("exit", (code) => reject(new Error(`worker exited before it was ready (${code})`)));
    });
  };
  const killWorker = async (child: ChildProcess): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  };

  return {
    label,
    config,
    env,
    app,
    prisma: app.prisma,
    serverUrl,
    emu,
    db,
    deps: { prisma: app.prisma, queues: app.queues, now: () => new Date() },
    spawnWorker,
    killWorker,
    killAllWorkers: async () => {
      for (const child of children) await killWorker(child);
    },
    close: async () => {
      // Tear-down runs after the scenario's assertions. A step that hangs is reported by name and skipped, so a
      // slow shutdown on a loaded machine shows up in the output instead of failing a scenario that passed.
      const step = async (what: string, work: () => Promise<unknown>) => {
        const started = Date.now();
        await withTimeout(work(), CLOSE_STEP_TIMEOUT_MS, what).catch((error: Error) =>
          console.warn(`[fault close] ${label}: ${error.message} (after ${Date.now() - started} ms)`),
        );
      };
      await step("killing the workers", async () => {
        for (const child of children) await killWorker(child);
      });
      await step("closing the server", async () => {
        // Keep-alive connections from the emulator's redeliveries that were mid-request when closing began stay
        // open until their keep-alive timeout: give them a moment, then cut them (the scenario is over).
        const closed = app.close();
        const quick = await Promise.race([closed.then(() => true), sleep(3_000).then(() => false)]);
        if (!quick) {
          const open = await new Promise<number>((resolve) => app.server.getConnections((_, n) => resolve(n)));
          console.warn(`[fault close] ${label}: ${open} connection(s) still open 3 s into closing; cutting them`);
          app.server.closeAllConnections();
        }
        await closed;
      });
      await step("closing the emulator", () => emu.close());
      await step("dropping the database", () => db.drop());
    },
  };
}

/**
 * A commune of its own for one scenario, under a fresh code: a retried scenario (CI retries once) meets the first
 * try's rows in the same database, so its units, residents and audiences must not be the first try's.
 */
export async function createCommune(p: Product, name: string): Promise<{ id: string; code: string }> {
  const code = `XA_${randomBytes(4).toString("hex").toUpperCase()}`;
  return p.prisma.unit.create({ data: { code, name, kind: "COMMUNE" }, select: { id: true, code: true } });
}

/** Residents who follow the OA at the emulator and can be answered (their 7-day window is open). */
export function createResidents(p: Product, count: number): Resident[] {
  return Array.from({ length: count }, (_, i) => p.emu.reachableResident(`Cư dân ${p.label} ${i + 1}`));
}

/** Texts a resident may type; each is one event, and each event gets one reply row. */
export const RESIDENT_TEXTS = ["xin chào", "menu", "cài vneid", "thanh toán không tiền mặt", "cảm ơn"] as const;

/**
 * Residents write to the OA at a steady pace (each text a signed webhook event posted by the emulator, with Zalo's
 * retries); resolves once every first attempt has had its answer.
 */
export async function sendTraffic(
  p: Product,
  residents: readonly Resident[],
  perResident: number,
  spacingMs: number,
  onProgress?: (sent: number) => void | Promise<void>,
): Promise<void> {
  const pending: Promise<unknown>[] = [];
  let sent = 0;
  for (let round = 0; round < perResident; round++) {
    for (const resident of residents) {
      const text = RESIDENT_TEXTS[(round + sent) % RESIDENT_TEXTS.length] ?? "menu";
      pending.push(p.emu.emulator.residents.sendText(resident, text));
      sent += 1;
      await onProgress?.(sent);
      await sleep(spacingMs);
    }
  }
  await Promise.all(pending);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What happened to the residents' conversation, counted at each end. */
export interface ConversationAccount {
  /** Distinct events the emulator (Zalo) posted. */
  eventsPosted: number;
  /** Webhook attempts answered non-2xx or not at all, which Zalo redelivers. */
  refusedAttempts: number;
  /**
   * Of those, the ones answered with an HTTP error. The others got no answer within Zalo's 2 s (on a loaded
   * 2-core CI machine the webhook can be slower than that); Zalo redelivers them and the product recognises them.
   */
  refusedWithHttpError: number;
  /** Why they were refused: `HTTP 500`, `no answer within 2000 ms`… */
  refusals: string[];
  /** Events Zalo still has to redeliver (its ladder not yet through). */
  eventsUndelivered: number;
  /** `oa_send_*` echoes of the OA's own messages: posted, still to redeliver, stored (as ignored). */
  echoesPosted: number;
  echoesUndelivered: number;
  echoesStored: number;
  stored: number;
  processed: number;
  replyRows: number;
  repliesSent: number;
  /** Zalo messages the product recorded as sent (a reply row may be several messages). */
  messagesRecorded: number;
  /** Messages the emulator accepted for these residents. */
  messagesAtZalo: number;
  /** messagesAtZalo − messagesRecorded: sends on the wire at a kill, delivered but never recorded. */
  repeats: number;
}

export async function accountConversation(p: Product, residents: readonly Resident[]): Promise<ConversationAccount> {
  const ids = new Set(residents.map((r) => r.userId));
  // Zalo also posts an `oa_send_*` echo of every OA message: stored and ignored, counted apart.
  const all = p.emu.emulator.deliverer.list().filter((r) => ids.has(r.userId));
  const records = all.filter((r) => r.eventName.startsWith("user_"));
  const echoes = all.filter((r) => r.eventName.startsWith("oa_"));
  const oaUserId = { in: [...ids] };
  const fromUser = { oaUserId, eventName: { startsWith: "user_" } };
  const [stored, processed, echoesStored, rows] = await Promise.all([
    p.prisma.inboundEvent.count({ where: fromUser }),
    p.prisma.inboundEvent.count({ where: { ...fromUser, status: "PROCESSED" } }),
    p.prisma.inboundEvent.count({ where: { oaUserId, eventName: { startsWith: "oa_" } } }),
    p.prisma.outboundMessage.findMany({
      where: { oaUserId, kind: "REPLY" },
      select: { status: true, zaloMessageId: true },
    }),
  ]);
  const messagesRecorded = rows.reduce((n, r) => n + (r.zaloMessageId ? r.zaloMessageId.split(",").length : 0), 0);
  const messagesAtZalo = p.emu.emulator.state.sent.filter((s) => ids.has(s.userId)).length;
  return {
    eventsPosted: records.length,
    refusedAttempts: records.reduce((n, r) => n + r.attempts.filter((a) => !a.ok).length, 0),
    refusedWithHttpError: records.reduce((n, r) => n + r.attempts.filter((a) => !a.ok && a.status).length, 0),
    refusals: [
      ...new Set(records.flatMap((r) => r.attempts.filter((a) => !a.ok).map((a) => a.error ?? `HTTP ${a.status}`))),
    ],
    eventsUndelivered: records.filter((r) => r.state !== "delivered").length,
    echoesPosted: echoes.length,
    echoesUndelivered: echoes.filter((r) => r.state !== "delivered").length,
    echoesStored,
    stored,
    processed,
    replyRows: rows.length,
    repliesSent: rows.filter((r) => r.status === "SENT").length,
    messagesRecorded,
    messagesAtZalo,
    repeats: messagesAtZalo - messagesRecorded,
  };
}

/** Waits until every posted event was stored, processed and answered, and every answer reached Zalo. */
export async function waitForConversationSettled(
  p: Product,
  residents: readonly Resident[],
  expectedEvents: number,
  timeoutMs: number,
): Promise<ConversationAccount> {
  let last: ConversationAccount | undefined;
  await waitFor(
    async () => {
      // The test's own queries fail too while PostgreSQL is down: that is "not yet".
      const now = await accountConversation(p, residents).catch(() => undefined);
      if (!now) return false;
      last = now;
      return (
        last.eventsPosted === expectedEvents &&
        last.eventsUndelivered === 0 &&
        last.echoesUndelivered === 0 &&
        last.echoesPosted === last.messagesAtZalo &&
        last.processed === expectedEvents &&
        last.repliesSent === last.replyRows &&
        last.replyRows === expectedEvents
      );
    },
    timeoutMs,
    "the conversation to settle",
  ).catch((error: Error) => {
    throw new Error(`${error.message}: ${JSON.stringify(last)}`);
  });
  return last as ConversationAccount;
}

/** `/ready` as a load balancer sees it. */
export async function readiness(p: Product): Promise<{ status: number; failing: string[] }> {
  const res = await fetch(`${p.serverUrl}/ready`, { signal: AbortSignal.timeout(5_000) });
  const body = (await res.json()) as { failing?: string[] };
  return { status: res.status, failing: body.failing ?? [] };
}

/** One line per scenario in test-results/faults-accounts.jsonl and in the output: the figures of the README's table. */
export function recordAccount(scenario: string, figures: Record<string, unknown>): void {
  const line = JSON.stringify({ scenario, at: new Date().toISOString(), ...figures });
  mkdirSync(RESULTS_DIR, { recursive: true });
  appendFileSync(ACCOUNTS_FILE, `${line}\n`);
  console.log(`[fault account] ${line}`);
}
