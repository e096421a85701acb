import type { AddressInfo } from "node:net";
import type { QrLink } from "@xks/shared/api/qr-codes";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DownloadLinkSigner, QR_LINK_TTL_MS } from "../bot/src/auth/download-link-signer.ts";
import { type ApiKit, createApiTestKit, DEMO, type Role } from "./support/api-test-kit.ts";
import { TEST_ZALO } from "./support/test-app.ts";

/**
 * QR poster downloads through short-lived signed links, as exports are: a unit lead or admin asks for a link
 * (bearer), and a plain GET of it over real HTTP (no Authorization header, as in Zalo's webview and `downloadFile`)
 * serves the file with its Vietnamese name. A link is good for one file (kind, id, format), for its member while
 * they may still print that poster (a registration day's: only while the day is for units they see), and for a few
 * minutes. Real server, real PostgreSQL.
 */
describe("QR poster downloads by signed link", () => {
  let kit: ApiKit;
  let base: string;
  let signer: DownloadLinkSigner;
  let quiz: { id: string; title: string; keyword: string };
  let keywordCounter = 0;

  beforeAll(async () => {
    kit = await createApiTestKit();
    await kit.t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(kit.t.app.server.address() as AddressInfo).port}`;
    signer = new DownloadLinkSigner(kit.t.config.SESSION_SECRET);
    quiz = await newQuiz("Tìm hiểu Nghị quyết Đại hội Đoàn");
  });
  afterAll(async () => {
    await kit?.close();
  });

  async function newQuiz(title: string) {
    const keyword = `THI QR ${++keywordCounter}`;
    return kit.prisma.quiz.create({
      data: {
        title,
        keyword,
        keywordKey: keyword.toLowerCase(),
        opensAt: new Date(Date.now() - 3_600_000),
        closesAt: new Date(Date.now() + 86_400_000),
      },
    });
  }

  /** A registration day for one unit, tomorrow. */
  async function eventFor(unitId: string, title: string) {
    const startsAt = new Date(Date.now() + 86_400_000);
    return kit.prisma.registrationEvent.create({
      data: {
        title,
        place: "Nhà văn hóa thôn",
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
        capacity: 30,
        units: { create: [{ unitId }] },
      },
    });
  }

  async function linkFor(role: Role, path: string) {
    return kit.as(role, { method: "POST", url: `${path}/link` });
  }

  /** A plain GET over HTTP, with no header at all: what the webview or the browser's download does. */
  async function download(url: string) {
    const response = await fetch(new URL(url, base), { redirect: "manual" });
    const body = Buffer.from(await response.arrayBuffer());
    return { response, body, json: () => JSON.parse(body.toString("utf8")) as { code: string; message: string } };
  }

  /** The link's path and query with one part changed. */
  function altered(url: string, change: (target: URL) => void): string {
    const target = new URL(url, base);
    change(target);
    return `${target.pathname}${target.search}`;
  }

  it("signs a link for a lead, and the link serves the PNG with its name, decoding back to the OA", async () => {
    const before = Date.now();
    const issued = await linkFor("leadHere", `/api/qr/quiz/${quiz.id}/png`);
    expect(issued.statusCode).toBe(200);
    expect(issued.headers["cache-control"]).toBe("no-store");
    const link = issued.json() as QrLink;
    expect(link.fileName).toBe("Mã QR - Tìm hiểu Nghị quyết Đại hội Đoàn.png");
    const url = new URL(link.url, base);
    expect(url.pathname).toBe(`/api/qr/quiz/${quiz.id}/png/file`);
    expect(url.searchParams.get("m")).toBe(kit.memberIds.leadHere);
    const expiresAt = Date.parse(link.expiresAt);
    expect(expiresAt).toBeGreaterThan(before);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + QR_LINK_TTL_MS);
    expect(Number(url.searchParams.get("exp"))).toBe(expiresAt);

    const { response, body } = await download(link.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const disposition = response.headers.get("content-disposition") ?? "";
    expect(disposition).toContain('attachment; filename="ma-qr-tim-hieu-nghi-quyet-dai-hoi-doan.png"');
    const utf8Name = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? "";
    expect(decodeURIComponent(utf8Name)).toBe(link.fileName);
    const image = PNG.sync.read(body);
    expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(
      `https://zalo.me/${TEST_ZALO.oaId}`,
    );
  });

  it("serves a registration day's SVG to an admin, with the sign-up words under the code", async () => {
    const event = await kit.prisma.registrationEvent.create({
      data: {
        title: "Ngày hội định danh mức 2",
        place: "Nhà văn hóa thôn Đông",
        startsAt: new Date(Date.now() + 86_400_000),
        endsAt: new Date(Date.now() + 90_000_000),
        capacity: 30,
      },
    });
    const issued = await linkFor("admin", `/api/qr/event/${event.id}/svg`);
    expect(issued.statusCode).toBe(200);
    const link = issued.json() as QrLink;
    expect(link.fileName).toBe("Mã QR - Ngày hội định danh mức 2.svg");
    const { response, body } = await download(link.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain('filename="ma-qr-ngay-hoi-dinh-danh-muc-2.svg"');
    const svg = body.toString("utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("Ngày hội định danh mức 2");
    expect(svg).toContain(`«Đăng ký tham gia buổi ${event.code}»`);
  });

  it("signs links only for unit leads and admins, as the poster routes draw them, and only for what exists", async () => {
    const path = `/api/qr/quiz/${quiz.id}/png`;
    // A quiz is the organisation's (every lead reads it on the quizzes page): any lead may print it.
    const expected: Record<Role, number> = {
      anonymous: 401,
      pending: 403,
      member: 403,
      leadHere: 200,
      leadOther: 200,
      admin: 200,
    };
    for (const [role, status] of Object.entries(expected) as [Role, number][]) {
      const [issued, drawn] = await Promise.all([linkFor(role, path), kit.as(role, { method: "GET", url: path })]);
      expect({ role, issued: issued.statusCode }).toEqual({ role, issued: status });
      // The same answer as the bearer route that draws the preview: one rule for both.
      expect({ role, drawn: drawn.statusCode }).toEqual({ role, drawn: status });
    }
    const missing = await linkFor("admin", "/api/qr/content/khong-co/png");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe("QR_SUBJECT_NOT_FOUND");
    expect((await linkFor("admin", `/api/qr/poster/${quiz.id}/png`)).statusCode).toBe(400);
    expect((await linkFor("admin", `/api/qr/quiz/${quiz.id}/pdf`)).statusCode).toBe(400);
  });

  it("prints a registration day's poster only for those who see the day: another unit's lead gets 404", async () => {
    const event = await eventFor(kit.units.dao, "Ngày hội định danh thôn Đạo");
    const path = `/api/qr/event/${event.id}/png`;
    const expected: Record<Role, number> = {
      anonymous: 401,
      pending: 403,
      member: 403,
      leadHere: 200,
      leadOther: 404,
      admin: 200,
    };
    for (const [role, status] of Object.entries(expected) as [Role, number][]) {
      const [issued, drawn, described] = await Promise.all([
        linkFor(role, path),
        kit.as(role, { method: "GET", url: path }),
        kit.as(role, { method: "GET", url: `/api/qr/event/${event.id}` }),
      ]);
      expect({ role, issued: issued.statusCode }).toEqual({ role, issued: status });
      expect({ role, drawn: drawn.statusCode }).toEqual({ role, drawn: status });
      expect({ role, described: described.statusCode }).toEqual({ role, described: status });
      if (status === 404) expect(issued.json().code).toBe("QR_SUBJECT_NOT_FOUND");
    }
    // The same answer the events page gives: HOANG_CAT's lead does not see HOANG_DAO's day at all.
    expect((await kit.as("leadOther", { method: "GET", url: `/api/events/${event.id}` })).statusCode).toBe(404);
  });

  it("checks the day's units again when the link is used: a link for another unit's day gets 403 QR_FORBIDDEN", async () => {
    const event = await eventFor(kit.units.dao, "Ngày hội định danh buổi tối");
    const subject = { kind: "qr", qrKind: "event", id: event.id, format: "svg" } as const;
    // Signed for HOANG_CAT's lead, as a link issued before this check, or forged with the secret, would be.
    const foreign = await download(signer.sign(subject, kit.memberIds.leadOther).url);
    expect(foreign.response.status).toBe(403);
    expect(foreign.json().code).toBe("QR_FORBIDDEN");

    const issued = (await linkFor("leadHere", `/api/qr/event/${event.id}/svg`)).json() as QrLink;
    expect((await download(issued.url)).response.status).toBe(200);
    // The day is moved to HOANG_CAT after the link was issued: HOANG_DAO's lead may no longer print it.
    await kit.prisma.registrationEventUnit.updateMany({
      where: { eventId: event.id },
      data: { unitId: kit.units.cat },
    });
    const moved = await download(issued.url);
    expect(moved.response.status).toBe(403);
    expect(moved.json().code).toBe("QR_FORBIDDEN");
    expect((await download(signer.sign(subject, kit.memberIds.leadOther).url)).response.status).toBe(200);
    expect((await download(signer.sign(subject, kit.memberIds.admin).url)).response.status).toBe(200);
  });

  it("refuses a tampered link, or one signed for another file, with 403 QR_LINK_INVALID", async () => {
    const other = await newQuiz("Cuộc thi viết");
    const issued = (await linkFor("leadHere", `/api/qr/quiz/${quiz.id}/png`)).json() as QrLink;
    const refusals = {
      forged: altered(issued.url, (u) => u.searchParams.set("sig", "A".repeat(43))),
      stretched: altered(issued.url, (u) =>
        u.searchParams.set("exp", String(Date.parse(issued.expiresAt) + 3_600_000)),
      ),
      otherMember: altered(issued.url, (u) => u.searchParams.set("m", kit.memberIds.leadOther)),
      otherFormat: altered(issued.url, (u) => {
        u.pathname = `/api/qr/quiz/${quiz.id}/svg/file`;
      }),
      otherKind: altered(issued.url, (u) => {
        u.pathname = `/api/qr/content/${quiz.id}/png/file`;
      }),
      otherId: altered(issued.url, (u) => {
        u.pathname = `/api/qr/quiz/${other.id}/png/file`;
      }),
    };
    for (const [name, url] of Object.entries(refusals)) {
      const refused = await download(url);
      expect({ name, status: refused.response.status }).toEqual({ name, status: 403 });
      expect({ name, code: refused.json().code }).toEqual({ name, code: "QR_LINK_INVALID" });
    }
    expect((await download(refusals.forged)).json().message).toBe(
      "Liên kết tải mã QR không hợp lệ. Vui lòng bấm tải lại.",
    );
    // The original still works: nothing above used it up.
    expect((await download(issued.url)).response.status).toBe(200);
  });

  it("keeps export links and poster links apart: neither opens the other's route", async () => {
    const poster = signer.sign({ kind: "qr", qrKind: "quiz", id: quiz.id, format: "png" }, kit.memberIds.leadHere);
    const asExport = altered(poster.url, (u) => {
      u.pathname = `/api/exports/${quiz.id}/file`;
    });
    const exportRefused = await download(asExport);
    expect(exportRefused.response.status).toBe(403);
    expect(exportRefused.json().code).toBe("EXPORT_LINK_INVALID");

    const exported = signer.sign({ kind: "export", exportId: quiz.id }, kit.memberIds.leadHere);
    const asPoster = altered(exported.url, (u) => {
      u.pathname = `/api/qr/quiz/${quiz.id}/png/file`;
    });
    const posterRefused = await download(asPoster);
    expect(posterRefused.response.status).toBe(403);
    expect(posterRefused.json().code).toBe("QR_LINK_INVALID");
  });

  it("refuses an expired link with 403 QR_LINK_EXPIRED, and a link without its signature with 400", async () => {
    const subject = { kind: "qr", qrKind: "quiz", id: quiz.id, format: "svg" } as const;
    const old = signer.sign(subject, kit.memberIds.leadHere, new Date(Date.now() - QR_LINK_TTL_MS - 1_000));
    const expired = await download(old.url);
    expect(expired.response.status).toBe(403);
    expect(expired.json().code).toBe("QR_LINK_EXPIRED");
    expect(expired.json().message).toBe("Liên kết tải mã QR đã hết hạn. Vui lòng bấm tải lại để lấy liên kết mới.");
    // Signed a moment ago: still good.
    const fresh = signer.sign(subject, kit.memberIds.leadHere, new Date(Date.now() - 1_000));
    expect((await download(fresh.url)).response.status).toBe(200);

    const bare = await download(`/api/qr/quiz/${quiz.id}/svg/file`);
    expect(bare.response.status).toBe(400);
    // A bearer token does not stand in for the signature.
    const withToken = await kit.as("admin", { method: "GET", url: `/api/qr/quiz/${quiz.id}/svg/file` });
    expect(withToken.statusCode).toBe(400);
  });

  it("checks the member again when the link is used: demoted, removed or never a lead gets 403 QR_FORBIDDEN", async () => {
    const lead = await kit.prisma.member.create({
      data: {
        zaloId: `9${Date.now()}`,
        name: "Lê Văn Phó Bí Thư",
        role: "UNIT_LEAD",
        status: "ACTIVE",
        unitId: kit.units.cat,
      },
    });
    const subject = { kind: "qr", qrKind: "quiz", id: quiz.id, format: "png" } as const;
    const link = signer.sign(subject, lead.id);
    expect((await download(link.url)).response.status).toBe(200);

    await kit.prisma.member.update({ where: { id: lead.id }, data: { role: "MEMBER" } });
    const demoted = await download(link.url);
    expect(demoted.response.status).toBe(403);
    expect(demoted.json().code).toBe("QR_FORBIDDEN");

    await kit.prisma.member.update({ where: { id: lead.id }, data: { role: "UNIT_LEAD", status: "REMOVED" } });
    expect((await download(link.url)).json().code).toBe("QR_FORBIDDEN");

    const members = await kit.prisma.member.findMany({ where: { zaloId: { in: [DEMO.member, DEMO.newcomer] } } });
    expect(members).toHaveLength(2);
    for (const member of members) {
      const refused = await download(signer.sign(subject, member.id).url);
      expect(refused.response.status).toBe(403);
      expect(refused.json().code).toBe("QR_FORBIDDEN");
    }
    const nobody = await download(signer.sign(subject, "no-such-member").url);
    expect(nobody.json().code).toBe("QR_FORBIDDEN");
  });

  it("answers 404 QR_SUBJECT_NOT_FOUND when the quiz was deleted after the link was signed", async () => {
    const gone = await newQuiz("Cuộc thi đã xóa");
    const issued = (await linkFor("admin", `/api/qr/quiz/${gone.id}/png`)).json() as QrLink;
    await kit.prisma.quiz.delete({ where: { id: gone.id } });
    const missing = await download(issued.url);
    expect(missing.response.status).toBe(404);
    expect(missing.json().code).toBe("QR_SUBJECT_NOT_FOUND");
  });
});
