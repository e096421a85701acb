import { knowledgeEntryIdParamsSchema } from "@xks/shared/api/knowledge";
import { KNOWLEDGE_BASE } from "@xks/shared/knowledge/knowledge-base";
import type { KnowledgeEntry } from "@xks/shared/knowledge/types";
import { describe, expect, it } from "vitest";
import { checkPrivacy, searchKnowledge } from "./knowledge-service.ts";
import { mergeKnowledgeEdits } from "./merge-knowledge-edits.ts";

const entry = (
  id: string,
  title: string,
  answer: string,
  topic: KnowledgeEntry["topic"] = "VNEID",
): KnowledgeEntry => ({
  id,
  topic,
  version: 1,
  title,
  questions: [title],
  answer,
  sources: [],
});

const ALL = mergeKnowledgeEdits(
  [
    entry("vneid.forgot-password", "Quên mật khẩu VNeID", "Bấm «Quên mật khẩu»."),
    entry("cashless.format", "Định dạng mã QR", "Chọn format ảnh.", "CASHLESS"),
    entry("scam.after", "Bị lừa chuyển tiền", "Gọi ngay ngân hàng để khóa mật khẩu.", "ONLINE_SAFETY"),
  ],
  [],
);
const search = (q: string, extra: { topic?: KnowledgeEntry["topic"] } = {}) =>
  searchKnowledge(ALL, { q, includeDisabled: false, limit: 50, ...extra }).items.map((m) => m.entry.id);

describe("searchKnowledge", () => {
  it("matches the start of words, folded, title and phrasings before answers", () => {
    expect(search("mat khau")).toEqual(["vneid.forgot-password", "scam.after"]);
    // "mat" is the start of "mật", not the middle of "format".
    expect(search("mat")).not.toContain("cashless.format");
    expect(search("MẬT KHẨU")).toEqual(["vneid.forgot-password", "scam.after"]);
    expect(search("mk")).toEqual(["vneid.forgot-password", "scam.after"]);
    expect(search("mat khau", { topic: "ONLINE_SAFETY" })).toEqual(["scam.after"]);
    expect(search("")).toHaveLength(3);
  });
});

describe("entry ids", () => {
  it("accepts every shipped id and the admins' custom ones in the API's path", () => {
    for (const { id } of KNOWLEDGE_BASE) expect(knowledgeEntryIdParamsSchema.safeParse({ id }).success, id).toBe(true);
    expect(knowledgeEntryIdParamsSchema.safeParse({ id: "custom.dang-ky-khai-sinh-2" }).success).toBe(true);
    expect(knowledgeEntryIdParamsSchema.safeParse({ id: "../etc" }).success).toBe(false);
  });
});

describe("checkPrivacy", () => {
  it("warns about ID numbers, OTPs and passwords in what an admin typed, and ignores masks already there", () => {
    expect(checkPrivacy({ answer: "CCCD của bà là 038123456789" })).toEqual([
      expect.objectContaining({ field: "answer", kinds: ["CITIZEN_ID"] }),
    ]);
    expect(checkPrivacy({ text: "mật khẩu là Abc@123" })[0]?.kinds).toEqual(["PASSWORD"]);
    expect(checkPrivacy({ text: "otp của tôi [mã đã ẩn] không dùng được", title: null })).toEqual([]);
    expect(checkPrivacy({ answer: "Gọi 1900 0368 để được hỗ trợ." })).toEqual([]);
  });
});
