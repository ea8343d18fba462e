import { describe, expect, it } from "vitest";
import {
  type ChoiceStorage,
  rememberSignedOutChoice,
  settleLocale,
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
