import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BroadcastDeps, createBroadcast, getBroadcast } from "../bot/src/broadcasts/broadcasts-service.ts";
import { type Config, loadConfig } from "../bot/src/config.ts";
import { recoverBroadcasts } from "../bot/src/jobs/cron.recover-broadcasts.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { type SeededResident, seedResidents, sentCounts, waitFor } from "./support/broadcast-fixtures.ts";
import { testEnv } from "./support/test-app.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-db.ts";
import { type RunningEmulator, startZaloEmulator } from "./support/zalo-emulator.ts";

/** Quiet hours (21:00-07:00 Vietnam time) on a controllable clock: a notice waits for the morning unless urgent. */

const vn = (local: string) => new Date(`${local.replace(" ", "T")}:00+07:00`);
/**
 * The test's evening is today's in Vietnam, its morning tomorrow's: the emulator checks the interaction window against
 * real time, so residents seeded on the test's clock stay inside it whatever day the suite runs (a fixed date fell out
 * of Zalo's 48-hour window two days later).
 */
const vnDay = (offsetDays: number) =>
  new Date(Date.now() + 7 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const evening = vnDay(0);
const nextDay = vnDay(1);

let emu: RunningEmulator;
let db: TestDatabase;
let config: Config;
let runtime: WorkerRuntime;
let deps: BroadcastDeps;
let residents: SeededResident[] = [];
/** Offset from real time to the test's clock: the emulator's window uses real time, so residents stay reachable. */
let offsetMs = 0;
const setClock = (at: Date) => {
  offsetMs = at.getTime() - Date.now();
};

beforeAll(async () => {
  emu = await startZaloEmulator({ rateLimitPerMinute: 100_000 });
  db = await createTestDatabase("bc_quiet");
  config = loadConfig(
    testEnv({ DATABASE_URL: db.url, ...emu.env, QUIET_HOURS: "21:00-07:00", TZ_NAME: "Asia/Ho_Chi_Minh" }),
  );
  runtime = await startWorkers({
    config,
    queues: ["broadcast"],
    recurring: false,
    now: () => new Date(Date.now() + offsetMs),
  });
  deps = { prisma: runtime.ctx.prisma, queues: runtime.ctx.queues, now: () => runtime.ctx.now() };
  setClock(vn(`${evening} 22:30`));
  const unit = await runtime.ctx.prisma.unit.create({ data: { code: "HOANG_DAO", name: "Xã Hoàng Đạo" } });
  residents = await seedResidents(runtime.ctx.prisma, emu, { count: 5, unitId: unit.id, now: runtime.ctx.now() });
});

afterAll(async () => {
  await runtime.ctx.queues.broadcast.obliterate({ force: true }).catch(() => undefined);
  await runtime.close();
  await emu.close();
  await db.drop();
});

describe("broadcasts and quiet hours", () => {
  it("defers a notice sent at 22:30 to 07:00, then sends it in the morning", async () => {
    setClock(vn(`${evening} 22:30`));
    const { id } = await createBroadcast(
      deps,
      { title: "Thông báo", text: "Lịch họp", audience: { kind: "residents" } },
      null,
    );
    await waitFor(
      async () => (await getBroadcast(deps, id)).sendAt === vn(`${nextDay} 07:00`).toISOString(),
      10_000,
      "deferral",
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await getBroadcast(deps, id)).status).toBe("scheduled");
    expect(emu.emulator.state.sent).toHaveLength(0);

    // Redis would hold a delayed start; here the clock jumps, and recovery starts what is due.
    setClock(vn(`${nextDay} 07:00`));
    await recoverBroadcasts(runtime.ctx);
    await waitFor(async () => (await getBroadcast(deps, id)).status === "done", 20_000, "done");
    expect((await getBroadcast(deps, id)).counts).toMatchObject({ queued: 0, sent: 5, failed: 0, skipped: 0 });
  });

  it("sends an urgent notice at night at once", async () => {
    emu.emulator.state.sent = [];
    setClock(vn(`${nextDay} 23:00`));
    const { id } = await createBroadcast(
      deps,
      { title: "Khẩn", text: "Bão về", urgent: true, audience: { kind: "residents" } },
      null,
    );
    await waitFor(async () => (await getBroadcast(deps, id)).status === "done", 20_000, "done");
    const counts = sentCounts(emu);
    for (const r of residents) expect(counts.get(r.oaUserId)).toBe(1);
  });
});
