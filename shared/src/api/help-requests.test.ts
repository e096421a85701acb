import { describe, expect, it } from "vitest";
import { helpRatingPayload, parseHelpRatingPayload } from "./help-requests.ts";

describe("help rating payload", () => {
  it("round-trips what the completion message sends", () => {
    expect(parseHelpRatingPayload(helpRatingPayload("clx2abc9", 5))).toEqual({ helpRequestId: "clx2abc9", score: 5 });
  });

  it("accepts the diacritic spelling and stray spaces a resident might type", () => {
    expect(parseHelpRatingPayload("  Đánh giá clx2abc9 3 ")).toEqual({ helpRequestId: "clx2abc9", score: 3 });
  });

  it("rejects scores outside 1–5 and other text", () => {
    expect(parseHelpRatingPayload("danh gia clx2abc9 6")).toBeNull();
    expect(parseHelpRatingPayload("danh gia clx2abc9")).toBeNull();
    expect(parseHelpRatingPayload("tôi muốn đánh giá")).toBeNull();
  });
});
