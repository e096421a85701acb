import { describe, expect, it } from "vitest";
import { recordAfterSend } from "./record-after-send.ts";

describe("recordAfterSend", () => {
  it("keeps trying a failing write until it succeeds", async () => {
    let calls = 0;
    const result = await recordAfterSend(async () => {
      calls += 1;
      if (calls < 3) throw new Error("connection refused");
      return "recorded";
    }, 5_000);
    expect(result).toBe("recorded");
    expect(calls).toBe(3);
  });

  it("gives up with the write's own error once its time is spent", async () => {
    let calls = 0;
    await expect(
      recordAfterSend(async () => {
        calls += 1;
        throw new Error(`still down ${calls}`);
      }, 600),
    ).rejects.toThrow(/still down [23]/);
  });
});
