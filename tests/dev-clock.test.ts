import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../bot/src/app.ts";
import { loadConfig } from "../bot/src/config.ts";
import { fromLocal, toLocal } from "../bot/src/time/local-time.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { type ApiKit, createApiTestKit } from "./support/api-test-kit.ts";
import { testEnv } from "./support/test-app.ts";
import { waitFor } from "./support/wait-for.ts";

/**
 * `npm run dev`'s clock link (bot/src/dev-clock.ts, config DEV_CLOCK_URL): a worker and a server that follow the Zalo
 * emulator's clock. Real PostgreSQL, Redis and emulator; no test clock is injected. Moving the emulator's clock
 * forward must make the worker send a registration day's two reminders at once (no recurring schedule runs here:
 * only the scan the move itself queues), and the server must judge event times by the moved clock.
 */

const TZ = "Asia/Ho_Chi_Minh";
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

let kit: ApiKit;
let worker: WorkerRuntime;
let server: FastifyInstance;
let clockUrl: string;

beforeAll(async () => {
  kit = await createApiTestKit();
  const { port } = kit.emulator.app.server.address() as AddressInfo;
  const emulator = `http://127.0.0.1:${port}`;
  clockUrl = `${emulator}/_emulator/clock`;
  const env = testEnv({
    DATABASE_URL: kit.t.config.DATABASE_URL,
    QUEUE_PREFIX: kit.t.config.QUEUE_PREFIX,
    ZALO_OPENAPI_URL: `${emulator}/openapi`,
    ZALO_OAUTH_URL: `${emulator}/oauth`,
    ZALO_GRAPH_URL: `${emulator}/graph`,
    // The product's quiet hours: the moments below are chosen outside them, whatever the time of day the test runs.
    QUIET_HOURS: "21:00-07:00",
    DEV_CLOCK_URL: clockUrl,
  });
  worker = await startWorkers({ config: loadConfig(env), queues: ["cron", "outbound"], recurring: false });
  server = await buildApp({ config: loadConfig(env), logger: false });
  await server.ready();
});

afterAll(async () => {
  await server?.close();
  if (worker) {
    await Promise.all(
      Object.values(worker.ctx.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)),
    );
    await worker.close();
  }
  await kit?.close();
});

/** The first moment at `hour`:00 Vietnam time after `after`. */
function nextLocal(after: Date, hour: number): Date {
  const day = toLocal(after, TZ);
  const sameDay = fromLocal({ ...day, hour, minute: 0 }, TZ);
  return sameDay > after
    ? sameDay
    : fromLocal({ ...toLocal(new Date(sameDay.getTime() + 24 * HOUR_MS), TZ), hour, minute: 0 }, TZ);
}

/** Moves the emulator's clock forward to `to` (its control API only moves forward). */
async function moveEmulatorClockTo(to: Date): Promise<void> {
  const advanceMs = Math.max(0, to.getTime() - kit.emulator.state.now());
  const res = await fetch(clockUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ advanceMs }),
  });
  expect(res.status).toBe(200);
}

const sentTexts = (userId: string) =>
  kit.emulator.state.sent.filter((m) => m.userId === userId).map((m) => m.text ?? "");

describe("the emulator's clock, followed in development", () => {
  it("sends the day-before and two-hours-before reminders as soon as the clock is moved, without waiting", async () => {
    const start = new Date(kit.emulator.state.now());
    // The day before at 09:00 comes within a day; the event starts the next day at 10:00, so its two-hours-before
    // reminder (08:00, after quiet hours) falls within 48 hours of the sign-up, in the free band.
    const dayBefore = nextLocal(start, 9);
    const startsAt = new Date(dayBefore.getTime() + 25 * HOUR_MS);
    const twoHoursBefore = new Date(startsAt.getTime() - 2 * HOUR_MS);

    const person = kit.emulator.state.createResident("Nguyễn Thị Hoa");
    kit.emulator.state.setFollower(person, true);
    kit.emulator.state.recordInteraction(person);
    const resident = await kit.prisma.resident.create({
      data: {
        oaUserId: person.userId,
        unitId: kit.units.dao,
        displayName: person.displayName,
        followState: "FOLLOWING",
        lastInteractionAt: start,
      },
    });
    const event = await kit.prisma.registrationEvent.create({
      data: {
        title: "Ngày hội định danh mức 2 thôn Đông",
        bring: "Căn cước gắn chip, điện thoại có SIM chính chủ",
        place: "Nhà văn hóa thôn Đông",
        organisedWith: "Công an xã",
        startsAt,
        endsAt: new Date(startsAt.getTime() + 4 * HOUR_MS),
        capacity: 30,
        units: { create: [{ unitId: kit.units.dao }] },
      },
    });
    await kit.prisma.eventRegistration.create({
      data: { eventId: event.id, residentId: resident.id, number: 1, status: "REGISTERED", registeredAt: start },
    });

    await moveEmulatorClockTo(new Date(dayBefore.getTime() + 5 * MINUTE_MS));
    const first = await waitFor(() => sentTexts(person.userId)[0], "the day-before reminder", 20_000);
    expect(first).toContain("Nhắc lịch ngày mai");
    expect(first).toContain("Số của bạn là 1");
    const firstRow = await kit.prisma.reminder.findFirstOrThrow({ where: { residentId: resident.id, status: "SENT" } });
    // Sent on the moved clock, a day or so ahead of the real one.
    expect(firstRow.sentAt?.getTime()).toBeGreaterThanOrEqual(dayBefore.getTime());

    await moveEmulatorClockTo(new Date(twoHoursBefore.getTime() + 5 * MINUTE_MS));
    const second = await waitFor(() => sentTexts(person.userId)[1], "the two-hours-before reminder", 20_000);
    expect(second).toContain("Còn khoảng hai tiếng nữa");
    expect(sentTexts(person.userId)).toHaveLength(2);
    expect(kit.emulator.state.sent.filter((m) => m.userId === person.userId).map((m) => m.band)).toEqual([
      "free",
      "free",
    ]);
  });

  it("lets the server judge event and quiz times by the moved clock", async () => {
    // The clock is now a day or two ahead of real time: an event an hour from real time is already past.
    await waitFor(() => server.now().getTime() - Date.now() > 12 * HOUR_MS, "the server to read the moved clock");
    const startsAt = new Date(Date.now() + HOUR_MS);
    const res = await server.inject({
      method: "POST",
      url: "/api/events",
      headers: { authorization: `Bearer ${kit.tokens.leadHere}` },
      payload: {
        title: "Ngày hội định danh mức 2 tại xã",
        bring: "Căn cước gắn chip",
        place: "Hội trường UBND xã Hoằng Đạo",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 4 * HOUR_MS).toISOString(),
        capacity: 40,
        organisedWith: "Công an xã",
        unitCodes: ["HOANG_DAO"],
        announce: false,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: "EVENT_IN_PAST" });

    // A quiz opening ten minutes ago on the moved clock is open (on the real one it would not open for hours).
    const opensAt = new Date(kit.emulator.state.now() - 10 * MINUTE_MS);
    const quiz = await server.inject({
      method: "POST",
      url: "/api/quizzes",
      headers: { authorization: `Bearer ${kit.tokens.admin}` },
      payload: {
        title: "Tìm hiểu định danh điện tử mức 2",
        keyword: "THI DINH DANH",
        opensAt: opensAt.toISOString(),
        closesAt: new Date(opensAt.getTime() + 24 * HOUR_MS).toISOString(),
        questions: [{ text: "Đăng ký mức 2 ở đâu?", choices: ["Bưu điện", "Công an xã"], correctIndex: 1 }],
      },
    });
    expect(quiz.statusCode).toBe(201);
    expect(quiz.json()).toMatchObject({ status: "OPEN" });
  });
});
