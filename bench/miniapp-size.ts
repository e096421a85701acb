// `npm run bench miniapp-size`: builds the mini-app as Zalo would deploy it, reports the gzipped size of the
// JavaScript and CSS loaded at start (the generated app-config.json lists them), and the time to first render in
// headless Chromium on a throttled 3G-ish link against an unthrottled baseline measured in the same run.
// Ratios, not thresholds: the machine's speed cancels out.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { buildMiniApp, REPO_ROOT } from "../tests/browser/support/build-miniapp.ts";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../tests/browser/support/miniapp-harness.ts";
import { serveStatic } from "../tests/browser/support/static-server.ts";
import { figure, QUICK, reportFigures } from "./support/bench-figures.ts";

/** A weak mobile link: 1.6 Mbps down, 750 kbps up, 150 ms round trip (Chrome DevTools' "Slow 3G"-ish, a bit kinder). */
const THROTTLED = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const RUNS = QUICK ? 1 : 3;
const RENDER_TIMEOUT_MS = 30_000;

interface AppConfig {
  listCSS: string[];
  listSyncJS: string[];
  listAsyncJS: string[];
}

function gzipBytes(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const outDir = mkdtempSync(join(tmpdir(), "xks-miniapp-bench-"));
try {
  // No server behind it: the app renders its sign-in screen, which needs no API call — pure bundle cost.
  buildMiniApp({ outDir, apiUrl: "http://127.0.0.1:9", signinUrl: "http://127.0.0.1:9/signin" });
  const config = JSON.parse(readFileSync(join(outDir, "app-config.json"), "utf8")) as AppConfig;
  const initialJs = [...config.listSyncJS, ...config.listAsyncJS];
  const assets = readdirSync(join(outDir, "assets"));
  const lazyJs = assets.map((f) => `assets/${f}`).filter((f) => f.endsWith(".js") && !initialJs.includes(f));

  const sum = (files: string[], measure: (file: string) => number) =>
    files.reduce((total, f) => total + measure(join(outDir, f)), 0);
  const size = {
    initialJsGzip: sum(initialJs, gzipBytes),
    initialJsRaw: sum(initialJs, (f) => statSync(f).size),
    cssGzip: sum(config.listCSS, gzipBytes),
    lazyJsGzip: sum(lazyJs, gzipBytes),
    lazyChunks: lazyJs.length,
  };

  const statics = await serveStatic(outDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const measure = async (throttle: boolean) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    if (throttle) await cdp.send("Network.emulateNetworkConditions", THROTTLED);
    await page.goto(statics.url, { waitUntil: "commit" });
    await page.waitForSelector('[data-testid="welcome-page"]', { timeout: RENDER_TIMEOUT_MS });
    const timing = await page.evaluate(() => ({
      firstRender: performance.now(),
      fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
    }));
    await context.close();
    return timing;
  };
  const baseline: number[] = [];
  const throttled: number[] = [];
  try {
    await measure(false); // warm-up: Chromium's own start-up costs
    for (let i = 0; i < RUNS; i++) {
      baseline.push((await measure(false)).firstRender);
      throttled.push((await measure(true)).firstRender);
    }
  } finally {
    await browser.close();
    await statics.close();
  }

  const result = {
    ...size,
    firstRenderMs: { baseline: Math.round(median(baseline)), throttled: Math.round(median(throttled)) },
    throttledOverBaseline: Number((median(throttled) / median(baseline)).toFixed(1)),
    throttle: THROTTLED,
    runs: RUNS,
  };
  console.log(
    [
      "mini-app bundle (the build Zalo would deploy):",
      `  initial JS   ${kb(size.initialJsGzip)} gzipped (${kb(size.initialJsRaw)} raw), ${initialJs.length} file(s)`,
      `  CSS          ${kb(size.cssGzip)} gzipped`,
      `  lazy JS      ${kb(size.lazyJsGzip)} gzipped in ${size.lazyChunks} chunk(s), loaded on demand`,
      `time to first render (sign-in screen), median of ${RUNS}:`,
      `  unthrottled  ${result.firstRenderMs.baseline} ms`,
      `  1.6 Mbps / 150 ms  ${result.firstRenderMs.throttled} ms  (${result.throttledOverBaseline}× the baseline)`,
    ].join("\n"),
  );
  reportFigures("miniapp-size", [
    figure("miniapp.initial-js-gzip", "KB", size.initialJsGzip / 1024, {
      target: "< 200 KB gzipped",
      meetsTarget: size.initialJsGzip / 1024 < 200,
    }),
    figure("miniapp.first-render-throttled", "ms", result.firstRenderMs.throttled, {
      baseline: { name: "unthrottled first render", value: result.firstRenderMs.baseline },
    }),
  ]);
  const reportDir = resolve(REPO_ROOT, "test-results/bench");
  mkdirSync(reportDir, { recursive: true });
  writeFileSync(join(reportDir, "miniapp-size.json"), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
