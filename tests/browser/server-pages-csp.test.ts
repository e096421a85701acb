import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OA_CALLBACK_PATH } from "../../bot/src/routes/oa-connect.ts";
import { type ApiKit, createApiTestKit } from "../support/api-test-kit.ts";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./support/miniapp-harness.ts";

/**
 * The pages the server serves work under its Content-Security-Policy (issue 8, item 4): the API docs, the queue
 * dashboard and the OAuth callback page load in headless Chromium with every script from our origin and no
 * script blocked or reported by the policy.
 */
let kit: ApiKit;
let base: string;
let browser: Browser;

beforeAll(async () => {
  kit = await createApiTestKit();
  base = await kit.t.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
});
afterAll(async () => {
  await browser?.close();
  await kit?.close();
});

interface Visit {
  page: Page;
  csp: string;
  violations: string[];
  scripts: string[];
}

async function visit(path: string, ready: (page: Page) => Promise<unknown>): Promise<Visit> {
  // The page under test is in a closed network: Google Fonts (allowed for styles) cannot load and that is fine.
  const context = await browser.newContext();
  await context.route(/^https:\/\/fonts\./, (route) => route.abort());
  const page = await context.newPage();
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const response = await page.goto(`${base}${path}`);
  await ready(page);
  const scripts = await page.$$eval("script[src]", (elements) => elements.map((e) => (e as HTMLScriptElement).src));
  return { page, csp: (await response?.allHeaders())?.["content-security-policy"] ?? "", violations, scripts };
}

function expectPolicyHolds(result: Visit) {
  expect(result.csp).toContain("script-src 'self'");
  expect(result.csp).toContain("frame-ancestors 'none'");
  expect(result.violations).toEqual([]);
  expect(result.scripts.length).toBeGreaterThan(0);
  for (const src of result.scripts) expect(new URL(src).origin).toBe(new URL(base).origin);
}

describe("Content-Security-Policy of the server's pages", () => {
  it("lets Swagger UI at /docs render the API description", async () => {
    const result = await visit("/docs", (page) =>
      page.locator(".swagger-ui .info .title").filter({ hasText: "Xung Kích Số API" }).waitFor(),
    );
    expectPolicyHolds(result);
    await result.page.context().close();
  });

  it("lets the bull-board dashboard at /admin/queues list the queues", async () => {
    const ticket = await kit.as("admin", { method: "POST", url: "/api/admin/queues/ticket" });
    const { url } = ticket.json<{ url: string }>();
    const result = await visit(url, (page) => page.getByText("inbound", { exact: false }).first().waitFor());
    expectPolicyHolds(result);
    await result.page.context().close();
  });

  it("shows the OAuth callback page with its own styles and no script at all", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto(`${base}${OA_CALLBACK_PATH}?code=x&state=unknown`);
    expect(response?.status()).toBe(400);
    expect((await response?.allHeaders())?.["content-security-policy"]).toContain("script-src 'self'");
    await expect(page.locator("h1").textContent()).resolves.toBe("Chưa kết nối được OA");
    // The page's inline <style> applies (1.4rem headings), so it is not blocked.
    expect(await page.locator("h1").evaluate((h) => getComputedStyle(h).fontSize)).toBe("22.4px");
    expect(violations).toEqual([]);
    await context.close();
  });
});
