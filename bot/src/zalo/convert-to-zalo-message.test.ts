import { describe, expect, it } from "vitest";
import type { OutboundButton } from "../channel/messages.ts";
import {
  convertToZaloMessage,
  convertToZaloParts,
  MORE_CHOICES_TEXT,
  NUMBERED_CHOICES_TEXT,
  shortenButtonTitle,
  splitZaloText,
  toZaloPhone,
  ZALO_BUTTON_TITLE_MAX_CHARS,
  ZALO_TEXT_MAX_CHARS,
} from "./convert-to-zalo-message.ts";
import { ZaloPermanentError } from "./zalo-errors.ts";

const reply = (n: number): OutboundButton => ({ kind: "reply", title: `Mục ${n}`, payload: `menu:${n}` });
const len = (s: string) => [...s].length;

describe("splitZaloText", () => {
  it("keeps a text within the limit whole (trimmed)", () => {
    expect(splitZaloText("  Xin chào!  ")).toEqual(["Xin chào!"]);
    expect(splitZaloText("   ")).toEqual([]);
    const exact = "a".repeat(ZALO_TEXT_MAX_CHARS);
    expect(splitZaloText(exact)).toEqual([exact]);
  });

  it("cuts at a paragraph break when there is one in reach", () => {
    const p1 = "Bước 1. ".repeat(150).trim(); // ~1,199 chars
    const p2 = "Bước 2. ".repeat(150).trim();
    const parts = splitZaloText(`${p1}\n\n${p2}`);
    expect(parts).toEqual([p1, p2]);
  });

  it("otherwise cuts after a sentence, otherwise at a space, never past the limit", () => {
    const sentence = "Bạn mở ứng dụng VNeID và chọn mục định danh điện tử. ";
    const text = sentence.repeat(80); // ~4,300 chars, no line breaks
    const parts = splitZaloText(text);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(len(part)).toBeLessThanOrEqual(ZALO_TEXT_MAX_CHARS);
      expect(part.endsWith(".")).toBe(true);
    }
    expect(parts.join(" ")).toBe(text.trim());

    const words = "xin chao ".repeat(500); // no sentence ends
    const wordParts = splitZaloText(words);
    for (const part of wordParts) {
      expect(len(part)).toBeLessThanOrEqual(ZALO_TEXT_MAX_CHARS);
      expect(part.endsWith("chao")).toBe(true);
    }
    expect(wordParts.join(" ")).toBe(words.trim());
  });

  it("hard-cuts a run without spaces, counting code points (emoji = one character)", () => {
    const run = "😀".repeat(2_500);
    const parts = splitZaloText(run);
    expect(parts.map(len)).toEqual([2_000, 500]);
    expect(parts.join("")).toBe(run);
  });

  it("counts Vietnamese typed with combining marks as Zalo does after NFC", () => {
    const decomposed = "Hoà bình ".normalize("NFD").repeat(300);
    const parts = splitZaloText(decomposed);
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p === p.normalize("NFC"))).toBe(true);
  });
});

describe("convertToZaloMessage", () => {
  it("maps the three button kinds to Zalo's action types", () => {
    const [message] = convertToZaloMessage({
      text: "Chọn một mục",
      buttons: [
        { kind: "reply", title: "Xong", payload: "xong" },
        { kind: "link", title: "Cổng DVC", url: "https://dichvucong.gov.vn" },
        { kind: "phone", title: "Gọi tổng đài", phone: "0912 345 678" },
      ],
    });
    expect(message).toEqual({
      text: "Chọn một mục",
      attachment: {
        type: "template",
        payload: {
          buttons: [
            { title: "Xong", type: "oa.query.show", payload: "xong" },
            { title: "Cổng DVC", type: "oa.open.url", payload: { url: "https://dichvucong.gov.vn" } },
            { title: "Gọi tổng đài", type: "oa.open.phone", payload: { phone_code: "84912345678" } },
          ],
        },
      },
    });
  });

  it("puts the buttons on the last part of a long text", () => {
    const text = `${"Đoạn một. ".repeat(150)}\n\n${"Đoạn hai. ".repeat(150)}`;
    const messages = convertToZaloMessage({ text, buttons: [reply(1)] });
    expect(messages).toHaveLength(2);
    expect(messages[0]?.attachment).toBeUndefined();
    expect(messages[1]?.attachment?.payload).toEqual({
      buttons: [{ title: "Mục 1", type: "oa.query.show", payload: "menu:1" }],
    });
  });

  it("sends at most four buttons per message; the rest follow in groups of four", () => {
    const messages = convertToZaloMessage({ text: "Menu", buttons: [1, 2, 3, 4, 5, 6, 7, 8, 9].map(reply) });
    expect(messages.map((m) => m.text)).toEqual(["Menu", MORE_CHOICES_TEXT, MORE_CHOICES_TEXT]);
    const counts = messages.map((m) =>
      m.attachment?.payload && "buttons" in m.attachment.payload ? m.attachment.payload.buttons?.length : 0,
    );
    expect(counts).toEqual([4, 4, 1]);
  });

  it("sends an image first as a media template, then the text", () => {
    const messages = convertToZaloMessage({ text: "Lịch sinh hoạt", imageUrl: "https://example.org/lich.jpg" });
    expect(messages).toEqual([
      {
        attachment: {
          type: "template",
          payload: { template_type: "media", elements: [{ media_type: "image", url: "https://example.org/lich.jpg" }] },
        },
      },
      { text: "Lịch sinh hoạt" },
    ]);
  });

  it("hangs the buttons on the image when there is no text; refuses an empty message", () => {
    const [image] = convertToZaloMessage({ text: "", imageUrl: "https://example.org/a.png", buttons: [reply(1)] });
    expect(image?.attachment?.payload).toMatchObject({ template_type: "media", buttons: [{ type: "oa.query.show" }] });
    expect(() => convertToZaloMessage({ text: "  " })).toThrow(ZaloPermanentError);
  });

  it("writes phone numbers the way Zalo does", () => {
    expect(toZaloPhone("0912.345.678")).toBe("84912345678");
    expect(toZaloPhone("+84 912 345 678")).toBe("84912345678");
    expect(toZaloPhone("1900 1234")).toBe("19001234");
  });
});

describe("plain-text fallback and button titles", () => {
  it("numbers quick replies across a row, writes links out, and skips lines the text already lists", () => {
    const parts = convertToZaloParts([
      { text: "Chọn:\n1. Một", buttons: [{ kind: "reply", title: "Một", payload: "mot" }, reply(2)] },
      {
        text: "Hoặc:",
        buttons: [reply(3), { kind: "link", title: "Trang chính thức", url: "https://vneid.gov.vn" }],
      },
    ]);
    expect(parts.map((p) => p.shape)).toEqual(["text-buttons", "text-buttons"]);
    expect(parts[0]?.fallback).toEqual([{ text: `Chọn:\n1. Một\n\n${NUMBERED_CHOICES_TEXT}\n2. Mục 2` }]);
    expect(parts[1]?.fallback).toEqual([
      { text: `Hoặc:\n\n${NUMBERED_CHOICES_TEXT}\n3. Mục 3\n\nTrang chính thức: https://vneid.gov.vn` },
    ]);
  });

  it("has no fallback for plain text, and keeps the image before the numbered text for a captionless image", () => {
    const [plain] = convertToZaloParts([{ text: "Chào" }]);
    expect(plain).toMatchObject({ shape: "text", fallback: null });
    const [image] = convertToZaloParts([{ text: "", imageUrl: "https://example.org/a.png", buttons: [reply(1)] }]);
    expect(image?.shape).toBe("media-buttons");
    expect(image?.fallback?.[0]?.attachment?.payload).not.toHaveProperty("buttons");
    expect(image?.fallback?.[1]).toEqual({ text: `${NUMBERED_CHOICES_TEXT}\n1. Mục 1` });
  });

  it("cuts button titles to the documented 35 characters at a word boundary, payload whole", () => {
    const title = "Định danh điện tử VNeID cho người cao tuổi ở xã";
    expect(shortenButtonTitle(title)).toBe("Định danh điện tử VNeID cho người…");
    expect([...shortenButtonTitle(title)].length).toBeLessThanOrEqual(ZALO_BUTTON_TITLE_MAX_CHARS);
    expect(shortenButtonTitle("Xong")).toBe("Xong");
    const [part] = convertToZaloParts([{ text: "?", buttons: [{ kind: "reply", title, payload: title }] }]);
    const button = (part?.message.attachment?.payload as { buttons: { title: string; payload: string }[] }).buttons[0];
    expect(button).toMatchObject({ title: "Định danh điện tử VNeID cho người…", payload: title });
  });
});

describe("the consent card (request_user_info)", () => {
  it("becomes Zalo's request_user_info template, with the text as its plain fallback", () => {
    const [part, ...rest] = convertToZaloParts([
      { text: "Chia sẻ số điện thoại", requestContact: { title: "Số điện thoại", subtitle: "Chỉ đoàn viên thấy" } },
    ]);
    expect(rest).toEqual([]);
    expect(part).toEqual({
      shape: "request-user-info",
      message: {
        attachment: {
          type: "template",
          payload: {
            template_type: "request_user_info",
            elements: [{ title: "Số điện thoại", subtitle: "Chỉ đoàn viên thấy" }],
          },
        },
      },
      fallback: [{ text: "Chia sẻ số điện thoại" }],
    });
  });
  it("keeps the title and subtitle within Zalo's limits", () => {
    const [part] = convertToZaloParts([
      { text: "x", requestContact: { title: "T".repeat(150), subtitle: "S".repeat(600) } },
    ]);
    const payload = part?.message.attachment?.payload as { elements: { title: string; subtitle: string }[] };
    expect(payload.elements[0]?.title).toHaveLength(100);
    expect(payload.elements[0]?.subtitle).toHaveLength(500);
  });
});
