// The growing delays of the per-account sign-in throttle.
import { describe, expect, it } from "vitest";
import { signInLockSeconds, throttleKey } from "./sign-in-throttle";

describe("signInLockSeconds", () => {
  it("allows four failures, locks a minute at the fifth, then doubles up to 30 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1000].map(signInLockSeconds)).toEqual([
      0, 0, 0, 0, 60, 120, 240, 480, 960, 1800, 1800, 1800,
    ]);
  });
  it("keys an account by the email as typed, whatever its case and spaces", () => {
    expect(throttleKey("  Admin@Example.ORG ")).toBe("admin@example.org");
  });
});
