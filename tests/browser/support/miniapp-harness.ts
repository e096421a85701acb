import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import type { QueueName } from "../../../bot/src/queues/queues.ts";
import { startWorkers, type WorkerRuntime } from "../../../bot/src/worker-runtime.ts";
import { buildEmulator, type Emulator } from "../../../emulator/src/build-emulator.ts";
import { seedDemoData } from "../../../prisma/scripts/seed-demo-data.ts";
import { createTestApp, TEST_ZALO, type TestApp } from "../../support/test-app.ts";
import { buildMiniApp, REPO_ROOT } from "./build-miniapp.ts";
import { type StaticServer, serveStatic } from "./static-server.ts";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Quiet, isolated Chromium: without the networking flags it floods the closed network with refused connections. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
export const SCREENSHOT_DIR = resolve(REPO_ROOT, "test-results/screenshots");
/** A mid-range Android phone. */
const PHONE_VIEWPORT = { width: 390, height: 844 };

export interface PhoneOptions {
  timezoneId?: string;
}

export interface MiniAppHarness {
  /** Where the built mini-app is served. */
  miniAppUrl: string;
  apiUrl: string;
  emulatorUrl: string;
  server: TestApp;
  /** The inbound (conversation), outbound (send to Zalo) and broadcast (fan-out) workers, as in production. */
  workers: WorkerRuntime;
  emulator: Emulator;
  browser: Browser;
  /** A fresh phone (own storage) signed in as `zaloId` through a token from the emulator. */
  /** `timezoneId`: the phone's own zone (Vietnam unless a test says otherwise: times must not depend on it). */
  openAs(zaloId: string, path?: string, phone?: PhoneOptions): Promise<{ context: BrowserContext; page: Page }>;
  newPhone(phone?: PhoneOptions): Promise<{ context: BrowserContext; page: Page }>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export interface MiniAppHarnessOptions {
  /** Server configuration on top of the test defaults, e.g. `{ QUIET_HOURS: "" }` to send at any hour. */
  env?: Record<string, string>;
  /** The queues the workers consume; inbound, outbound and broadcast by default. */
  queues?: QueueName[];
}

/**
 * Everything a browser journey needs, in-process: the real server (`buildApp` on its own test database, seeded
 * with the demo data) listening on a random port, its inbound, outbound and broadcast workers, the Zalo emulator delivering
 * residents' messages to the server's webhook, the mini-app built for those URLs and served statically, and
 * headless Chromium.
 */
export async function startMiniAppHarness(options: MiniAppHarnessOptions = {}): Promise<MiniAppHarness> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  };
  try {
    const outDir = mkdtempSync(join(tmpdir(), "xks-miniapp-"));
    cleanups.push(() => rmSync(outDir, { recursive: true, force: true }));
    const statics: StaticServer = await serveStatic(outDir);
    cleanups.push(() => statics.close());

    // Each side needs the other's address: the server calls the emulator's Zalo APIs, the emulator posts
    // webhooks to the server. The emulator's port is chosen first, the server listens, then the emulator.
    const emulatorPort = await findFreePort();
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;

    const server = await createTestApp({
      MINIAPP_ORIGINS: statics.url,
      MINIAPP_URL: statics.url,
      ZALO_GRAPH_URL: `${emulatorUrl}/graph`,
      ZALO_OPENAPI_URL: `${emulatorUrl}/openapi`,
      ZALO_OAUTH_URL: `${emulatorUrl}/oauth`,
      ZALO_APP_SECRET: TEST_ZALO.appSecret,
      ...options.env,
    });
    cleanups.push(() => server.close());
    await seedDemoData(server.app.prisma);
    await server.app.listen({ port: 0, host: "127.0.0.1" });
    const apiUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;

    // The build blocks the event loop for seconds: done before the workers open their Redis connections, whose
    // connect timeout would otherwise fire while it runs.
    buildMiniApp({ outDir, apiUrl, signinUrl: `${emulatorUrl}/signin` });
    // Closed before the server (cleanups run in reverse), so no job runs against a dropped database.
    const workers = await startWorkers({
      config: server.config,
      queues: options.queues ?? ["inbound", "outbound", "broadcast"],
      recurring: false,
    });
    cleanups.push(() => workers.close());

    const emulator = await buildEmulator({
      webhookUrl: `${apiUrl}/webhooks/zalo`,
      publicUrl: emulatorUrl,
      logger: false,
    });
    await emulator.app.listen({ port: emulatorPort, host: "127.0.0.1" });
    cleanups.push(() => emulator.app.close());

    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      // Vietnamese browser UI: date pickers and native controls read as on the members' phones.
      args: [...CHROMIUM_ARGS, "--lang=vi-VN"],
      headless: true,
    });
    cleanups.push(() => browser.close());
    mkdirSync(SCREENSHOT_DIR, { recursive: true });

    const newPhone = async ({ timezoneId = "Asia/Ho_Chi_Minh" }: PhoneOptions = {}) => {
      const context = await browser.newContext({ viewport: PHONE_VIEWPORT, locale: "vi-VN", timezoneId });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      // Surface the app's own failures in the test output: a blank screen says nothing by itself.
      page.on("pageerror", (error) => console.error(`[browser] page error: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") console.error(`[browser] console error: ${message.text()}`);
      });
      return { context, page };
    };

    return {
      miniAppUrl: statics.url,
      apiUrl,
      emulatorUrl,
      server,
      workers,
      emulator,
      browser,
      newPhone,
      openAs: async (zaloId, path = "/", options = {}) => {
        const response = await fetch(`${emulatorUrl}/_emulator/signin`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ userId: zaloId }),
        });
        if (!response.ok) throw new Error(`emulator sign-in failed: ${response.status} ${await response.text()}`);
        const { accessToken } = (await response.json()) as { accessToken: string };
        const phone = await newPhone(options);
        await phone.page.goto(`${statics.url}${path}#zalo_access_token=${encodeURIComponent(accessToken)}`);
        return phone;
      },
      screenshot: async (page, name) => {
        const file = join(SCREENSHOT_DIR, `${name}.png`);
        await page.screenshot({ path: file, fullPage: false });
        console.log(`screenshot: ${file}`);
        return file;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A port free right now: the emulator takes it a moment later (a race only another process could lose us). */
async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
