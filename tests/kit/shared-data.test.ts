// The rule for tests needing ../shared: skip with a warning on a developer's machine, fail in CI.
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { SharedDataMissingError, sharedDataRequired, sharedFilesPresentIn } from "../shared-data";

const here = fileURLToPath(import.meta.url);
const nowhere = "/nonexistent/shared/data/iati/schema/iati-activities-schema.xsd";

describe("shared test data", () => {
  it("is required when SHARED_REQUIRED=1 or CI is set, unless SHARED_REQUIRED=0", () => {
    expect(sharedDataRequired({})).toBe(false);
    expect(sharedDataRequired({ SHARED_REQUIRED: "1" })).toBe(true);
    expect(sharedDataRequired({ CI: "true" })).toBe(true);
    expect(sharedDataRequired({ CI: "1" })).toBe(true);
    expect(sharedDataRequired({ CI: "false" })).toBe(false);
    expect(sharedDataRequired({ CI: "" })).toBe(false);
    expect(sharedDataRequired({ CI: "true", SHARED_REQUIRED: "0" })).toBe(false);
  });

  it("lets a test run when every file is there, required or not", () => {
    expect(sharedFilesPresentIn([here], {})).toBe(true);
    expect(sharedFilesPresentIn([here], { SHARED_REQUIRED: "1" })).toBe(true);
  });

  it("skips with a warning naming the file on a developer's machine", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect(sharedFilesPresentIn([here, nowhere], {})).toBe(false);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(nowhere));
    } finally {
      warn.mockRestore();
    }
  });

  it("fails with a message naming the missing file when required", () => {
    expect(() => sharedFilesPresentIn([here, nowhere], { SHARED_REQUIRED: "1" })).toThrow(
      SharedDataMissingError,
    );
    expect(() => sharedFilesPresentIn([nowhere], { CI: "true" })).toThrow(
      new RegExp(`missing: ${nowhere}.*IATI_SHARED_DIR`),
    );
  });
});
