import { describe, expect, it } from "vitest";
import { CHECKLISTS } from "../checklists/index.ts";
import { MAX_BUTTON_TITLE_CHARS, MAX_MESSAGE_CHARS } from "../checklists/types.ts";
import { canonicalText, foldVietnamese } from "../text/fold-vietnamese.ts";
import { findKnowledgeEntry, KNOWLEDGE_BASE, RETIRED_ENTRY_IDS } from "./knowledge-base.ts";
import { KNOWLEDGE_TOPICS, type KnowledgeEntry, type KnowledgeTopic } from "./types.ts";

const TOPIC_PREFIX: Readonly<Record<KnowledgeTopic, string>> = {
  VNEID: "vneid",
  CHIP_ID: "chip-id",
  PUBLIC_SERVICES: "public-services",
  CASHLESS: "cashless",
  ONLINE_SAFETY: "online-safety",
  ECOMMERCE: "ecommerce",
  VOLUNTEER: "volunteer",
};

const MIN_ENTRIES = 110;
const MIN_ENTRIES_PER_TOPIC = 10;
const MIN_PHRASINGS = 4;
/**
 * Enough for the typed forms residents use without turning the file into a list (admins add more from the mini-app,
 * up to KNOWLEDGE_ADDED_PHRASINGS_MAX). Was 8: two or three more plain-typing phrasings per entry raised the
 * cross-validated eval from 80.1% to 81.6% (README, "How well the bot understands residents"). Was 12: the scam and
 * cashless entries needed room for the story, forwarded-text, abbreviated and elderly forms (3/4/5-fold CV on the
 * tuning split 493/491/486 → 500/495/491 of 561).
 */
const MAX_PHRASINGS = 20;
const ID_PATTERN = /^([a-z]+(?:-[a-z]+)*)\.([a-z0-9]+(?:-[a-z0-9]+)*)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Sentences of a text, for rules that must hold sentence by sentence. */
function sentencesOf(text: string): string[] {
  return text
    .split(/[\n.!?]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const SECRET = "(ma otp|otp|mat khau|passcode|ma pin|ma xac thuc|ma kich hoat)";
const HAND_OVER = "(gui|doc|cung cap|dua|chia se|cho biet|nhan|noi)";
/** Someone the resident would hand a secret to: the bot, a volunteer, an official, a stranger. */
const RECIPIENT = "(minh|chung toi|doan vien|nhan vien|can bo|cong an|ngan hang|nguoi|ho|ben)";
const NEGATION = /(^|\s)(khong|dung|cam|chua bao gio)\s/;

/**
 * True when a sentence asks the resident to hand over a one-time code or a secret: an imperative that starts with
 * handing it over ("gửi mã OTP…", "hãy đọc mật khẩu…"), or one that hands it to someone ("… mã OTP cho đoàn viên").
 * A prohibition ("không gửi mã OTP cho ai", "đừng đọc mật khẩu") is fine; so is the system sending a code to the
 * resident ("nhập mã OTP gửi về số điện thoại của bạn").
 */
function asksForSecret(sentence: string): boolean {
  const folded = foldVietnamese(sentence.replace(/^\s*\d+\.\s*/, ""));
  if (NEGATION.test(` ${folded} `)) return false;
  const imperative = new RegExp(String.raw`^(ban\s+|hay\s+|vui long\s+|xin\s+)*${HAND_OVER}\s+(lai\s+)?${SECRET}`);
  const toSomeone = new RegExp(String.raw`${HAND_OVER}\s+(\w+\s+){0,3}${SECRET}(\s+\w+){0,3}\s+cho\s+${RECIPIENT}`);
  return imperative.test(folded) || toSomeone.test(folded);
}

describe("asksForSecret", () => {
  it("flags a request to hand over a code or a secret", () => {
    expect(asksForSecret("Bạn gửi mã OTP cho mình để kiểm tra")).toBe(true);
    expect(asksForSecret("2. Hãy đọc mật khẩu cho đoàn viên")).toBe(true);
    expect(asksForSecret("Cung cấp mã xác thực để hoàn tất")).toBe(true);
    expect(asksForSecret("Nhắn lại mã OTP vừa nhận cho nhân viên")).toBe(true);
  });

  it("lets prohibitions and codes sent to the resident through", () => {
    expect(asksForSecret("Không gửi mã OTP cho ai")).toBe(false);
    expect(asksForSecret("Đừng đọc mật khẩu cho người lạ")).toBe(false);
    expect(asksForSecret("4. Nhập mã OTP gửi về số điện thoại của bạn (chỉ nhập vào ứng dụng)")).toBe(false);
    expect(asksForSecret("Ứng dụng có thể gửi mã OTP về số điện thoại")).toBe(false);
  });
});

describe("knowledge base", () => {
  it(`has at least ${MIN_ENTRIES} entries with unique ids`, () => {
    expect(KNOWLEDGE_BASE.length).toBeGreaterThanOrEqual(MIN_ENTRIES);
    const ids = KNOWLEDGE_BASE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(KNOWLEDGE_TOPICS.map((t) => [t]))(`topic %s has at least ${MIN_ENTRIES_PER_TOPIC} entries`, (topic) => {
    expect(KNOWLEDGE_BASE.filter((e) => e.topic === topic).length).toBeGreaterThanOrEqual(MIN_ENTRIES_PER_TOPIC);
  });

  it("finds an entry by id", () => {
    const first = KNOWLEDGE_BASE[0] as KnowledgeEntry;
    expect(findKnowledgeEntry(first.id)).toBe(first);
    expect(findKnowledgeEntry("vneid.no-such-entry")).toBeUndefined();
  });

  it("no phrasing belongs to two entries, or twice to one, once folded to canonical form", () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const entry of KNOWLEDGE_BASE) {
      for (const question of entry.questions) {
        const key = canonicalText(question);
        const previous = owner.get(key);
        if (previous !== undefined) clashes.push(`"${question}" in ${entry.id} and ${previous}`);
        owner.set(key, entry.id);
      }
    }
    expect(clashes).toEqual([]);
  });
});

describe("retired entry ids", () => {
  it("are never reused, and each leads to an entry that exists", () => {
    for (const [old, successor] of Object.entries(RETIRED_ENTRY_IDS)) {
      expect(findKnowledgeEntry(old), old).toBeUndefined();
      expect(findKnowledgeEntry(successor), successor).toBeDefined();
    }
  });
});

describe.each(KNOWLEDGE_BASE.map((e) => [e.id, e] as const))("entry %s", (_id, entry) => {
  it("has a well-formed id whose prefix matches its topic, and a version", () => {
    const match = ID_PATTERN.exec(entry.id);
    expect(match, "id must be <topic-prefix>.<kebab-slug>").not.toBeNull();
    expect(match?.[1]).toBe(TOPIC_PREFIX[entry.topic]);
    expect(Number.isInteger(entry.version) && entry.version >= 1).toBe(true);
  });

  it("has a short title that fits a button", () => {
    expect(entry.title.trim().length).toBeGreaterThan(0);
    expect(entry.title.length).toBeLessThanOrEqual(MAX_BUTTON_TITLE_CHARS);
  });

  it(`has ${MIN_PHRASINGS} to ${MAX_PHRASINGS} distinct, non-empty phrasings`, () => {
    expect(entry.questions.length).toBeGreaterThanOrEqual(MIN_PHRASINGS);
    expect(entry.questions.length).toBeLessThanOrEqual(MAX_PHRASINGS);
    for (const q of entry.questions) expect(canonicalText(q).length).toBeGreaterThan(0);
  });

  it("has phrasings typed both with and without diacritics", () => {
    const withMarks = entry.questions.some((q) => q.normalize("NFD") !== q.normalize("NFD").replace(/\p{M}/gu, ""));
    const plain = entry.questions.some(
      (q) =>
        foldVietnamese(q) ===
        q
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, " ")
          .trim(),
    );
    expect(withMarks && plain).toBe(true);
  });

  it("answers within one Zalo message, in numbered steps, addressed to «bạn»", () => {
    expect(entry.answer.trim().length).toBeGreaterThan(0);
    expect(entry.answer.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(entry.answer).toMatch(/(^|\n)1\. /);
    expect(entry.answer).toMatch(/\bbạn\b/i);
  });

  it("never prints a 12-digit number (an ID number) nor asks for an OTP or a password", () => {
    expect(entry.answer).not.toMatch(/\d{12}/);
    expect(entry.answer.replace(/[\s.]/g, "")).not.toMatch(/\d{12}/);
    const offending = sentencesOf(entry.answer).filter(asksForSecret);
    expect(offending).toEqual([]);
  });

  it("links only to https pages", () => {
    if (entry.link) {
      expect(entry.link.title.length).toBeGreaterThan(0);
      expect(entry.link.title.length).toBeLessThanOrEqual(MAX_BUTTON_TITLE_CHARS);
      expect(new URL(entry.link.url).protocol).toBe("https:");
    }
  });

  it("points to a checklist step that exists", () => {
    if (!entry.step) return;
    const checklist = CHECKLISTS.find((c) => c.id === entry.step?.checklistId);
    expect(checklist, `checklist ${entry.step.checklistId}`).toBeDefined();
    expect(checklist?.steps.some((s) => s.id === entry.step?.stepId)).toBe(true);
  });

  it("cites at least one source with an https url and an ISO date that is a real day", () => {
    expect(entry.sources.length).toBeGreaterThanOrEqual(1);
    for (const source of entry.sources) {
      expect(source.title.length).toBeGreaterThan(0);
      expect(new URL(source.url).protocol).toBe("https:");
      expect(source.checkedOn).toMatch(ISO_DATE);
      expect(new Date(`${source.checkedOn}T00:00:00Z`).toISOString().slice(0, 10)).toBe(source.checkedOn);
    }
  });
});
