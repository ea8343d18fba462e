import { describe, expect, it } from "vitest";
import { guessLanguage } from "./text-language";

describe("guessLanguage", () => {
  it("tells English, French and Kinyarwanda apart", () => {
    expect(guessLanguage("The training of the prison staff was held in Musanze and it was a success.")).toBe(
      "en",
    );
    expect(
      guessLanguage("La formation des agents pénitentiaires a eu lieu dans le district de Musanze."),
    ).toBe("fr");
    expect(
      guessLanguage("Amahugurwa y'abakozi ba gereza yabereye mu karere ka Musanze kandi yagenze neza na bo."),
    ).toBe("rw");
  });

  it("says English when nothing is clear", () => {
    expect(guessLanguage("")).toBe("en");
    expect(guessLanguage("12345 — RCS / NCHR")).toBe("en");
  });
});
