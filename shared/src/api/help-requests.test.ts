import { describe, expect, it } from "vitest";
import { helpRatingPayload, parseHelpRatingPayload } from "./help-requests.ts";

describe("help rating payload", () => {
  it("round-trips what the completion message sends, a sentence with no id the resident would see", () => {
    expect(helpRatingPayload(5)).toBe("Đánh giá 5 sao");
    expect(parseHelpRatingPayload(helpRatingPayload(5))).toEqual({ helpRequestId: null, score: 5 });
    expect(parseHelpRatingPayload("danh gia 4 sao a")).toEqual({ helpRequestId: null, score: 4 });
  });

  it("still reads the id form on buttons sent before", () => {
    expect(parseHelpRatingPayload("danh gia clx2abc9 5")).toEqual({ helpRequestId: "clx2abc9", score: 5 });
  });

  it("accepts the diacritic spelling and stray spaces a resident might type", () => {
    expect(parseHelpRatingPayload("  Đánh giá clx2abc9 3 ")).toEqual({ helpRequestId: "clx2abc9", score: 3 });
  });

  it("rejects scores outside 1–5 and other text", () => {
    expect(parseHelpRatingPayload("danh gia clx2abc9 6")).toBeNull();
    expect(parseHelpRatingPayload("danh gia clx2abc9")).toBeNull();
    expect(parseHelpRatingPayload("tôi muốn đánh giá")).toBeNull();
    expect(parseHelpRatingPayload("đánh giá 6 sao")).toBeNull();
    expect(parseHelpRatingPayload("đánh giá 5 sao cho đoàn viên nào")).toBeNull();
  });
});
