import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESIDENT_TEXT } from "../bot/src/help-requests/help-request-messages.ts";
import { readOutboundPayload } from "../bot/src/outbound/queue-outbound-message.ts";
import { type ApiKit, createApiTestKit, newAssistanceLog } from "./support/api-test-kit.ts";

/**
 * A help request as a piece of work, through the API against real PostgreSQL: every transition, its history event,
 * what the resident and the members are told (OutboundMessage rows: the sender is tested in outbound.test.ts),
 * races decided in the database, and who may see the resident's contact. HOANG_DAO's lead is `leadHere`, its member
 * `member` (Nguyễn Thị Hoa); a second active member is made here; `leadOther` leads HOANG_CAT.
 */

let kit: ApiKit;
let colleague: { id: string; name: string };
let catMember: { id: string; oaUserId: string | null };
let seq = 0;

beforeAll(async () => {
  kit = await createApiTestKit({ MINIAPP_URL: "https://zalo.me/s/1234" });
  // A second member of HOANG_DAO the emulator can sign in.
  kit.emulator.state.miniAppUsers.set("8100000000000000001", {
    id: "8100000000000000001",
    name: "Lê Văn Đồng",
    phone: "84912000101",
    role: "member",
    description: "Đoàn viên",
  });
  colleague = await kit.prisma.member.create({
    data: {
      zaloId: "8100000000000000001",
      name: "Lê Văn Đồng",
      unitId: kit.units.dao,
      status: "ACTIVE",
      oaUserId: "7100000000000000001",
      oaLinkedAt: new Date(),
    },
  });
  catMember = await kit.prisma.member.create({
    data: {
      zaloId: "8100000000000000002",
      name: "Đỗ Thị Cát",
      unitId: kit.units.cat,
      status: "ACTIVE",
      oaUserId: "7100000000000000002",
      oaLinkedAt: new Date(),
    },
  });
});

afterAll(async () => {
  await kit.close();
});

async function openRequest(unitId = kit.units.dao, createdAt = new Date()) {
  seq += 1;
  const resident = await kit.prisma.resident.create({
    data: {
      oaUserId: `7200000000${String(seq).padStart(9, "0")}`,
      displayName: "Bà Tư",
      lastInteractionAt: new Date(),
    },
  });
  return kit.prisma.helpRequest.create({
    data: {
      unitId,
      residentId: resident.id,
      topic: "Định danh điện tử VNeID – Cài ứng dụng VNeID",
      preferredTime: "Chiều thứ Bảy",
      contactPhone: `09${String(seq).padStart(8, "0")}`,
      contactAddress: "Thôn Phú Khê",
      createdAt,
    },
    include: { resident: true },
  });
}

const post = (role: Parameters<ApiKit["as"]>[0], url: string, payload: Record<string, unknown> = {}) =>
  kit.as(role, { method: "POST", url, payload });

async function residentMessages(oaUserId: string): Promise<string[]> {
  const rows = await kit.prisma.outboundMessage.findMany({
    where: { oaUserId, kind: "HELP_UPDATE" },
    orderBy: { createdAt: "asc" },
  });
  return rows.flatMap((row) => readOutboundPayload(row.payload).map((m) => m.text));
}

function memberNotices(memberOaUserId: string) {
  return kit.prisma.outboundMessage.findMany({
    where: { oaUserId: memberOaUserId, kind: "MEMBER_NOTICE" },
    orderBy: { createdAt: "asc" },
  });
}

async function events(helpRequestId: string) {
  return kit.prisma.helpRequestEvent.findMany({ where: { helpRequestId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
}

describe("claim", () => {
  it("of two members tapping at once exactly one wins, the other gets HELP_REQUEST_NOT_OPEN; one event, one message", async () => {
    const request = await openRequest();
    // The colleague signs in for the race.
    const colleagueToken = ((await kit.signIn("8100000000000000001")).json() as { token: string }).token;
    const [a, b] = await Promise.all([
      post("member", `/api/help-requests/${request.id}/claim`),
      kit.t.app.inject({
        method: "POST",
        url: `/api/help-requests/${request.id}/claim`,
        headers: { authorization: `Bearer ${colleagueToken}` },
        payload: {},
      }),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().code).toBe("HELP_REQUEST_NOT_OPEN");
    expect((await events(request.id)).filter((e) => e.kind === "CLAIMED")).toHaveLength(1);
    const told = await residentMessages(request.resident?.oaUserId ?? "");
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^Đoàn viên (Nguyễn Thị Hoa|Lê Văn Đồng) \(Xã Hoằng Đạo\) đã nhận .* sẽ liên hệ với bạn/);
    // With one tap to withdraw it, for a resident who managed alone (the chat asks before withdrawing).
    const [claimedRow] = await kit.prisma.outboundMessage.findMany({
      where: { oaUserId: request.resident?.oaUserId ?? "", kind: "HELP_UPDATE" },
    });
    expect(readOutboundPayload(claimedRow?.payload ?? null)[0]?.buttons).toEqual([
      { kind: "reply", title: RESIDENT_TEXT.withdrawButton, payload: RESIDENT_TEXT.withdrawButton },
    ]);

    // The winner tapping again changes nothing.
    const winner = a.statusCode === 200 ? "member" : null;
    if (winner) {
      expect((await post("member", `/api/help-requests/${request.id}/claim`)).statusCode).toBe(200);
      expect(await residentMessages(request.resident?.oaUserId ?? "")).toHaveLength(1);
    }
  });
});

describe("release", () => {
  it("opens the request again; the resident and the unit's linked members are told; only the claimant or the lead may", async () => {
    const request = await openRequest();
    expect((await post("member", `/api/help-requests/${request.id}/release`)).json().code).toBe(
      "HELP_REQUEST_NOT_CLAIMED",
    );
    await post("leadHere", `/api/help-requests/${request.id}/claim`);
    const notYours = await post("member", `/api/help-requests/${request.id}/release`);
    expect(notYours.statusCode).toBe(403);
    expect(notYours.json().code).toBe("HELP_REQUEST_NOT_YOURS");

    const before = (await memberNotices("7100000000000000001")).length;
    const released = await post("leadHere", `/api/help-requests/${request.id}/release`);
    expect(released.statusCode).toBe(200);
    expect(released.json()).toMatchObject({ status: "OPEN", claimedBy: null });
    expect((await events(request.id)).map((e) => e.kind)).toEqual(["CLAIMED", "RELEASED"]);
    const told = await residentMessages(request.resident?.oaUserId ?? "");
    expect(told.at(-1)).toContain("một đoàn viên khác sẽ sớm liên hệ với bạn");
    const notices = await memberNotices("7100000000000000001");
    expect(notices).toHaveLength(before + 1);
    expect(readOutboundPayload(notices.at(-1)?.payload ?? null)[0]).toMatchObject({
      text: expect.stringContaining("lại đang chờ người nhận"),
      buttons: [{ kind: "link", title: "Mở yêu cầu", url: `https://zalo.me/s/1234/help/${request.id}` }],
    });
  });
});

describe("hand over", () => {
  it("gives a claimed request to another active member of the unit, who is told by OA message", async () => {
    const request = await openRequest();
    // A member hands over only what they hold.
    expect(
      (await post("member", `/api/help-requests/${request.id}/hand-over`, { memberId: colleague.id })).json().code,
    ).toBe("HELP_REQUEST_NOT_YOURS");
    await post("member", `/api/help-requests/${request.id}/claim`);
    const toOtherUnit = await post("member", `/api/help-requests/${request.id}/hand-over`, { memberId: catMember.id });
    expect(toOtherUnit.statusCode).toBe(400);
    expect(toOtherUnit.json().code).toBe("HELP_HANDOVER_TARGET_INVALID");
    const toPending = await post("member", `/api/help-requests/${request.id}/hand-over`, {
      memberId: kit.memberIds.pending,
    });
    expect(toPending.json().code).toBe("HELP_HANDOVER_TARGET_INVALID");

    const before = (await memberNotices("7100000000000000001")).length;
    const handed = await post("member", `/api/help-requests/${request.id}/hand-over`, { memberId: colleague.id });
    expect(handed.statusCode).toBe(200);
    expect(handed.json()).toMatchObject({ status: "CLAIMED", claimedBy: { id: colleague.id, name: "Lê Văn Đồng" } });
    const history = await events(request.id);
    expect(history.map((e) => e.kind)).toEqual(["CLAIMED", "HANDED_OVER"]);
    expect(history[1]).toMatchObject({ actorId: kit.memberIds.member, toMemberId: colleague.id });
    expect((await residentMessages(request.resident?.oaUserId ?? "")).at(-1)).toContain(
      "Đoàn viên Lê Văn Đồng sẽ liên hệ với bạn",
    );
    const notices = await memberNotices("7100000000000000001");
    expect(notices).toHaveLength(before + 1);
    expect(readOutboundPayload(notices.at(-1)?.payload ?? null)[0]?.text).toContain(
      "Nguyễn Thị Hoa đã giao cho bạn yêu cầu hỗ trợ",
    );
    // The previous claimant no longer holds it.
    expect((await post("member", `/api/help-requests/${request.id}/complete`)).json().code).toBe(
      "HELP_REQUEST_NOT_YOURS",
    );
  });

  it("lets the unit's lead assign an open request", async () => {
    const request = await openRequest();
    const assigned = await post("leadHere", `/api/help-requests/${request.id}/hand-over`, {
      memberId: kit.memberIds.member,
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json().claimedBy.id).toBe(kit.memberIds.member);
  });
});

describe("cancel", () => {
  it("closes with a reason recorded, tells the resident in plain words, and is harmless to repeat", async () => {
    const request = await openRequest();
    // A member claims before closing (they are the one who called).
    expect((await post("member", `/api/help-requests/${request.id}/cancel`, { reason: "NO_ANSWER" })).json().code).toBe(
      "HELP_REQUEST_NOT_CLAIMED",
    );
    await post("member", `/api/help-requests/${request.id}/claim`);
    const cancelled = await post("member", `/api/help-requests/${request.id}/cancel`, { reason: "NO_ANSWER" });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe("CANCELLED");
    expect((await post("member", `/api/help-requests/${request.id}/cancel`, { reason: "NO_ANSWER" })).statusCode).toBe(
      200,
    );
    const history = await events(request.id);
    expect(history.map((e) => [e.kind, e.reason])).toEqual([
      ["CLAIMED", null],
      ["CANCELLED", "NO_ANSWER"],
    ]);
    expect((await residentMessages(request.resident?.oaUserId ?? "")).at(-1)).toContain("chưa liên lạc được với bạn");
    // Closed: nothing more can happen to it.
    expect((await post("member", `/api/help-requests/${request.id}/claim`)).statusCode).toBe(409);
    expect((await post("member", `/api/help-requests/${request.id}/release`)).json().code).toBe("HELP_REQUEST_CLOSED");

    const solved = await openRequest();
    const byLead = await post("leadHere", `/api/help-requests/${solved.id}/cancel`, { reason: "ALREADY_SOLVED" });
    expect(byLead.statusCode).toBe(200);
    expect((await residentMessages(solved.resident?.oaUserId ?? "")).at(-1)).toContain("bạn đã tự làm được");
    const bad = await post("leadHere", `/api/help-requests/${solved.id}/cancel`, { reason: "BORED" });
    expect(bad.statusCode).toBe(400);
    // Only the resident withdraws their own request (in the chat): no member may close one in their name.
    const open = await openRequest();
    const asResident = await post("leadHere", `/api/help-requests/${open.id}/cancel`, { reason: "RESIDENT_WITHDREW" });
    expect(asResident.statusCode).toBe(400);
    expect((await kit.prisma.helpRequest.findUniqueOrThrow({ where: { id: open.id } })).status).toBe("OPEN");
  });

  it("WRONG_UNIT moves it to the right unit, whose members are told, and the mover no longer sees the contact", async () => {
    const request = await openRequest();
    const noUnit = await post("member", `/api/help-requests/${request.id}/cancel`, { reason: "WRONG_UNIT" });
    expect(noUnit.statusCode).toBe(400);
    const sameUnit = await post("member", `/api/help-requests/${request.id}/cancel`, {
      reason: "WRONG_UNIT",
      unitCode: "HOANG_DAO",
    });
    expect(sameUnit.json().code).toBe("HELP_MOVE_TARGET_INVALID");
    const unknown = await post("member", `/api/help-requests/${request.id}/cancel`, {
      reason: "WRONG_UNIT",
      unitCode: "NOWHERE",
    });
    expect(unknown.statusCode).toBe(404);

    await post("member", `/api/help-requests/${request.id}/claim`);
    const moved = await post("member", `/api/help-requests/${request.id}/cancel`, {
      reason: "WRONG_UNIT",
      unitCode: "hoang_cat",
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      status: "OPEN",
      unit: { code: "HOANG_CAT" },
      claimedBy: null,
      residentName: null,
      contactPhone: null,
      contactAddress: null,
    });
    const history = await events(request.id);
    expect(history.at(-1)).toMatchObject({
      kind: "MOVED",
      reason: "WRONG_UNIT",
      fromUnitId: kit.units.dao,
      toUnitId: kit.units.cat,
    });
    expect((await residentMessages(request.resident?.oaUserId ?? "")).at(-1)).toContain("chuyển đến Xã Hoằng Cát");
    const notices = await memberNotices(catMember.oaUserId ?? "");
    expect(readOutboundPayload(notices.at(-1)?.payload ?? null)[0]?.text).toContain(
      "được chuyển từ Xã Hoằng Đạo sang Xã Hoằng Cát",
    );
    // Now HOANG_CAT's: its lead sees the contact, HOANG_DAO's member gets nothing.
    const there = await kit.as("leadOther", { method: "GET", url: `/api/help-requests/${request.id}` });
    expect(there.json()).toMatchObject({
      contactPhone: request.contactPhone,
      contactAddress: "Thôn Phú Khê",
      residentName: "Bà Tư",
    });
    const here = await kit.as("member", { method: "GET", url: `/api/help-requests/${request.id}` });
    expect(here.statusCode).toBe(403);
    expect(here.body).not.toContain(request.contactPhone);
  });
});

describe("complete", () => {
  it("records DONE, shows the history, and the assistance log linked to it counts once", async () => {
    const request = await openRequest();
    await post("member", `/api/help-requests/${request.id}/claim`);
    const done = await post("member", `/api/help-requests/${request.id}/complete`);
    expect(done.statusCode).toBe(200);
    const detail = await kit.as("member", { method: "GET", url: `/api/help-requests/${request.id}` });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      status: "DONE",
      services: ["VNEID"],
      contactAddress: "Thôn Phú Khê",
      assistanceLogId: null,
      events: [
        { kind: "CLAIMED", actor: { id: kit.memberIds.member, name: "Nguyễn Thị Hoa" } },
        { kind: "DONE", actor: { name: "Nguyễn Thị Hoa" } },
      ],
    });
    const log = await post("member", "/api/assistance-logs", newAssistanceLog({ helpRequestId: request.id }));
    expect(log.statusCode).toBe(201);
    const again = await post("member", "/api/assistance-logs", newAssistanceLog({ helpRequestId: request.id }));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("HELP_REQUEST_ALREADY_LOGGED");
    const after = await kit.as("member", { method: "GET", url: `/api/help-requests/${request.id}` });
    expect(after.json().assistanceLogId).toBe(log.json().id);
  });

  it("of a release and a completion at once one wins; the other gets a stable 409", async () => {
    const request = await openRequest();
    await post("member", `/api/help-requests/${request.id}/claim`);
    const [release, complete] = await Promise.all([
      post("member", `/api/help-requests/${request.id}/release`),
      post("leadHere", `/api/help-requests/${request.id}/complete`),
    ]);
    const codes = [release, complete].filter((r) => r.statusCode !== 200).map((r) => r.json().code);
    expect([release.statusCode, complete.statusCode].filter((s) => s === 200)).toHaveLength(1);
    expect(codes).toHaveLength(1);
    expect(["HELP_REQUEST_CHANGED", "HELP_REQUEST_NOT_CLAIMED"]).toContain(codes[0]);
    const history = await events(request.id);
    expect(history.filter((e) => e.kind === "RELEASED" || e.kind === "DONE")).toHaveLength(1);
  });
});

describe("scope", () => {
  it("shows who and where to the unit, the phone to its leads, admins and the member who claims; never to another unit", async () => {
    const request = await openRequest();
    for (const role of ["leadHere", "admin"] as const) {
      const detail = await kit.as(role, { method: "GET", url: `/api/help-requests/${request.id}` });
      expect(detail.json()).toMatchObject({
        contactPhone: request.contactPhone,
        contactPhoneAfterClaim: false,
        residentName: "Bà Tư",
      });
    }
    // A member choosing from the inbox sees who and where, and that a phone number waits for whoever claims.
    const before = await kit.as("member", { method: "GET", url: `/api/help-requests/${request.id}` });
    expect(before.json()).toMatchObject({
      contactPhone: null,
      contactPhoneAfterClaim: true,
      residentName: "Bà Tư",
      contactAddress: "Thôn Phú Khê",
    });
    expect(before.body).not.toContain(request.contactPhone);
    const list = await kit.as("member", { method: "GET", url: "/api/help-requests?status=OPEN" });
    expect(list.json().items.find((i: { id: string }) => i.id === request.id)).toMatchObject({
      contactPhone: null,
      contactPhoneAfterClaim: true,
      contactAddress: "Thôn Phú Khê",
    });
    expect(list.body).not.toContain(request.contactPhone);
    const claimed = await post("member", `/api/help-requests/${request.id}/claim`);
    expect(claimed.json()).toMatchObject({ contactPhone: request.contactPhone, contactPhoneAfterClaim: false });
    await post("member", `/api/help-requests/${request.id}/release`);
    const other = await kit.as("leadOther", { method: "GET", url: `/api/help-requests/${request.id}` });
    expect(other.statusCode).toBe(403);
    expect(other.body).not.toContain(request.contactPhone);
    const otherList = await kit.as("leadOther", { method: "GET", url: "/api/help-requests" });
    expect(otherList.body).not.toContain(request.id);
    expect(otherList.body).not.toContain(request.contactPhone);
    for (const action of ["claim", "release", "complete"]) {
      expect((await post("leadOther", `/api/help-requests/${request.id}/${action}`)).statusCode).toBe(403);
    }
    expect(
      (await kit.as("leadOther", { method: "GET", url: `/api/help-requests/${request.id}/colleagues` })).statusCode,
    ).toBe(403);
    const missing = await kit.as("member", { method: "GET", url: "/api/help-requests/nope" });
    expect(missing.statusCode).toBe(404);
  });

  it("lists the unit's active members to hand to, and counts the badge", async () => {
    const request = await openRequest();
    const colleagues = await kit.as("member", { method: "GET", url: `/api/help-requests/${request.id}/colleagues` });
    const names = colleagues.json().items.map((m: { name: string }) => m.name);
    expect(names).toEqual(expect.arrayContaining(["Lê Văn Đồng", "Nguyễn Thị Hoa", "Trần Văn Bí Thư"]));
    expect(names).not.toContain("Hoàng Gia Bảo");
    expect(names).not.toContain("Đỗ Thị Cát");

    const before = (await kit.as("member", { method: "GET", url: "/api/help-requests/counts" })).json();
    await post("member", `/api/help-requests/${request.id}/claim`);
    const after = (await kit.as("member", { method: "GET", url: "/api/help-requests/counts" })).json();
    expect(after).toEqual({ open: before.open - 1, mine: before.mine + 1 });
    const mine = await kit.as("member", { method: "GET", url: "/api/help-requests?mine=true" });
    const ids = mine.json().items.map((i: { id: string; claimedBy: { id: string } }) => i.claimedBy.id);
    expect(new Set(ids)).toEqual(new Set([kit.memberIds.member]));
  });
});

describe("response times", () => {
  it("puts the median asked → claimed and asked → done per unit on the unit and organisation dashboards", async () => {
    // HOANG_CAT alone, so the figures are this test's: taken after 60 and 180 minutes, one done after 240.
    const hour = 3_600_000;
    const base = Date.now() - 10 * hour;
    const requests = [
      await openRequest(kit.units.cat, new Date(base)),
      await openRequest(kit.units.cat, new Date(base)),
    ];
    await kit.prisma.helpRequest.deleteMany({
      where: { unitId: kit.units.cat, id: { notIn: requests.map((r) => r.id) } },
    });
    const [first, second] = requests as [(typeof requests)[0], (typeof requests)[0]];
    await kit.prisma.helpRequestEvent.createMany({
      data: [
        { helpRequestId: first.id, kind: "CLAIMED", at: new Date(base + hour) },
        // Released and taken again later: the first take counts.
        { helpRequestId: first.id, kind: "RELEASED", at: new Date(base + 2 * hour) },
        { helpRequestId: first.id, kind: "CLAIMED", at: new Date(base + 5 * hour) },
        { helpRequestId: second.id, kind: "HANDED_OVER", at: new Date(base + 3 * hour) },
      ],
    });
    await kit.prisma.helpRequest.update({
      where: { id: first.id },
      data: { status: "DONE", doneAt: new Date(base + 4 * hour) },
    });
    const unit = await kit.as("leadOther", { method: "GET", url: "/api/dashboard/unit/HOANG_CAT" });
    expect(unit.statusCode).toBe(200);
    expect(unit.json().responseTimes.overall).toEqual({
      asked: 2,
      claimed: 2,
      done: 1,
      medianToClaimMinutes: 120,
      medianToDoneMinutes: 240,
    });
    const org = await kit.as("admin", { method: "GET", url: "/api/dashboard/organisation" });
    expect(org.statusCode).toBe(200);
    expect(org.json().responseTimes.units).toContainEqual({
      code: "HOANG_CAT",
      name: "Xã Hoằng Cát",
      asked: 2,
      claimed: 2,
      done: 1,
      medianToClaimMinutes: 120,
      medianToDoneMinutes: 240,
    });
  });
});
