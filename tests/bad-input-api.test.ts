import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiKit, type Caller, createApiTestKit, newAssistanceLog } from "./support/api-test-kit.ts";
import { hostileId, hostileText, hostileValue, vietnameseText } from "./support/hostile-input.ts";
import { listRoutes, type RouteKey } from "./support/list-routes.ts";

/**
 * Bad input on every route the app serves (read from the app, so a new route is covered the day it is added):
 * malformed, oversized, wrongly typed and hostile bodies, params and queries, from callers of every kind. The app
 * must never answer 5xx or fall over, and every refusal of the API says what is wrong with a stable `code`.
 * Vietnamese text written through the API comes back exactly as written.
 */

/** Field names the API's schemas use, so generated bodies reach field validation rather than stop at "object". */
const FIELD_NAMES = [
  "accessToken",
  "name",
  "unitCode",
  "unitCodes",
  "clientId",
  "happenedAt",
  "services",
  "people",
  "minutes",
  "hamlet",
  "outcome",
  "note",
  "kind",
  "title",
  "body",
  "text",
  "pinned",
  "published",
  "csv",
  "targetPeoplePerWeek",
  "audience",
  "sendAt",
  "urgent",
  "imageId",
  "imageUrl",
  "linkUrl",
  "qrTarget",
  "status",
  "rating",
] as const;
const QUERY_NAMES = ["unitCode", "from", "to", "status", "cursor", "limit", "kind", "q", "ticket", "code", "state"];

/** Callers that reach the validation of admin routes and those that are refused before it. */
const CALLERS: Caller[] = ["admin", "leadHere", "member", "anonymous", "badlySigned"];
const RUNS_PER_ROUTE = 20;
/** bull-board's own routes: all refused before any handler without the dashboard cookie; a few runs suffice. */
const RUNS_PER_DASHBOARD_ROUTE = 3;

/** Valid bodies of the routes that store text, and the text field to spoil. */
const VALID_BODIES: Array<{ body: Record<string, unknown>; textField: string }> = [
  { body: { kind: "GUIDE", title: "Hướng dẫn", body: "Bước 1" }, textField: "title" },
  { body: { kind: "NOTICE", title: "Thông báo", body: "Sáng Chủ nhật" }, textField: "body" },
  { body: newAssistanceLog(), textField: "note" },
  { body: newAssistanceLog(), textField: "hamlet" },
  { body: { name: "Tên Mới", unitCode: "HOANG_DAO" }, textField: "name" },
  { body: { title: "Thông báo", text: "Ngày hội", audience: { kind: "residents" } }, textField: "text" },
  { body: { csv: "code,name,kind,parent_code\nX,Y,commune,HOANG_HOA\n" }, textField: "csv" },
  { body: { people: 2 }, textField: "note" },
];

type Body = { kind: "json"; value: unknown } | { kind: "raw"; contentType: string; text: string } | { kind: "none" };

const bodyArb: fc.Arbitrary<Body> = fc.oneof(
  fc.record({
    kind: fc.constant("json" as const),
    value: fc.dictionary(fc.constantFrom(...FIELD_NAMES), hostileValue()),
  }),
  fc.record({ kind: fc.constant("json" as const), value: hostileValue() }),
  fc.record({
    kind: fc.constant("json" as const),
    // A valid assistance entry with one field made wrong: the deepest path through a create route.
    value: fc
      .tuple(fc.constantFrom(...FIELD_NAMES), hostileValue())
      .map(([key, value]) => ({ ...newAssistanceLog(), [key]: value })),
  }),
  fc.record({
    kind: fc.constant("json" as const),
    // A valid body of a create route with one text field made hostile (NUL, huge, SQL, HTML, odd Unicode).
    value: fc
      .tuple(fc.constantFrom(...VALID_BODIES), hostileText())
      .map(([base, text]) => ({ ...base.body, [base.textField]: text })),
  }),
  fc.record({
    kind: fc.constant("raw" as const),
    contentType: fc.constantFrom(
      "application/json",
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/xml",
    ),
    text: fc.oneof(
      fc.constantFrom(
        '{"title": ',
        "[1,2",
        "{'a':1}",
        "nul",
        '{"a":1}{"b":2}',
        "\uFEFF{}",
        `{"a":"${"x".repeat(1_100_000)}"}`,
      ),
      hostileText({ maxLength: 200 }),
    ),
  }),
  fc.constant({ kind: "none" as const }),
);

function fillParams(path: string, values: string[]): string {
  let i = 0;
  return path
    .split("/")
    .map((segment) => {
      if (segment.startsWith(":")) return encodeURIComponent(values[i++ % values.length] ?? "x");
      if (segment === "*") return encodeURIComponent(values[i++ % values.length] ?? "x");
      return segment;
    })
    .join("/");
}

let ipCounter = 0;
/** A different client address per request: the per-IP limit must not turn the whole run into 429s. */
const nextAddress = () => {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
};

function buildRequest(route: RouteKey, ids: string[], query: Record<string, string>, body: Body): InjectOptions {
  const [method, path] = route.split(" ") as [InjectOptions["method"], string];
  const options: InjectOptions = { method, url: fillParams(path, ids), query, remoteAddress: nextAddress() };
  const takesBody = method !== "GET" && method !== "DELETE";
  if (!takesBody || body.kind === "none") return options;
  if (body.kind === "json") {
    return { ...options, headers: { "content-type": "application/json" }, payload: JSON.stringify(body.value) ?? "" };
  }
  return { ...options, headers: { "content-type": body.contentType }, payload: body.text };
}

describe("bad input on every route", () => {
  let kit: ApiKit;
  let routes: RouteKey[];
  beforeAll(async () => {
    kit = await createApiTestKit();
    // The documentation pages take no input; everything else is fair game.
    routes = listRoutes(kit.t.app).filter((r) => !r.split(" ")[1]?.startsWith("/docs"));
  });
  afterAll(async () => {
    await kit.close();
  });

  it("covers the app's routes", () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes).toContain("POST /api/assistance-logs");
    expect(routes).toContain("POST /webhooks/zalo");
  });

  it("never answers 5xx; every API refusal has a stable code and a message", async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const route of routes) {
      const dashboard = route.split(" ")[1]?.startsWith("/admin/queues");
      await fc
        .assert(
          fc.asyncProperty(
            fc.constantFrom(...CALLERS),
            fc.array(hostileId(), { minLength: 1, maxLength: 3 }),
            fc.dictionary(fc.constantFrom(...QUERY_NAMES), hostileText({ maxLength: 100 }), { maxKeys: 3 }),
            bodyArb,
            async (caller, ids, query, body) => {
              const request = buildRequest(route, ids, query, body);
              const res = await kit.as(caller, request);
              statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
              const where = `${route} as ${caller} ${request.url} → ${res.statusCode}`;
              if (res.statusCode >= 500) {
                failures.push(`${where}: ${res.body.slice(0, 200)}`);
                return false;
              }
              if (res.statusCode >= 400 && route.includes(" /api/")) {
                const error = res.json() as { code?: unknown; message?: unknown };
                if (typeof error.code !== "string" || !/^[A-Z][A-Z0-9_]+$/.test(error.code)) {
                  failures.push(`${where}: no stable code in ${res.body.slice(0, 200)}`);
                  return false;
                }
                if (typeof error.message !== "string" || error.message.length === 0) {
                  failures.push(`${where}: no message`);
                  return false;
                }
              }
              return true;
            },
          ),
          { numRuns: dashboard ? RUNS_PER_DASHBOARD_ROUTE : RUNS_PER_ROUTE, endOnFailure: true },
        )
        .catch(() => undefined); // collected in `failures`, reported all at once below
    }
    console.log(`bad-input statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(failures).toEqual([]);
    // Still standing.
    expect((await kit.t.app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
  }, 120_000);

  it("takes any text in the fields that store text, or refuses it with a code (never a 5xx)", async () => {
    const targets: Array<{
      caller: Caller;
      method: InjectOptions["method"];
      url: string;
      body: () => object;
      field: string;
    }> = [
      {
        caller: "admin",
        method: "POST",
        url: "/api/content",
        body: () => ({ kind: "GUIDE", title: "T", body: "B" }),
        field: "title",
      },
      {
        caller: "admin",
        method: "POST",
        url: "/api/content",
        body: () => ({ kind: "GUIDE", title: "T", body: "B" }),
        field: "body",
      },
      { caller: "member", method: "POST", url: "/api/assistance-logs", body: () => newAssistanceLog(), field: "note" },
      {
        caller: "member",
        method: "POST",
        url: "/api/assistance-logs",
        body: () => newAssistanceLog(),
        field: "hamlet",
      },
      {
        caller: "pending",
        method: "POST",
        url: "/api/members/register",
        body: () => ({ unitCode: "HOANG_DAO" }),
        field: "name",
      },
      {
        caller: "admin",
        method: "POST",
        url: "/api/broadcasts",
        body: () => ({
          title: "T",
          audience: { kind: "residents" },
          sendAt: new Date(Date.now() + 86_400_000).toISOString(),
        }),
        field: "text",
      },
      { caller: "admin", method: "POST", url: "/api/units/import", body: () => ({}), field: "csv" },
      { caller: "admin", method: "GET", url: "/api/content", body: () => ({}), field: "q" },
    ];
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const target of targets) {
      await fc
        .assert(
          fc.asyncProperty(hostileText(), async (text) => {
            const request: InjectOptions =
              target.method === "GET"
                ? { method: "GET", url: target.url, query: { [target.field]: text } }
                : { method: target.method, url: target.url, payload: { ...target.body(), [target.field]: text } };
            const res = await kit.as(target.caller, { ...request, remoteAddress: nextAddress() });
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            if (res.statusCode >= 500 || (res.statusCode >= 400 && typeof res.json().code !== "string")) {
              failures.push(
                `${target.method} ${target.url} ${target.field}=${JSON.stringify(text.slice(0, 60))} → ${res.statusCode} ${res.body.slice(0, 150)}`,
              );
              return false;
            }
            return true;
          }),
          { numRuns: 30, endOnFailure: true },
        )
        .catch(() => undefined);
    }
    console.log(`text-field statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(failures).toEqual([]);
  }, 60_000);

  it("gives back Vietnamese content exactly as the admin wrote it", async () => {
    await fc.assert(
      fc.asyncProperty(vietnameseText(8), vietnameseText(200), async (title, body) => {
        const created = await kit.as("admin", {
          method: "POST",
          url: "/api/content",
          payload: { kind: "GUIDE", title, body },
          remoteAddress: nextAddress(),
        });
        expect(created.statusCode, created.body).toBe(201);
        const { id } = created.json() as { id: string };
        const read = await kit.as("member", { method: "GET", url: `/api/content/${id}`, remoteAddress: nextAddress() });
        expect(read.json()).toMatchObject({ title, body });
      }),
      { numRuns: 15 },
    );
  });

  it("gives back a member's Vietnamese notes and hamlet exactly as written", async () => {
    await fc.assert(
      fc.asyncProperty(vietnameseText(40), vietnameseText(4), async (note, hamlet) => {
        const entry = newAssistanceLog({ note, hamlet });
        const created = await kit.as("member", {
          method: "POST",
          url: "/api/assistance-logs",
          payload: entry,
          remoteAddress: nextAddress(),
        });
        expect(created.statusCode, created.body).toBe(201);
        const { id } = created.json() as { id: string };
        const stored = await kit.prisma.assistanceLog.findUniqueOrThrow({ where: { id } });
        expect({ note: stored.note, hamlet: stored.hamlet }).toEqual({ note, hamlet });
        const list = await kit.as("leadHere", {
          method: "GET",
          url: "/api/assistance-logs?unitCode=HOANG_DAO",
          remoteAddress: nextAddress(),
        });
        const items = (list.json() as { items: Array<{ id: string; note: string | null; hamlet: string }> }).items;
        expect(items.find((i) => i.id === id)).toMatchObject({ note, hamlet });
      }),
      { numRuns: 15 },
    );
  });
});
