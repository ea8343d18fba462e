import { describe, expect, it } from "vitest";
import {
  type ChoiceStorage,
  forgetPendingChoice,
  pendingChoiceOf,
  rememberPendingChoice,
  rememberSignedOutChoice,
  settleLocale,
  takePendingChoice,
  takeSignedOutChoice,
} from "./locale-choice";

function memoryStorage(): ChoiceStorage & { size(): number } {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
    size: () => values.size,
  };
}

describe("the language picked before signing in", () => {
  it("is kept and saved when it differs from the account's", () => {
    expect(settleLocale("rw", "en")).toEqual({ show: "en", save: "en" });
    expect(settleLocale("en", "fr")).toEqual({ show: "fr", save: "fr" });
  });

  it("needs no saving when the account has it already", () => {
    expect(settleLocale("fr", "fr")).toEqual({ show: "fr", save: null });
  });

  it("leaves the account's language when nothing was picked", () => {
    expect(settleLocale("rw", null)).toEqual({ show: "rw", save: null });
  });

  it("is read once: the next sign-in in the tab follows the account again", () => {
    const storage = memoryStorage();
    expect(takeSignedOutChoice(storage)).toBeNull();
    rememberSignedOutChoice(storage, "fr");
    rememberSignedOutChoice(storage, "en");
    expect(takeSignedOutChoice(storage)).toBe("en");
    expect(takeSignedOutChoice(storage)).toBeNull();
    expect(storage.size()).toBe(0);
  });

  it("ignores a stored value that is not one of the three languages", () => {
    const storage = memoryStorage();
    storage.setItem("ubufatanye.locale-chosen-signed-out", "de");
    expect(takeSignedOutChoice(storage)).toBeNull();
    expect(storage.size()).toBe(0);
  });
});

describe("a switch made while signed in, not yet saved when the page was left", () => {
  it("is shown and saved by the next page of the same user, once", () => {
    const storage = memoryStorage();
    rememberPendingChoice(storage, "user-1", "fr");
    rememberPendingChoice(storage, "user-1", "rw");
    const pending = takePendingChoice(storage, "user-1");
    expect(pending).toBe("rw");
    expect(settleLocale("en", pending)).toEqual({ show: "rw", save: "rw" });
    expect(takePendingChoice(storage, "user-1")).toBeNull();
    expect(storage.size()).toBe(0);
  });

  it("is forgotten once the account saved it, but not when a later switch is still on its way", () => {
    const storage = memoryStorage();
    rememberPendingChoice(storage, "user-1", "fr");
    forgetPendingChoice(storage, "user-1", "fr");
    expect(storage.size()).toBe(0);
    rememberPendingChoice(storage, "user-1", "fr");
    rememberPendingChoice(storage, "user-1", "rw");
    // The first switch's save ends after the second was made: the second is still pending.
    forgetPendingChoice(storage, "user-1", "fr");
    expect(takePendingChoice(storage, "user-1")).toBe("rw");
  });

  it("stays until a page's save of it succeeds: a page left before its save ends leaves it for the next", () => {
    const storage = memoryStorage();
    rememberPendingChoice(storage, "user-1", "rw");
    // A page reads it, shows it, and its save is cancelled by the next page's load.
    expect(pendingChoiceOf(storage, "user-1")).toBe("rw");
    expect(pendingChoiceOf(storage, "user-1")).toBe("rw");
    // The next page's save succeeds: then it is gone.
    forgetPendingChoice(storage, "user-1", "rw");
    expect(pendingChoiceOf(storage, "user-1")).toBeNull();
    // Another person's is dropped when read.
    rememberPendingChoice(storage, "user-1", "fr");
    expect(pendingChoiceOf(storage, "user-2")).toBeNull();
    expect(storage.size()).toBe(0);
  });

  it("never applies to another person signing in on the same tab, and ignores what it cannot read", () => {
    const storage = memoryStorage();
    rememberPendingChoice(storage, "user-1", "fr");
    expect(takePendingChoice(storage, "user-2")).toBeNull();
    expect(storage.size()).toBe(0);
    for (const junk of ["{", "null", '{"userId":"user-1","locale":"de"}', '{"locale":"fr"}']) {
      storage.setItem("ubufatanye.locale-pending", junk);
      expect(takePendingChoice(storage, "user-1"), junk).toBeNull();
    }
  });
});
