import { describe, expect, it } from "vitest";
import {
  classifyZaloError,
  ZaloPermanentError,
  ZaloRateLimitError,
  ZaloTokenError,
  ZaloTransientError,
} from "./zalo-errors.ts";

describe("classifyZaloError", () => {
  it.each([
    [-230, "window_closed"],
    [-232, "window_closed"],
    [-213, "not_follower"],
    [-217, "blocked"],
    [-227, "user_inactive"],
    [-201, "invalid_payload"],
    [-233, "invalid_payload"],
    [-244, "user_restricted"],
    [-248, "policy_violation"],
    // No Zalo Cloud Account, or an empty one: both stop billed sends for the day (outbound/paid-sends.ts).
    [-320, "billing"],
    [-321, "billing"],
  ])("%i is permanent with reason %s, never retried", (code, reason) => {
    const error = classifyZaloError(code, "x");
    expect(error).toBeInstanceOf(ZaloPermanentError);
    expect(error.retryable).toBe(false);
    expect(error.code).toBe(code);
    expect(error.reason).toBe(reason);
  });

  it.each([-216, -220, -124])("%i is a token error (refresh once, then retry)", (code) => {
    const error = classifyZaloError(code, "Access token is invalid");
    expect(error).toBeInstanceOf(ZaloTokenError);
    expect(error.retryable).toBe(true);
  });

  it("-32 is the rate limit", () => {
    const error = classifyZaloError(-32, "Your application/OA reached limit call api");
    expect(error).toBeInstanceOf(ZaloRateLimitError);
    expect(error.retryable).toBe(true);
  });

  it("an unknown code is transient: nothing was delivered, so a bounded retry is safe", () => {
    const error = classifyZaloError(-999, "something new");
    expect(error).toBeInstanceOf(ZaloTransientError);
    expect(error.retryable).toBe(true);
    expect(error.code).toBe(-999);
  });
});
