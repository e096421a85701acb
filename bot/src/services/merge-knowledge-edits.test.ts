import type { KnowledgeEntry } from "@xks/shared/knowledge/types";
import { describe, expect, it } from "vitest";
import { type KnowledgeEdit, mergeKnowledgeEdits, uniquePhrasings } from "./merge-knowledge-edits.ts";

const FILES: readonly KnowledgeEntry[] = [
  {
    id: "vneid.forgot-password",
    topic: "VNEID",
    version: 2,
    title: "Quên mật khẩu VNeID",
    questions: ["Quên mật khẩu VNeID", "quen mk vneid"],
    answer: "1. Bấm «Quên mật khẩu».",
    link: { title: "VNeID", url: "https://vneid.gov.vn" },
    step: { checklistId: "vneid", stepId: "l1-password" },
    sources: [{ title: "VNeID", url: "https://vneid.gov.vn", checkedOn: "2026-11-30" }],
  },
  {
    id: "scam.fake-police",
    topic: "ONLINE_SAFETY",
    version: 1,
    title: "Giả danh công an gọi điện",
    questions: ["công an gọi bảo chuyển tiền"],
    answer: "Công an không gọi điện yêu cầu chuyển tiền.",
    sources: [],
  },
];

function edit(overrides: Partial<KnowledgeEdit> & { entryId: string }): KnowledgeEdit {
  return {
    topic: null,
    title: null,
    answer: null,
    linkTitle: null,
    linkUrl: null,
    linkRemoved: false,
    extraQuestions: [],
    disabled: false,
    baseVersion: null,
    updatedAt: new Date("2026-12-01T00:00:00Z"),
    ...overrides,
  };
}

describe("mergeKnowledgeEdits", () => {
  it("answers the files as they are when nothing is stored", () => {
    const merged = mergeKnowledgeEdits(FILES, []);
    expect(merged.map((m) => m.entry)).toEqual(FILES);
    expect(merged.every((m) => m.origin === "FILE" && m.edit === null && !m.disabled)).toBe(true);
  });

  it("lets a stored answer and title win, appends phrasings, and keeps the file's link and step", () => {
    const [first] = mergeKnowledgeEdits(FILES, [
      edit({
        entryId: "vneid.forgot-password",
        answer: "Câu trả lời mới",
        title: "Lấy lại mật khẩu",
        extraQuestions: ["mất mật khẩu vneid", "QUEN MK VNEID"],
        baseVersion: 2,
      }),
    ]);
    expect(first?.entry).toMatchObject({
      id: "vneid.forgot-password",
      title: "Lấy lại mật khẩu",
      answer: "Câu trả lời mới",
      link: FILES[0]?.link,
      step: FILES[0]?.step,
      // "QUEN MK VNEID" is the file's "quen mk vneid" typed differently: not indexed twice.
      questions: ["Quên mật khẩu VNeID", "quen mk vneid", "mất mật khẩu vneid"],
    });
    expect(first?.fileQuestions).toEqual(FILES[0]?.questions);
    expect(first?.outdated).toBe(false);
  });

  it("replaces or removes the file's link", () => {
    const replaced = mergeKnowledgeEdits(FILES, [
      edit({ entryId: "vneid.forgot-password", linkTitle: "Cổng DVC", linkUrl: "https://dichvucong.gov.vn" }),
    ]);
    expect(replaced[0]?.entry.link).toEqual({ title: "Cổng DVC", url: "https://dichvucong.gov.vn" });
    const removed = mergeKnowledgeEdits(FILES, [edit({ entryId: "vneid.forgot-password", linkRemoved: true })]);
    expect(removed[0]?.entry).not.toHaveProperty("link");
  });

  it("marks an edit made against an older file version as outdated", () => {
    const merged = mergeKnowledgeEdits(FILES, [
      edit({ entryId: "vneid.forgot-password", answer: "x", baseVersion: 1 }),
    ]);
    expect(merged[0]?.outdated).toBe(true);
  });

  it("adds admin-written entries, marks disabled ones and ignores edits of entries the files dropped", () => {
    const merged = mergeKnowledgeEdits(FILES, [
      edit({
        entryId: "custom.lich-tiem-chung",
        topic: "PUBLIC_SERVICES",
        title: "Lịch tiêm chủng",
        answer: "Hỏi trạm y tế xã.",
        extraQuestions: ["lịch tiêm chủng ở đâu"],
      }),
      edit({ entryId: "scam.fake-police", disabled: true }),
      edit({ entryId: "vneid.removed-in-a-release", answer: "cũ" }),
      // Incomplete custom rows (no topic) never reach the bot.
      edit({ entryId: "custom.broken", title: "x", answer: "y" }),
    ]);
    expect(merged.map((m) => [m.entry.id, m.origin, m.disabled])).toEqual([
      ["vneid.forgot-password", "FILE", false],
      ["scam.fake-police", "FILE", true],
      ["custom.lich-tiem-chung", "CUSTOM", false],
    ]);
    expect(merged[2]?.entry).toEqual({
      id: "custom.lich-tiem-chung",
      topic: "PUBLIC_SERVICES",
      version: 1,
      title: "Lịch tiêm chủng",
      questions: ["lịch tiêm chủng ở đâu"],
      answer: "Hỏi trạm y tế xã.",
      sources: [],
    });
  });
});

describe("mergeKnowledgeEdits: entries merged into another", () => {
  const retired = { "scam.get-money-back": "scam.fake-police" };

  it("keeps the phrasings admins added to the old entry, on the entry that now answers them", () => {
    const merged = mergeKnowledgeEdits(
      FILES,
      [
        edit({ entryId: "scam.get-money-back", answer: "cũ", extraQuestions: ["bị lừa rồi đòi lại tiền sao"] }),
        edit({ entryId: "scam.fake-police", extraQuestions: ["công an gọi video bắt chuyển tiền"] }),
      ],
      retired,
    );
    expect(merged.map((m) => m.entry.id)).toEqual(["vneid.forgot-password", "scam.fake-police"]);
    const successor = merged[1];
    expect(successor?.entry.questions).toEqual([
      "công an gọi bảo chuyển tiền",
      "công an gọi video bắt chuyển tiền",
      "bị lừa rồi đòi lại tiền sao",
    ]);
    // The old entry's answer went with it.
    expect(successor?.entry.answer).toBe("Công an không gọi điện yêu cầu chuyển tiền.");
    expect(successor?.addedQuestions).toEqual(["công an gọi video bắt chuyển tiền", "bị lừa rồi đòi lại tiền sao"]);
  });

  it("drops nothing and adds nothing for a disabled old entry", () => {
    const merged = mergeKnowledgeEdits(
      FILES,
      [edit({ entryId: "scam.get-money-back", disabled: true, extraQuestions: ["x y z"] })],
      retired,
    );
    expect(merged.map((m) => m.entry.questions)).toEqual(FILES.map((f) => f.questions));
  });
});

describe("uniquePhrasings", () => {
  it("drops repeats typed with other case, diacritics or abbreviations, and empty ones", () => {
    expect(uniquePhrasings(["Quên mật khẩu", "quen mat khau", "  ", "?!", "quên mk"])).toEqual(["Quên mật khẩu"]);
  });
});
