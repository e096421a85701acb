import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiKit, createApiTestKit } from "./support/api-test-kit.ts";

/** The broadcast routes: admin only, validated with the shared schemas, answering the documented shapes. */

let kit: ApiKit;

beforeAll(async () => {
  kit = await createApiTestKit();
  const now = new Date();
  await kit.prisma.resident.createMany({
    data: [
      { oaUserId: "2468000000000000101", unitId: kit.units.dao, lastInteractionAt: now },
      { oaUserId: "2468000000000000102", unitId: kit.units.dao, lastInteractionAt: now, remindersOptOut: true },
      {
        oaUserId: "2468000000000000103",
        unitId: kit.units.cat,
        lastInteractionAt: new Date(now.getTime() - 9 * 86_400_000),
      },
      { oaUserId: "2468000000000000104", unitId: kit.units.cat, followState: "UNFOLLOWED", lastInteractionAt: now },
    ],
  });
});

afterAll(async () => {
  await kit.close();
});

const audience = { kind: "residents", unitCodes: ["HOANG_DAO", "HOANG_CAT"] };

describe("/api/broadcasts", () => {
  it("is for organisation admins only", async () => {
    for (const role of ["anonymous", "member", "leadHere"] as const) {
      const res = await kit.as(role, { method: "POST", url: "/api/broadcasts/preview", payload: { audience } });
      expect(res.statusCode, role).toBe(role === "anonymous" ? 401 : 403);
    }
  });

  it("previews reach, creates a scheduled notice, reports its counts, lists and cancels it", async () => {
    const preview = await kit.as("admin", { method: "POST", url: "/api/broadcasts/preview", payload: { audience } });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toEqual({
      total: 4,
      reachable: 1,
      free: 1,
      paid: 0,
      paidMessages: false,
      unreachable: { outsideWindow: 1, optedOut: 1, unfollowed: 1, paidBand: 0 },
      // The default night-time pause, so the composer can say a notice written at night waits for the morning.
      quietHours: { start: "21:00", end: "07:00" },
    });

    const sendAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const created = await kit.as("admin", {
      method: "POST",
      url: "/api/broadcasts",
      payload: {
        title: "Ngày hội",
        text: "Mời bà con tham dự.",
        audience,
        sendAt,
        linkUrl: "https://example.org/ngay-hoi",
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().privacyWarnings).toEqual([]);
    const { id } = created.json() as { id: string };

    const got = await kit.as("admin", { method: "GET", url: `/api/broadcasts/${id}` });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      status: "scheduled",
      total: 4,
      counts: { queued: 0, sent: 0, failed: 0, skipped: 0 },
    });

    const list = await kit.as("admin", { method: "GET", url: "/api/broadcasts?limit=5" });
    expect(list.json()).toMatchObject({ items: [{ id, status: "scheduled" }], nextCursor: null });

    const cancelled = await kit.as("admin", { method: "POST", url: `/api/broadcasts/${id}/cancel` });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: "cancelled" });
  });

  it("sends an admin's notice as written and warns about an ID number or password in it", async () => {
    const text = "Ai mất thẻ CCCD 038123456789 liên hệ xã. Mật khẩu wifi nhà văn hóa: hoaphuong2024";
    const created = await kit.as("admin", {
      method: "POST",
      url: "/api/broadcasts",
      payload: { title: "Nhặt được thẻ", text, audience, sendAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().privacyWarnings).toEqual(["CITIZEN_ID", "PASSWORD"]);
    const got = await kit.as("admin", { method: "GET", url: `/api/broadcasts/${created.json().id}` });
    expect(got.json().text).toBe(text);
    await kit.as("admin", { method: "POST", url: `/api/broadcasts/${created.json().id}/cancel` });
  });

  it("refuses a text over Zalo's 2,000 characters, an unknown unit, and an unknown id", async () => {
    const long = await kit.as("admin", {
      method: "POST",
      url: "/api/broadcasts",
      payload: { title: "Dài", text: "a".repeat(2_001), audience },
    });
    expect(long.statusCode).toBe(400);
    const unknownUnit = await kit.as("admin", {
      method: "POST",
      url: "/api/broadcasts/preview",
      payload: { audience: { kind: "residents", unitCodes: ["KHONG_CO"] } },
    });
    expect(unknownUnit.statusCode).toBe(400);
    expect(unknownUnit.json().message).toContain("KHONG_CO");
    expect((await kit.as("admin", { method: "GET", url: "/api/broadcasts/nope" })).statusCode).toBe(404);
  });

  it("publishes a members' notice in the mini-app feed", async () => {
    const res = await kit.as("admin", {
      method: "POST",
      url: "/api/broadcasts",
      payload: { title: "Họp chi đoàn", text: "19h thứ Sáu.", audience: { kind: "members", unitCodes: ["HOANG_DAO"] } },
    });
    expect(res.statusCode).toBe(201);
    expect(await kit.prisma.contentItem.count({ where: { kind: "NOTICE", title: "Họp chi đoàn" } })).toBe(1);
  });
});
