import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBroadcast, getBroadcast } from "../../bot/src/broadcasts/broadcasts-service.ts";
import { BROADCAST_SENDS_IN_FLIGHT_MAX } from "../../bot/src/jobs/broadcast.send-batch.ts";
import { seedResidents, sentCounts, waitFor } from "../support/broadcast-fixtures.ts";
import { createCommune, type Product, recordAccount, sleep, startProduct } from "./support/fault-harness.ts";

/**
 * Zalo misbehaves in the middle of a broadcast, one fault after another: HTTP 502s, dropped connections, answers
 * slower than the worker's 2 s request timeout, the per-app rate limit (-32) and the OA access token expiring
 * (-216). The broadcast must still reach everyone once; the only repeats allowed are timed-out sends that Zalo
 * delivered all the same (it has no idempotency key), and each is marked `repeated`.
 */

const SEND_PATH = "/openapi/v3.0/oa/message/cs";
/**
 * Enough recipients that the broadcast is still sending when the last fault (the token expiry) comes: the lanes
 * send a few hundred a second, so 300 were all gone by then.
 */
const RECIPIENTS = 1_500;
/** The broadcast rows one worker process holds claimed (broadcast.send-batch.ts): at most this many sends at once. */
const SENDS_IN_FLIGHT_MAX = BROADCAST_SENDS_IN_FLIGHT_MAX;
let p: Product;

beforeAll(async () => {
  p = await startProduct("zalo_faults");
  await p.spawnWorker();
});
afterAll(async () => {
  await p?.close();
});

describe("Zalo failing in the middle of a broadcast", () => {
  it("5xx, dropped connections, timeouts, -32 and an expired token: everyone gets the notice once", async () => {
    const faults = p.emu.emulator.state.faults;
    const unit = await createCommune(p, "Xã Hoằng Đạo");
    const reachable = await seedResidents(p.prisma, p.emu, { count: RECIPIENTS, unitId: unit.id });
    faults.latencyMs = 20;
    const startedAt = Date.now();
    const { id } = await createBroadcast(
      p.deps,
      {
        title: "Thông báo khẩn",
        text: "Cảnh giác cuộc gọi giả danh công an",
        audience: { kind: "residents", unitCodes: [unit.code] },
      },
      null,
    );
    const sentSoFar = async () => (await getBroadcast(p.deps, id)).counts.sent;
    const reach = (n: number, label: string) =>
      waitFor(async () => (await sentSoFar()) >= n, 60_000, `${n} sends before ${label}`);
    const phases: Record<string, number> = {};
    const timed = async (name: string, run: () => Promise<void>) => {
      const t0 = Date.now();
      await run();
      phases[name] = Date.now() - t0;
    };

    await reach(30, "the 5xx");
    await timed("http502x20ThenNext40Sends", async () => {
      faults.fail5xx = 20;
      const at = await sentSoFar();
      await reach(at + 40, "the dropped connections");
    });
    await timed("dropped10ThenNext40Sends", async () => {
      faults.failNetwork = 10;
      const at = await sentSoFar();
      await reach(at + 40, "the timeouts");
    });
    const callsBeforeSlow = p.emu.calls.filter((c) => c.path === SEND_PATH).length;
    await timed("slower than the timeout for 1.5 s", async () => {
      faults.latencyMs = 2_500; // the worker gives up after 2 s; Zalo still delivers after 2.5 s
      await sleep(1_500);
      faults.latencyMs = 20;
    });
    const slowCalls = p.emu.calls.filter((c) => c.path === SEND_PATH).length - callsBeforeSlow;
    await timed("rateLimited-32For2s", async () => {
      const at = await sentSoFar();
      await reach(at + 20, "the rate limit");
      faults.rateLimitPerMinute = 0; // every call answers -32
      await sleep(2_000);
      faults.rateLimitPerMinute = 1_000_000;
    });
    const refreshesBefore = p.emu.calls.filter((c) => c.path.startsWith("/oauth/")).length;
    const tokenBefore = p.emu.emulator.state.currentOaTokens().accessToken;
    let expiredAt = Number.POSITIVE_INFINITY;
    await timed("tokenExpiredThenNext40Sends", async () => {
      const at = await sentSoFar();
      await reach(at + 20, "the token expiry");
      expect(await sentSoFar()).toBeLessThan(RECIPIENTS - 40);
      p.emu.emulator.state.expireAccessToken();
      expiredAt = Date.now();
      const after = await sentSoFar();
      await reach(Math.min(after + 40, RECIPIENTS), "sends after the refresh");
    });
    faults.latencyMs = 0;
    await waitFor(async () => (await getBroadcast(p.deps, id)).status === "done", 120_000, "broadcast done");
    const durationMs = Date.now() - startedAt;

    const b = await getBroadcast(p.deps, id);
    const counts = sentCounts(p.emu);
    const perResident = reachable.map((r) => counts.get(r.oaUserId) ?? 0);
    const extra = perResident.reduce((n, k) => n + Math.max(0, k - 1), 0);
    const refreshes = p.emu.calls.filter((c) => c.path.startsWith("/oauth/")).length - refreshesBefore;
    const tokenAfter = p.emu.emulator.state.currentOaTokens().accessToken;
    const sendsWithOldTokenAfterRefresh = p.emu.calls.filter(
      (c) => c.path === SEND_PATH && c.accessToken === tokenBefore && c.at > expiredAt,
    ).length;
    recordAccount("zalo 5xx, drops, timeouts, -32 and token expiry mid-broadcast", {
      recipients: RECIPIENTS,
      sent: b.counts.sent,
      failed: b.counts.failed,
      sentAtZalo: perResident.reduce((n, k) => n + k, 0),
      repeats: extra,
      markedRepeated: b.repeated,
      sendCallsWhileSlow: slowCalls,
      tokenRefreshCalls: refreshes,
      sendCallsWithExpiredToken: sendsWithOldTokenAfterRefresh,
      phasesMs: phases,
      durationMs,
    });

    expect(b.counts).toMatchObject({ queued: 0, sent: RECIPIENTS, failed: 0, skipped: 0, sentPaid: 0 });
    expect(perResident.filter((n) => n < 1)).toEqual([]);
    // Repeats only for timed-out sends (Zalo delivered what the worker gave up on), each of them marked. Most come
    // from the slow window; on a loaded machine a send can also time out outside it, so the bound is the marks.
    expect(b.repeated).toBeGreaterThanOrEqual(extra);
    expect(slowCalls).toBeGreaterThan(0);
    expect(refreshes).toBeGreaterThanOrEqual(1);
    expect(tokenAfter).not.toBe(tokenBefore);
    // One refresh for all workers' sends: only the calls already on their way met the expired token.
    expect(sendsWithOldTokenAfterRefresh).toBeLessThanOrEqual(SENDS_IN_FLIGHT_MAX * 2);
    expect(faults.fail5xx).toBe(0);
    expect(faults.failNetwork).toBe(0);
  });
});
