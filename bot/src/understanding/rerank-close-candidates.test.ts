import type { Checklist } from "@xks/shared/checklists/types";
import type { KnowledgeEntry } from "@xks/shared/knowledge/types";
import { describe, expect, it } from "vitest";
import { buildUnderstandingIndex } from "./build-understanding-index.ts";
import { meaningfulTokens, termsOf } from "./extract-terms.ts";
import { isAmountTerm, rerankCloseCandidates } from "./rerank-close-candidates.ts";

const source = [{ title: "Bộ Công an", url: "https://bocongan.gov.vn", checkedOn: "2026-12-01" }];
const entry = (id: string, questions: string[]): KnowledgeEntry => ({
  id,
  topic: "CHIP_ID",
  version: 1,
  title: id,
  questions,
  answer: "Trả lời.",
  sources: source,
});
// Two siblings sharing "làm căn cước"; only "tra cứu" or "bao lâu" tells them apart.
const knowledge = [
  entry("chip-id.how-long", ["làm căn cước bao lâu thì có", "bao lâu nhận thẻ căn cước", "làm căn cước mấy ngày"]),
  entry("chip-id.track-card", ["tra cứu làm căn cước", "tra cứu thẻ căn cước làm xong chưa", "làm căn cước đến đâu"]),
  entry("chip-id.fees", ["làm căn cước mất bao nhiêu tiền", "lệ phí căn cước"]),
];
const index = buildUnderstandingIndex({ knowledge, checklists: [] as Checklist[], residentsQuestions: {} });
const terms = (text: string) => [...new Set(termsOf(meaningfulTokens(text)))];
const id = (target: number) => (index.targets[target]?.candidate as { entryId: string }).entryId;

describe("rerankCloseCandidates", () => {
  it("lets the word only one close sibling has decide between them", () => {
    const ranked = [
      { target: 0, score: 0.62 },
      { target: 1, score: 0.6 },
    ];
    const out = rerankCloseCandidates(index, terms("tra cứu làm căn cước lâu rồi"), ranked, {
      window: 0.05,
      weight: 0.5,
      answerWeight: 0,
    });
    expect(id(out[0]?.target ?? -1)).toBe("chip-id.track-card");
    expect(out[0]?.score).toBeGreaterThan(0.6);
  });

  it("leaves places outside the window, and a clear winner, as they are", () => {
    const ranked = [
      { target: 0, score: 0.8 },
      { target: 1, score: 0.6 },
      { target: 2, score: 0.3 },
    ];
    expect(
      rerankCloseCandidates(index, terms("tra cứu làm căn cước"), ranked, {
        window: 0.05,
        weight: 0.5,
        answerWeight: 0,
      }),
    ).toEqual(ranked);
  });

  it("adds nothing for words every close place shares", () => {
    const ranked = [
      { target: 0, score: 0.6 },
      { target: 1, score: 0.59 },
    ];
    expect(
      rerankCloseCandidates(index, terms("làm căn cước"), ranked, { window: 0.05, weight: 0.5, answerWeight: 0 }),
    ).toEqual(ranked);
  });

  it("lets a word that only one close sibling's answer has count, at the answer's weight", () => {
    const siblings = buildUnderstandingIndex({
      knowledge: [
        {
          ...entry("chip-id.still-valid", ["cccd cũ có phải đổi không"]),
          answer: "Thẻ còn giá trị đến hết hạn in trên thẻ.",
        },
        { ...entry("chip-id.renewal", ["cccd cũ phải đổi không"]), answer: "Đổi thẻ khi đủ 25, 40 và 60 tuổi." },
      ],
      checklists: [] as Checklist[],
      residentsQuestions: {},
    });
    const ranked = [
      { target: 1, score: 0.61 },
      { target: 0, score: 0.6 },
    ];
    const message = terms("cccd cũ còn giá trị không");
    const options = { window: 0.05, weight: 0.5 };
    expect(rerankCloseCandidates(siblings, message, ranked, { ...options, answerWeight: 0 })[0]?.target).toBe(1);
    expect(rerankCloseCandidates(siblings, message, ranked, { ...options, answerWeight: 0.2 })[0]?.target).toBe(0);
  });

  it("lets an amount count less than a word that tells the siblings apart", () => {
    const siblings = buildUnderstandingIndex({
      knowledge: [
        entry("cashless.biometric-transfers", ["chuyển 10 triệu có phải xác thực không"]),
        entry("cashless.transfer-pending", ["chuyển tiền bị treo mãi không về"]),
      ],
      checklists: [] as Checklist[],
      residentsQuestions: {},
    });
    const ranked = [
      { target: 0, score: 0.6 },
      { target: 1, score: 0.6 },
    ];
    const message = terms("chuyển 10 triệu bị treo mãi");
    const options = { window: 0.05, weight: 0.5, answerWeight: 0 };
    expect(rerankCloseCandidates(siblings, message, ranked, options)[0]?.target).toBe(0);
    expect(rerankCloseCandidates(siblings, message, ranked, { ...options, amountWeight: 0.5 })[0]?.target).toBe(1);
  });
});

describe("isAmountTerm", () => {
  it("knows numbers and units of money, alone or in a pair", () => {
    for (const term of ["10", "23.000", "trieu", "10 trieu", "mat 500", "nghin"])
      expect(isAmountTerm(term), term).toBe(true);
    for (const term of ["chuyen", "mat khau", "tien"]) expect(isAmountTerm(term), term).toBe(false);
  });
});
