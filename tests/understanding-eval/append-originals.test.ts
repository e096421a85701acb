import { describe, expect, it } from "vitest";
import { type AuthoredOriginal, planAppend } from "./append-originals.ts";
import { assignSplit } from "./assign-split.ts";
import type { LabelledMessage } from "./labelled-message.ts";

const source = { title: "Trang hỏi đáp", url: "https://example.vn/hoi-dap" };
const expectEntry = { kind: "entry", entryId: "vneid.forgot-password", topic: "VNEID" } as const;

function authored(text: string, variants: AuthoredOriginal["variants"] = []): AuthoredOriginal {
  return { text, expect: expectEntry, source, variants };
}

const existing: LabelledMessage[] = [
  {
    text: "Quên mật khẩu VNeID phải làm sao?",
    expect: expectEntry,
    split: assignSplit("Quên mật khẩu VNeID phải làm sao?"),
    source: { title: "Trang cũ", url: "https://example.vn/cu" },
  },
];

describe("planAppend", () => {
  it("puts each original in the split the seeded rule gives it, and its variants with it", () => {
    const originals = ["Tôi quên mật khẩu VNeID rồi", "Mẹ tôi quên mật khẩu định danh", "quen pass vneid gio sao"];
    const report = planAppend(
      originals.map((text) => authored(text, [`${text} a`])),
      existing,
    );
    const added = [...report.added.tuning, ...report.added.heldout];
    expect(added).toHaveLength(6);
    for (const text of originals) {
      const split = assignSplit(text);
      expect(report.added[split].map((m) => m.text)).toEqual(expect.arrayContaining([text, `${text} a`]));
      expect(added.find((m) => m.variantOf === text)?.split).toBe(split);
    }
  });

  it("refuses texts already in the set or repeated in the batch, once folded", () => {
    const report = planAppend(
      [authored("quên mật khẩu vneid phải làm sao", ["Tôi quên mk VNeID", "toi quen mat khau vneid"])],
      existing,
    );
    expect(report.inSet).toEqual(["quên mật khẩu vneid phải làm sao"]);
    expect(report.added.tuning.length + report.added.heldout.length).toBe(0);
    const second = planAppend([authored("Tôi quên mk VNeID", ["toi quen mat khau vneid"])], existing);
    expect(second.repeats).toEqual(["toi quen mat khau vneid"]);
  });

  it("refuses an original, with its variants, whose page is already a source of the set", () => {
    const report = planAppend(
      [{ ...authored("Một câu hỏi khác hẳn", ["mot cau khac"]), source: existing[0]?.source ?? source }],
      existing,
    );
    expect(report.knownUrls).toEqual(["https://example.vn/cu"]);
    expect(report.added.tuning.length + report.added.heldout.length).toBe(0);
  });

  it("keeps a variant's own label when it asks for a person", () => {
    const report = planAppend(
      [
        authored("Quên mật khẩu định danh thì làm thế nào", [
          { text: "bà quên mk, cháu nào qua giúp bà", expect: { kind: "person" } },
        ]),
      ],
      existing,
    );
    const variant = [...report.added.tuning, ...report.added.heldout].find((m) => m.variantOf !== undefined);
    expect(variant?.expect).toEqual({ kind: "person" });
  });
});
