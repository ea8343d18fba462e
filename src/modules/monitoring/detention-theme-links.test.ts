import { describe, expect, it } from "vitest";
import { BUILT_IN_THEMES } from "../themes";
import { DETENTION_THEME_SECTOR_THEMES, isDetentionTheme, sectorThemesFor } from "./detention-theme-links";
import { DETENTION_THEME_CODES } from "./detention-themes";

describe("detention theme → sector themes", () => {
  it("links every detention theme to at least one built-in theme of the register, by code", () => {
    const builtIn = new Set(BUILT_IN_THEMES.map((theme) => theme.code));
    expect(Object.keys(DETENTION_THEME_SECTOR_THEMES).sort()).toEqual([...DETENTION_THEME_CODES].sort());
    for (const theme of DETENTION_THEME_CODES) {
      const linked = sectorThemesFor(theme);
      expect(linked.length, theme).toBeGreaterThan(0);
      for (const code of linked) expect(builtIn.has(code), `${theme} → ${code}`).toBe(true);
      expect(new Set(linked).size, theme).toBe(linked.length);
    }
  });

  it("sends procedural safeguards to legal aid, health care to health, regime to rehabilitation", () => {
    for (const theme of [
      "access_to_a_lawyer",
      "legal_aid",
      "judicial_oversight",
      "length_of_pre_trial_detention",
    ] as const)
      expect(sectorThemesFor(theme)[0]).toBe("legal_aid");
    expect(sectorThemesFor("health_care_services")).toEqual(["health"]);
    expect(sectorThemesFor("mental_health")).toContain("psychosocial_support");
    expect(sectorThemesFor("education_and_training")).toContain("vocational_training");
    expect(sectorThemesFor("preparation_for_release")).toContain("rehabilitation_reintegration");
    expect(sectorThemesFor("access_to_a_lawyer")).not.toContain("health");
  });

  it("knows a detention theme from anything else", () => {
    expect(isDetentionTheme("overcrowding")).toBe(true);
    expect(isDetentionTheme("legal_aid")).toBe(true);
    expect(isDetentionTheme("health")).toBe(false);
  });
});
