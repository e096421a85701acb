import { parseHelpRatingPayload } from "@xks/shared/api/help-requests";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readOutboundPayload } from "../bot/src/outbound/queue-outbound-message.ts";
import { type ApiKit, createApiTestKit, multipartFile, newAssistanceLog, TINY_PNG } from "./support/api-test-kit.ts";

describe("help requests, content, dashboards, units and exports", () => {
  let kit: ApiKit;
  beforeAll(async () => {
    kit = await createApiTestKit();
  });
  afterAll(async () => {
    await kit.close();
  });

  describe("help requests", () => {
    async function openRequest(unitId = kit.units.dao) {
      const resident = await kit.prisma.resident.create({
        data: { oaUserId: `70000000${Math.floor(Math.random() * 1e10)}`, displayName: "Bà Tư" },
      });
      return kit.prisma.helpRequest.create({
        data: { unitId, residentId: resident.id, topic: "Cài VNeID mức 2", preferredTime: "Chiều thứ Bảy" },
      });
    }

    const residentOf = (request: { residentId: string | null }) =>
      kit.prisma.resident.findUniqueOrThrow({ where: { id: request.residentId ?? "" } });

    it("tells the resident once when a member claims, and refuses a second claimant", async () => {
      const request = await openRequest();
      const claim = await kit.as("member", { method: "POST", url: `/api/help-requests/${request.id}/claim` });
      expect(claim.statusCode).toBe(200);
      expect(claim.json()).toMatchObject({
        status: "CLAIMED",
        claimedBy: { id: kit.memberIds.member },
        residentName: "Bà Tư",
      });
      const again = await kit.as("member", { method: "POST", url: `/api/help-requests/${request.id}/claim` });
      expect(again.statusCode).toBe(200);
      const other = await kit.as("leadHere", { method: "POST", url: `/api/help-requests/${request.id}/claim` });
      expect(other.statusCode).toBe(409);
      expect(other.json().code).toBe("HELP_REQUEST_NOT_OPEN");

      const messages = await kit.prisma.outboundMessage.findMany({
        where: { idempotencyKey: { startsWith: "help-event:" }, oaUserId: (await residentOf(request)).oaUserId },
      });
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ kind: "HELP_UPDATE", status: "QUEUED" });
      expect(readOutboundPayload(messages[0]?.payload ?? null)[0]?.text).toContain("Nguyễn Thị Hoa");
    });

    it("completes a claimed request and asks the resident for a one-tap rating", async () => {
      const request = await openRequest();
      const tooEarly = await kit.as("member", { method: "POST", url: `/api/help-requests/${request.id}/complete` });
      expect(tooEarly.statusCode).toBe(409);
      await kit.as("member", { method: "POST", url: `/api/help-requests/${request.id}/claim` });
      const done = await kit.as("member", { method: "POST", url: `/api/help-requests/${request.id}/complete` });
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({ status: "DONE", doneAt: expect.any(String) });
      const repeat = await kit.as("member", { method: "POST", url: `/api/help-requests/${request.id}/complete` });
      expect(repeat.statusCode).toBe(200);

      // A plain member completes only what they claimed; the unit lead may close anyone's.
      const leadsRequest = await openRequest();
      await kit.as("leadHere", { method: "POST", url: `/api/help-requests/${leadsRequest.id}/claim` });
      const byMember = await kit.as("member", {
        method: "POST",
        url: `/api/help-requests/${leadsRequest.id}/complete`,
      });
      expect(byMember.statusCode).toBe(403);

      const doneEvent = await kit.prisma.helpRequestEvent.findFirstOrThrow({
        where: { helpRequestId: request.id, kind: "DONE" },
      });
      const messages = await kit.prisma.outboundMessage.findMany({
        where: { idempotencyKey: `help-event:${doneEvent.id}` },
      });
      expect(messages).toHaveLength(1);
      const payload = readOutboundPayload(messages[0]?.payload ?? null)[0] as {
        text: string;
        buttons: { kind: string; payload: string }[];
      };
      expect(payload.buttons).toHaveLength(5);
      // Zalo shows a tapped payload as the resident's own message, so it reads "Đánh giá 5 sao" with no id: the
      // rating goes to the resident's latest completed request.
      expect(payload.buttons.map((b) => parseHelpRatingPayload(b.payload))).toEqual(
        [5, 4, 3, 2, 1].map((score) => ({ helpRequestId: null, score })),
      );
      expect(payload.buttons[0]?.payload).toBe("Đánh giá 5 sao");
    });

    it("lists the unit's inbox open first, and never another unit's", async () => {
      const other = await openRequest(kit.units.cat);
      const inbox = await kit.as("member", { method: "GET", url: "/api/help-requests" });
      const items = inbox.json().items as { id: string; status: string }[];
      expect(items.map((i) => i.id)).not.toContain(other.id);
      const firstNotOpen = items.findIndex((i) => i.status !== "OPEN");
      const lastOpen = items.map((i) => i.status).lastIndexOf("OPEN");
      if (firstNotOpen >= 0 && lastOpen >= 0) expect(lastOpen).toBeLessThan(firstNotOpen);
      const onlyOpen = await kit.as("leadOther", { method: "GET", url: "/api/help-requests?status=OPEN" });
      expect(onlyOpen.json().items.map((i: { id: string }) => i.id)).toEqual([other.id]);
      const bad = await kit.as("member", { method: "GET", url: "/api/help-requests?status=WHATEVER" });
      expect(bad.statusCode).toBe(400);
    });
  });

  describe("content", () => {
    it("puts pinned items first, searches without diacritics and hides drafts from members", async () => {
      const create = (payload: Record<string, unknown>) =>
        kit.as("admin", { method: "POST", url: "/api/content", payload });
      const guide = (
        await create({ kind: "GUIDE", title: "Định danh điện tử mức 2", body: "Mang CCCD gắn chip" })
      ).json();
      const pinned = (
        await create({ kind: "NOTICE", title: "Ngày hội số", body: "Hỗ trợ định danh tại nhà văn hóa", pinned: true })
      ).json();
      const draft = (await create({ kind: "NOTICE", title: "Bản nháp định danh", published: false })).json();
      const qr = await create({ kind: "QR", title: "Thi trực tuyến", qrTarget: "https://example.org/thi" });
      expect(qr.statusCode).toBe(201);
      expect(qr.json().qrTarget).toBe("https://example.org/thi");

      const search = await kit.as("member", { method: "GET", url: "/api/content?q=dinh%20danh" });
      expect(search.json().items.map((i: { id: string }) => i.id)).toEqual([pinned.id, guide.id]);
      const asAdmin = await kit.as("admin", { method: "GET", url: "/api/content?q=DINH&includeUnpublished=true" });
      expect(asAdmin.json().items.map((i: { id: string }) => i.id)).toContain(draft.id);
      const memberDraft = await kit.as("member", { method: "GET", url: `/api/content/${draft.id}` });
      expect(memberDraft.statusCode).toBe(404);
      const memberAskingDrafts = await kit.as("member", { method: "GET", url: "/api/content?includeUnpublished=true" });
      expect(memberAskingDrafts.json().items.map((i: { id: string }) => i.id)).not.toContain(draft.id);
      const onlyQr = await kit.as("member", { method: "GET", url: "/api/content?kind=QR" });
      expect(onlyQr.json().items).toHaveLength(1);
    });

    it("saves an admin's text as written and warns when it seems to hold an ID number, OTP or password", async () => {
      const body = "Ví dụ: CCCD 038123456789, mã OTP của bạn là 482913. Hotline 0912345678.";
      const created = await kit.as("admin", {
        method: "POST",
        url: "/api/content",
        payload: { kind: "GUIDE", title: "Hướng dẫn mẫu", body },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ body, privacyWarnings: ["CITIZEN_ID", "OTP"] });
      const edited = await kit.as("admin", {
        method: "PATCH",
        url: `/api/content/${created.json().id}`,
        payload: { body: "Hotline 0912345678, giờ hành chính." },
      });
      expect(edited.json()).toMatchObject({ privacyWarnings: [] });
      const clean = await kit.as("admin", {
        method: "POST",
        url: "/api/content",
        payload: { kind: "NOTICE", title: "Ngày hội", body: "Sáng 12/05/2025, phí 50.000đ" },
      });
      expect(clean.json().privacyWarnings).toEqual([]);
    });

    it("refuses a QR code without a link, an infographic without an image, and a link that is not http(s)", async () => {
      const create = (payload: Record<string, unknown>) =>
        kit.as("admin", { method: "POST", url: "/api/content", payload });
      expect((await create({ kind: "QR", title: "Thi" })).statusCode).toBe(400);
      expect((await create({ kind: "INFOGRAPHIC", title: "Ảnh" })).statusCode).toBe(400);
      expect((await create({ kind: "QR", title: "Thi", qrTarget: "javascript:alert(1)" })).statusCode).toBe(400);
      expect((await create({ kind: "GUIDE", title: "Ảnh", imageId: "missing" })).json().code).toBe("IMAGE_NOT_FOUND");
      const guide = (await create({ kind: "GUIDE", title: "Tạm" })).json();
      const toQr = await kit.as("admin", { method: "PATCH", url: `/api/content/${guide.id}`, payload: { kind: "QR" } });
      expect(toQr.statusCode).toBe(400);
      expect(toQr.json().code).toBe("QR_TARGET_REQUIRED");
    });

    it("stores JPEG/PNG uploads up to 1 MB and serves them publicly", async () => {
      const upload = (bytes: Buffer, mime = "image/png") =>
        kit.as("admin", { method: "POST", url: "/api/uploads/images", ...multipartFile("file", "x.png", mime, bytes) });
      const ok = await upload(TINY_PNG);
      expect(ok.statusCode).toBe(201);
      const { id, url } = ok.json();
      expect(url).toBe(`/api/images/${id}`);
      const image = await kit.t.app.inject({ method: "GET", url });
      expect(image.statusCode).toBe(200);
      expect(image.headers["content-type"]).toBe("image/png");
      expect(image.rawPayload.equals(TINY_PNG)).toBe(true);

      const infographic = await kit.as("admin", {
        method: "POST",
        url: "/api/content",
        payload: { kind: "INFOGRAPHIC", title: "Lừa đảo qua mạng", imageId: id },
      });
      expect(infographic.json().imageUrl).toBe(url);

      const notImage = await upload(Buffer.from("<svg onload=alert(1)>"), "image/png");
      expect(notImage.statusCode).toBe(400);
      expect(notImage.json().code).toBe("UNSUPPORTED_IMAGE");
      const big = Buffer.concat([TINY_PNG, Buffer.alloc(1_048_577)]);
      const tooBig = await upload(big);
      expect(tooBig.statusCode).toBe(400);
      expect(tooBig.json().code).toBe("IMAGE_TOO_LARGE");
      const noFile = await kit.as("admin", { method: "POST", url: "/api/uploads/images", payload: { file: "x" } });
      expect(noFile.statusCode).toBe(400);
      const missing = await kit.t.app.inject({ method: "GET", url: "/api/images/nope" });
      expect(missing.statusCode).toBe(404);
    });
  });

  describe("units", () => {
    it("lists the tree depth-first for a signed-in newcomer", async () => {
      const res = await kit.as("pending", { method: "GET", url: "/api/units" });
      const items = res.json().items as { code: string; depth: number; parentCode: string | null }[];
      expect(items[0]).toMatchObject({ code: "HOANG_HOA", depth: 0, parentCode: null });
      const dao = items.findIndex((u) => u.code === "HOANG_DAO");
      expect(items[dao + 1]).toMatchObject({ code: "THCS_HOANG_DAO", depth: 2, parentCode: "HOANG_DAO" });
    });

    it("imports all-or-nothing and reports bad lines; edits name and target", async () => {
      const bad = await kit.as("admin", {
        method: "POST",
        url: "/api/units/import",
        payload: { csv: "code,name,kind\nHOANG_MOI,Xã Mới,commune\n,Thiếu mã,commune\nX,Y,planet\n" },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe("UNITS_CSV_INVALID");
      expect(bad.json().details.map((d: { line: number }) => d.line)).toEqual([3, 4]);
      expect(await kit.prisma.unit.findUnique({ where: { code: "HOANG_MOI" } })).toBeNull();

      const good = await kit.as("admin", {
        method: "POST",
        url: "/api/units/import",
        payload: {
          csv: "code,name,kind,target_people_per_week\nHOANG_MOI,Xã Mới,commune,25\n",
          parentCode: "HOANG_HOA",
        },
      });
      expect(good.json()).toEqual({ created: 1, updated: 0, merged: 0, retired: 0 });
      const patched = await kit.as("admin", {
        method: "PATCH",
        url: "/api/units/hoang_moi",
        payload: { name: "Xã Hoằng Mới", targetPeoplePerWeek: 35 },
      });
      expect(patched.json()).toMatchObject({
        code: "HOANG_MOI",
        name: "Xã Hoằng Mới",
        targetPeoplePerWeek: 35,
        parentCode: "HOANG_HOA",
      });
      expect((await kit.as("admin", { method: "PATCH", url: "/api/units/HOANG_MOI", payload: {} })).statusCode).toBe(
        400,
      );
      expect(
        (await kit.as("admin", { method: "PATCH", url: "/api/units/KHONG_CO", payload: { name: "x" } })).statusCode,
      ).toBe(404);
      const negative = await kit.as("admin", {
        method: "PATCH",
        url: "/api/units/HOANG_MOI",
        payload: { targetPeoplePerWeek: -1 },
      });
      expect(negative.statusCode).toBe(400);
    });
  });

  describe("dashboards", () => {
    it("counts this week's people against the unit's target and ranks the units", async () => {
      await kit.prisma.unit.update({ where: { id: kit.units.dao }, data: { targetPeoplePerWeek: 10 } });
      await kit.prisma.unit.update({ where: { id: kit.units.cat }, data: { targetPeoplePerWeek: 10 } });
      const now = new Date().toISOString();
      await kit.as("member", {
        method: "POST",
        url: "/api/assistance-logs",
        payload: newAssistanceLog({ happenedAt: now, people: 4 }),
      });
      await kit.as("leadHere", {
        method: "POST",
        url: "/api/assistance-logs",
        payload: newAssistanceLog({ happenedAt: now, people: 1 }),
      });
      await kit.as("leadOther", {
        method: "POST",
        url: "/api/assistance-logs",
        payload: newAssistanceLog({ happenedAt: now, people: 8, services: ["ONLINE_SAFETY"] }),
      });

      const unit = (await kit.as("leadHere", { method: "GET", url: "/api/dashboard/unit/HOANG_DAO" })).json();
      expect(unit.thisWeek.people).toBeGreaterThanOrEqual(5);
      expect(unit.progress).toBeCloseTo(unit.thisWeek.people / 10, 3);
      expect(unit.trend).toHaveLength(8);
      expect(unit.trend.at(-1).weekStart).toBe(unit.weekStart);
      expect(unit.members[0].id).toBe(kit.memberIds.member);

      const me = (await kit.as("member", { method: "GET", url: "/api/dashboard/me" })).json();
      expect(me.thisWeek.people).toBeGreaterThanOrEqual(4);
      expect(me.byService.find((s: { service: string }) => s.service === "VNEID").logs).toBeGreaterThan(0);

      await kit.prisma.checklistStepEvent.createMany({
        data: [
          ...Array.from({ length: 10 }, () => ({
            checklistId: "vneid",
            stepId: "l1-install",
            kind: "ENTERED" as const,
          })),
          ...Array.from({ length: 6 }, () => ({
            checklistId: "vneid",
            stepId: "l1-register",
            kind: "ENTERED" as const,
          })),
          ...Array.from({ length: 2 }, () => ({ checklistId: "vneid", stepId: "l1-register", kind: "STUCK" as const })),
          ...Array.from({ length: 3 }, () => ({ checklistId: "vneid", stepId: "done-l1", kind: "COMPLETED" as const })),
        ],
      });
      const org = (await kit.as("admin", { method: "GET", url: "/api/dashboard/organisation" })).json();
      expect(org.units.map((u: { code: string }) => u.code).slice(0, 2)).toEqual(["HOANG_CAT", "HOANG_DAO"]);
      expect(org.units[0]).toMatchObject({ rank: 1, progress: 0.8 });
      expect(org.units.some((u: { code: string }) => u.code === "HOANG_HOA")).toBe(false);
      expect(org.byService.find((s: { service: string }) => s.service === "ONLINE_SAFETY")).toMatchObject({
        logs: 1,
        people: 8,
      });
      const vneid = org.checklists.find((c: { checklistId: string }) => c.checklistId === "vneid");
      // Titles from the checklist file, so the dashboard and any report read the same words as residents.
      expect(vneid).toMatchObject({ title: "Định danh điện tử VNeID", started: 10, completed: 3, completionRate: 0.3 });
      expect(
        vneid.steps.map((s: { stepId: string; title: string; dropOff: number }) => [s.stepId, s.title, s.dropOff]),
      ).toEqual([
        ["l1-install", "Cài ứng dụng VNeID", 0.4],
        ["l1-register", "Đăng ký tài khoản mức 1", 1],
      ]);
    });
  });

  it("documents every /api route at /docs", async () => {
    const res = await kit.t.app.inject({ method: "GET", url: "/docs/json" });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const path of [
      "/api/auth/zalo",
      "/api/me",
      "/api/members/register",
      "/api/members/{id}/approve",
      "/api/assistance-logs",
      "/api/assistance-logs/{id}",
      "/api/help-requests/{id}/claim",
      "/api/content",
      "/api/uploads/images",
      "/api/dashboard/organisation",
      "/api/exports",
      "/api/exports/{id}",
      "/api/exports/{id}/file",
    ]) {
      expect(paths).toContain(path);
    }
    const create = res.json().paths["/api/assistance-logs"].post;
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(["200", "201", "400", "401", "403", "409"]));
  });
});
