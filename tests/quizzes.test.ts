import type { InjectOptions } from "fastify";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionTokens } from "../bot/src/auth/session-token.ts";
import { readOutboundPayload } from "../bot/src/outbound/queue-outbound-message.ts";
import type { WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { startChatStack, stopChatStack } from "./support/chat-stack.ts";
import { TEST_ZALO, type TestApp } from "./support/test-app.ts";
import { waitFor } from "./support/wait-for.ts";
import { sayAndSettle } from "./support/webhook-turns.ts";
import type { RunningEmulator } from "./support/zalo-emulator.ts";

/**
 * Quizzes end to end: an admin writes a quiz through the API (form or CSV), residents take it over the signed
 * webhook (inbound worker → engine → outbound worker → Zalo emulator), the leaderboard and its export count them
 * per commune, and the QR code decodes back to the link it should open. Real PostgreSQL and Redis.
 */

const MINIAPP_ID = "3141592653589793";
let emu: RunningEmulator;
let t: TestApp;
let runtime: WorkerRuntime;
let adminToken: string;
let msgCounter = 0;
const units: Record<string, string> = {};

beforeAll(async () => {
  ({ emu, t, runtime } = await startChatStack({
    env: { ZALO_MINIAPP_ID: MINIAPP_ID },
    queues: ["inbound", "outbound", "exports"],
  }));
  const org = await prisma().unit.create({
    data: { code: "HH_ORG", name: "Huyện đoàn Hoằng Hóa", kind: "ORGANISATION" },
  });
  for (const [code, name] of [
    ["HOANG_DAO", "Xã Hoằng Đạo"],
    ["HOANG_CAT", "Xã Hoằng Cát"],
    ["HOANG_XUAN", "Xã Hoằng Xuân"],
    ["HOANG_GIANG", "Xã Hoằng Giang"],
  ] as const) {
    units[code] = (await prisma().unit.create({ data: { code, name, kind: "COMMUNE", parentId: org.id } })).id;
  }
  const zaloId = "8100000000000000001";
  await prisma().member.create({
    data: {
      zaloId,
      name: "Lê Thị Quản Trị",
      role: "ORG_ADMIN",
      status: "ACTIVE",
      unitId: org.id,
      approvedAt: new Date(),
    },
  });
  adminToken = (
    await new SessionTokens(t.config.SESSION_SECRET).sign({ zaloId, name: "Lê Thị Quản Trị", zaloAccessToken: null })
  ).token;
});

afterAll(() => stopChatStack({ emu, t, runtime }));

const prisma = () => t.app.prisma;
const asAdmin = (options: InjectOptions) =>
  t.app.inject({ ...options, headers: { ...(options.headers ?? {}), authorization: `Bearer ${adminToken}` } });

const HOUR_MS = 3_600_000;
const QUESTIONS = [
  {
    text: "Đại hội Đoàn toàn quốc lần thứ XII họp năm nào?",
    choices: ["2017", "2022", "2024"],
    correctIndex: 1,
    explanation: "Tháng 12/2022.",
  },
  { text: "Tài khoản định danh mức 2 đăng ký ở đâu?", choices: ["Công an xã", "Bưu điện"], correctIndex: 0 },
];

function quizBody(overrides: Record<string, unknown> = {}) {
  return {
    title: "Tìm hiểu Nghị quyết Đại hội Đoàn",
    keyword: `THI ĐOÀN ${++msgCounter}`,
    intro: "Chào mừng bạn đến cuộc thi!",
    opensAt: new Date(Date.now() - HOUR_MS).toISOString(),
    closesAt: new Date(Date.now() + 24 * HOUR_MS).toISOString(),
    unitCodes: ["HH_ORG"],
    questions: QUESTIONS,
    ...overrides,
  };
}

async function createQuiz(overrides: Record<string, unknown> = {}): Promise<{ id: string; keyword: string }> {
  const response = await asAdmin({ method: "POST", url: "/api/quizzes", payload: quizBody(overrides) });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

// --- The resident's side, over the signed webhook --------------------------------------------------------------

/** Sends each text as the resident and waits until it is processed and every reply has left for Zalo. */
async function say(userId: string, ...texts: string[]): Promise<void> {
  await sayAndSettle(t.app, userId, ...texts);
}

/** The replies of the resident's last turn, as sent. */
async function lastTurn(userId: string): Promise<{ text: string; buttons: string[]; payloads: string[] }> {
  const row = await prisma().outboundMessage.findFirstOrThrow({
    where: { oaUserId: userId },
    orderBy: { createdAt: "desc" },
  });
  const messages = readOutboundPayload(row.payload);
  return {
    text: messages.map((m) => m.text).join("\n"),
    buttons: messages.flatMap((m) => m.buttons ?? []).map((b) => b.title),
    payloads: messages.flatMap((m) => m.buttons ?? []).flatMap((b) => (b.kind === "reply" ? [b.payload] : [])),
  };
}

async function attemptOf(quizId: string, userId: string) {
  const resident = await prisma().resident.findUniqueOrThrow({ where: { oaUserId: userId } });
  return prisma().quizAttempt.findUnique({ where: { quizId_residentId: { quizId, residentId: resident.id } } });
}

describe("writing quizzes", () => {
  it("refuses bad quizzes with a Vietnamese reason and a stable code", async () => {
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ keyword: "menu" }, 400, "QUIZ_KEYWORD_RESERVED", "trùng với một lệnh"],
      [{ keyword: "vneid" }, 400, "QUIZ_KEYWORD_RESERVED", "trùng với một lệnh"],
      [{ closesAt: new Date(Date.now() - 2 * HOUR_MS).toISOString() }, 400, "INVALID_INPUT", ""],
      [
        { questions: [{ text: "Câu?", choices: ["1", "2", "3", "4", "5"], correctIndex: 0 }] },
        400,
        "INVALID_INPUT",
        "",
      ],
      [{ questions: [{ text: "Câu?", choices: ["Có"], correctIndex: 0 }] }, 400, "INVALID_INPUT", ""],
      [{ questions: [{ text: "Câu?", choices: ["Có", "Không"], correctIndex: 2 }] }, 400, "INVALID_INPUT", ""],
      [{ unitCodes: ["KHONG_CO"] }, 400, "QUIZ_UNIT_UNKNOWN", "Không tìm thấy đơn vị"],
    ];
    for (const [overrides, status, code, message] of cases) {
      const response = await asAdmin({ method: "POST", url: "/api/quizzes", payload: quizBody(overrides) });
      expect(response.statusCode, JSON.stringify(overrides)).toBe(status);
      expect(response.json().code).toBe(code);
      expect(response.json().message).toContain(message);
    }
    const invalid = await asAdmin({
      method: "POST",
      url: "/api/quizzes",
      payload: quizBody({ questions: [{ text: "Câu?", choices: ["Có"], correctIndex: 0 }] }),
    });
    expect(JSON.stringify(invalid.json().details)).toContain("Mỗi câu hỏi cần ít nhất 2 lựa chọn.");
    // The same keyword, whatever its case and diacritics, belongs to one quiz.
    await createQuiz({ keyword: "Thi Hè Xanh" });
    const taken = await asAdmin({ method: "POST", url: "/api/quizzes", payload: quizBody({ keyword: "THI HE XANH" }) });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe("QUIZ_KEYWORD_TAKEN");
  });

  it("saves an ID number in a quiz's texts as written, and says so to the admin (issue 8)", async () => {
    const clean = await asAdmin({ method: "POST", url: "/api/quizzes", payload: quizBody() });
    expect(clean.json()).toMatchObject({ privacyWarnings: [] });
    const question = { text: "Số căn cước 038195012345 có mấy chữ số?", choices: ["12", "9"], correctIndex: 0 };
    const created = await asAdmin({
      method: "POST",
      url: "/api/quizzes",
      payload: quizBody({ questions: [question] }),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ questions: [{ text: question.text }], privacyWarnings: ["CITIZEN_ID"] });
    const replaced = await asAdmin({
      method: "PUT",
      url: `/api/quizzes/${created.json().id}`,
      payload: quizBody({ keyword: created.json().keyword, intro: "Mã OTP của bạn là 482913", questions: QUESTIONS }),
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toMatchObject({ privacyWarnings: ["OTP"] });
  });

  it("imports questions from CSV, and refuses a file with a bad row whole, by line", async () => {
    const meta = { ...quizBody(), questions: undefined };
    const bad = [
      "cau_hoi,a,b,c,d,dap_an,giai_thich",
      "Câu một?,Có,Không,,,A,",
      "Câu hai?,Có,,Không,,B,",
      "Câu ba?,Có,Không,,,E,",
      "Câu bốn?,Có,Không,,,C,",
    ].join("\n");
    const before = await prisma().quiz.count();
    const refused = await asAdmin({ method: "POST", url: "/api/quizzes/import", payload: { ...meta, csv: bad } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe("QUIZ_CSV_INVALID");
    expect(refused.json().details).toEqual([
      { line: 3, code: "QUIZ_CSV_CHOICE_GAP", message: "Các lựa chọn phải điền liền nhau từ A." },
      { line: 4, code: "QUIZ_CSV_CORRECT", message: "Cột dap_an phải là A, B, C, D (hoặc 1–4)." },
      { line: 5, code: "QUIZ_CSV_ROW_INVALID", message: "Đáp án đúng phải là một trong các lựa chọn." },
    ]);
    expect(await prisma().quiz.count()).toBe(before);

    const good =
      '\uFEFFcau_hoi;a;b;c;d;dap_an;giai_thich\r\n"Mã OTP có được đưa cho ai không?";Có;Không;;;B;"Không bao giờ, kể cả ""công an"""\r\nVNeID mức 2 cần gì?;Thẻ căn cước gắn chip;Sổ hộ khẩu;;;1;\r\n';
    const created = await asAdmin({ method: "POST", url: "/api/quizzes/import", payload: { ...meta, csv: good } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().questions).toEqual([
      {
        text: "Mã OTP có được đưa cho ai không?",
        choices: ["Có", "Không"],
        correctIndex: 1,
        explanation: 'Không bao giờ, kể cả "công an"',
      },
      {
        text: "VNeID mức 2 cần gì?",
        choices: ["Thẻ căn cước gắn chip", "Sổ hộ khẩu"],
        correctIndex: 0,
        explanation: null,
      },
    ]);
  });
});

describe("taking a quiz on the OA", () => {
  it("starts by the keyword, asks the commune, re-asks on a non-choice, resumes, scores once", async () => {
    const quiz = await createQuiz({ keyword: "Thi Tuổi Trẻ" });
    const r = emu.reachableResident();
    await say(r.userId, "thi tuoi tre");
    expect((await lastTurn(r.userId)).text).toContain("Bạn ở xã/phường nào?");
    await say(r.userId, "hoằng đạo");
    let turn = await lastTurn(r.userId);
    expect(turn.text).toContain("📝 Cuộc thi «Tìm hiểu Nghị quyết Đại hội Đoàn»");
    expect(turn.text).toContain("Câu 1/2: Đại hội Đoàn toàn quốc lần thứ XII họp năm nào?");
    expect(turn.buttons).toEqual(["A. 2017", "B. 2022", "C. 2024"]);
    const sent = emu.emulator.state.sent.filter((s) => s.userId === r.userId).at(-1);
    expect(sent?.text).toContain("Câu 1/2");

    // Not a choice: the buttons again, nothing recorded.
    await say(r.userId, "năm ngoái thì phải");
    turn = await lastTurn(r.userId);
    expect(turn.text).toContain("Mình chưa nhận được đáp án");
    expect(turn.buttons).toEqual(["A. 2017", "B. 2022", "C. 2024"]);
    expect((await attemptOf(quiz.id, r.userId))?.answers).toEqual([]);

    await say(r.userId, turn.payloads[1] as string, "menu");
    expect((await lastTurn(r.userId)).text).not.toContain("Câu 2/2");
    // A day later, the keyword again: the same attempt, at the question it stopped at.
    await say(r.userId, "THI TUỔI TRẺ");
    turn = await lastTurn(r.userId);
    expect(turn.text).toContain("Mời bạn làm tiếp cuộc thi «Tìm hiểu Nghị quyết Đại hội Đoàn» (còn 1 câu).");
    expect(turn.payloads).toEqual(["Câu 2: A. Công an xã", "Câu 2: B. Bưu điện"]);
    await say(r.userId, "b");
    turn = await lastTurn(r.userId);
    expect(turn.text).toContain("Kết quả: đúng 1/2 câu.");
    expect(turn.text).toContain("Câu 1: B. 2022 – bạn trả lời đúng.");
    expect(turn.text).toContain("Tháng 12/2022.");
    expect(turn.text).toContain("Câu 2: đáp án đúng là A. Công an xã (bạn chọn B).");
    const attempt = await attemptOf(quiz.id, r.userId);
    expect(attempt).toMatchObject({ answers: [1, 1], score: 1, unitId: units.HOANG_DAO });
    expect(attempt?.finishedAt).not.toBeNull();
    expect(attempt?.durationMs).toBeGreaterThanOrEqual(0);

    // One attempt: the keyword now gives the score.
    await say(r.userId, "thi tuoi tre");
    expect((await lastTurn(r.userId)).text).toContain("rồi (mỗi người 1 lần): đúng 1/2 câu");
    expect(await prisma().quizAttempt.count({ where: { quizId: quiz.id } })).toBe(1);

    // Once someone has taken it, its questions are fixed; its title and times can still change.
    const {
      id: _id,
      status: _s,
      questionCount: _c,
      started: _st,
      finished: _f,
      units: _u,
      ...current
    } = (await asAdmin({ method: "GET", url: `/api/quizzes/${quiz.id}` })).json();
    const changed = await asAdmin({
      method: "PUT",
      url: `/api/quizzes/${quiz.id}`,
      payload: { ...current, questions: [{ text: "Câu mới?", choices: ["Có", "Không"], correctIndex: 0 }] },
    });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().code).toBe("QUIZ_HAS_ATTEMPTS");
    const renamed = await asAdmin({
      method: "PUT",
      url: `/api/quizzes/${quiz.id}`,
      payload: { ...current, title: "Tìm hiểu Nghị quyết (vòng 1)" },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ title: "Tìm hiểu Nghị quyết (vòng 1)", started: 1, finished: 1 });
  });

  it("says when a quiz opens, and that a closed one is over", async () => {
    const opensAt = new Date(Date.now() + 48 * HOUR_MS);
    const upcoming = await createQuiz({
      keyword: "Thi Sắp Mở",
      opensAt: opensAt.toISOString(),
      closesAt: new Date(opensAt.getTime() + HOUR_MS).toISOString(),
    });
    const closed = await createQuiz({
      keyword: "Thi Đã Đóng",
      opensAt: new Date(Date.now() - 48 * HOUR_MS).toISOString(),
      closesAt: new Date(Date.now() - 24 * HOUR_MS).toISOString(),
    });
    const r = emu.reachableResident();
    await say(r.userId, "thi sap mo");
    expect((await lastTurn(r.userId)).text).toMatch(
      /^Cuộc thi «Tìm hiểu Nghị quyết Đại hội Đoàn» bắt đầu lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}\./,
    );
    await say(r.userId, "thi da dong");
    expect((await lastTurn(r.userId)).text).toMatch(/đã kết thúc lúc \d\d:\d\d ngày/);
    expect(await prisma().quizAttempt.count({ where: { quizId: { in: [upcoming.id, closed.id] } } })).toBe(0);
  });

  it("lists the open quizzes on «có cuộc thi gì không», each keyword a button that starts it", async () => {
    await createQuiz({
      keyword: "Thi Sắp Hết Giờ",
      opensAt: new Date(Date.now() - HOUR_MS).toISOString(),
      closesAt: new Date(Date.now() + 2 * 60_000).toISOString(),
    });
    const r = emu.reachableResident();
    await say(r.userId, "có cuộc thi gì không cháu");
    const listed = await lastTurn(r.userId);
    expect(listed.text).toContain("Cuộc thi đang mở:\n1. «Tìm hiểu Nghị quyết Đại hội Đoàn», đến ");
    expect(listed.text).toContain(": gõ «Thi Sắp Hết Giờ»");
    expect(listed.payloads[0]).toBe("Thi Sắp Hết Giờ");
    await say(r.userId, listed.payloads[0] as string);
    expect((await lastTurn(r.userId)).text).toContain("Bạn ở xã/phường nào?");
  });

  it("ranks communes by average score, ties by time, merged units under their successor; no resident shown", async () => {
    const quiz = await createQuiz({ keyword: "Thi Xếp Hạng" });
    const take = async (unitName: string, answers: string[], secondsTaken: number) => {
      const r = emu.reachableResident();
      await say(r.userId, "thi xep hang", unitName, answers[0] as string);
      // The attempt started `secondsTaken` ago: how long this resident took, without waiting for it.
      const resident = await prisma().resident.findUniqueOrThrow({ where: { oaUserId: r.userId } });
      await prisma().quizAttempt.update({
        where: { quizId_residentId: { quizId: quiz.id, residentId: resident.id } },
        data: { startedAt: new Date(Date.now() - secondsTaken * 1000) },
      });
      await say(r.userId, ...answers.slice(1));
      return r.userId;
    };
    await take("Hoằng Đạo", ["B", "A"], 100); // 2/2 in 100 s
    await take("Hoằng Cát", ["B", "A"], 40); // 2/2 in 40 s: same score, faster
    await take("Hoằng Xuân", ["B", "A"], 60); // 2/2 in 60 s, then Hoằng Xuân merges into Hoằng Cát
    const giang = await take("Hoằng Giang", ["A", "A"], 10); // 1/2
    const merged = await asAdmin({
      method: "POST",
      url: "/api/units/HOANG_XUAN/merge",
      payload: { intoCode: "HOANG_CAT" },
    });
    expect(merged.statusCode, merged.body).toBe(200);

    const response = await asAdmin({ method: "GET", url: `/api/quizzes/${quiz.id}/leaderboard` });
    expect(response.statusCode).toBe(200);
    const board = response.json();
    expect(board.rows.map((row: { unit: { code: string } }) => row.unit.code)).toEqual([
      "HOANG_CAT",
      "HOANG_DAO",
      "HOANG_GIANG",
    ]);
    expect(board.rows[0]).toMatchObject({ rank: 1, participants: 2, averageScore: 2 });
    expect(board.rows[0].averageSeconds).toBeGreaterThanOrEqual(50);
    expect(board.rows[0].averageSeconds).toBeLessThan(55);
    expect(board.rows[1]).toMatchObject({ rank: 2, participants: 1, averageScore: 2 });
    expect(board.rows[2]).toMatchObject({ rank: 3, participants: 1, averageScore: 1 });
    expect(board.unranked).toBe(0);
    const residents = await prisma().resident.findMany({ select: { id: true, oaUserId: true } });
    for (const resident of residents) {
      expect(response.body).not.toContain(resident.oaUserId);
      expect(response.body).not.toContain(resident.id);
    }
    expect(response.body).not.toContain(giang);

    // The same table as a file, through the export worker.
    const requested = await asAdmin({
      method: "POST",
      url: `/api/quizzes/${quiz.id}/exports`,
      payload: { format: "csv" },
    });
    expect(requested.statusCode, requested.body).toBe(202);
    const done = await waitFor<{ download: { url: string } }>(async () => {
      const status = await asAdmin({ method: "GET", url: `/api/exports/${requested.json().id}` });
      return status.json().status === "DONE" ? status.json() : null;
    }, "the export");
    const file = await t.app.inject({ method: "GET", url: done.download.url });
    expect(file.statusCode).toBe(200);
    const lines = file.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      "Hạng,Đơn vị,Mã đơn vị,Số người hoàn thành,Điểm trung bình,Số câu hỏi,Thời gian trung bình (giây)",
    );
    expect(lines[1]).toMatch(/^1,Xã Hoằng Cát,HOANG_CAT,2,2,2,5\d(\.\d)?$/);
    expect(lines).toHaveLength(4);
  });

  it("erases the resident's attempts with «xóa dữ liệu của tôi»", async () => {
    const quiz = await createQuiz({ keyword: "Thi Xóa" });
    const r = emu.reachableResident();
    await say(r.userId, "thi xoa", "Bỏ qua", "B");
    expect(await prisma().quizAttempt.count({ where: { quizId: quiz.id } })).toBe(1);
    await say(r.userId, "xóa dữ liệu của tôi", "Đồng ý xóa");
    expect(await prisma().quizAttempt.count({ where: { quizId: quiz.id } })).toBe(0);
  });
});

describe("QR codes", () => {
  it("a quiz's code opens the OA with the keyword printed under it; the PNG decodes back to the link", async () => {
    const quiz = await createQuiz({ keyword: "Thi Mã QR" });
    const info = await asAdmin({ method: "GET", url: `/api/qr/quiz/${quiz.id}` });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({
      audience: "resident",
      url: `https://zalo.me/${TEST_ZALO.oaId}`,
      keyword: "Thi Mã QR",
      caption: "Quét mã, rồi nhắn «Thi Mã QR» cho Đoàn Thanh niên",
      files: { png: `/api/qr/quiz/${quiz.id}/png`, svg: `/api/qr/quiz/${quiz.id}/svg` },
    });
    const png = await asAdmin({ method: "GET", url: `/api/qr/quiz/${quiz.id}/png` });
    expect(png.statusCode).toBe(200);
    expect(png.headers["content-type"]).toBe("image/png");
    const image = PNG.sync.read(png.rawPayload);
    expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(
      `https://zalo.me/${TEST_ZALO.oaId}`,
    );
    const svg = await asAdmin({ method: "GET", url: `/api/qr/quiz/${quiz.id}/svg` });
    expect(svg.headers["content-type"]).toContain("image/svg+xml");
    expect(svg.body).toContain("Tìm hiểu Nghị quyết Đại hội Đoàn");
    expect(svg.body).toContain("«Thi Mã QR»");
  });

  it("a registration day's code opens the OA with the sign-up words printed under it", async () => {
    const event = await prisma().registrationEvent.create({
      data: {
        title: "Ngày hội định danh mức 2",
        place: "Nhà văn hóa thôn Đông",
        startsAt: new Date(Date.now() + 86_400_000),
        endsAt: new Date(Date.now() + 90_000_000),
        capacity: 30,
      },
    });
    const info = await asAdmin({ method: "GET", url: `/api/qr/event/${event.id}` });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({
      audience: "resident",
      url: `https://zalo.me/${TEST_ZALO.oaId}`,
      keyword: `Đăng ký tham gia buổi ${event.code}`,
    });
    const svg = await asAdmin({ method: "GET", url: `/api/qr/event/${event.id}/svg` });
    expect(svg.body).toContain("Ngày hội định danh mức 2");
    expect(svg.body).toContain(`«Đăng ký tham gia buổi ${event.code}»`);
  });

  it("a content item's code opens its page in the mini-app", async () => {
    const item = await prisma().contentItem.create({
      data: { kind: "GUIDE", title: "Hướng dẫn định danh mức 2", body: "…" },
    });
    const info = await asAdmin({ method: "GET", url: `/api/qr/content/${item.id}` });
    expect(info.json()).toMatchObject({
      audience: "member",
      url: `https://zalo.me/s/${MINIAPP_ID}/?to=${encodeURIComponent(`/content/${item.id}`)}`,
      keyword: null,
    });
    const missing = await asAdmin({ method: "GET", url: "/api/qr/content/khong-co" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe("QR_SUBJECT_NOT_FOUND");
    const badKind = await asAdmin({ method: "GET", url: `/api/qr/poster/${item.id}` });
    expect(badKind.statusCode).toBe(400);
  });
});
