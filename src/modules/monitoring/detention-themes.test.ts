import { describe, expect, it } from "vitest";
import en from "../../locales/en.json";
import fr from "../../locales/fr.json";
import rw from "../../locales/rw.json";
import {
  DETENTION_THEME_CODES,
  THEME_CATEGORIES,
  themesOfCategory,
  VULNERABLE_GROUPS,
} from "./detention-themes";

describe("detention themes", () => {
  it("puts every theme in exactly one category, and every category has themes", () => {
    const grouped = THEME_CATEGORIES.flatMap((c) => themesOfCategory(c));
    expect(grouped.sort()).toEqual([...DETENTION_THEME_CODES].sort());
    for (const c of THEME_CATEGORIES) expect(themesOfCategory(c).length).toBeGreaterThan(2);
  });
  it("has overcrowding under material conditions and access to a lawyer under procedural safeguards", () => {
    expect(themesOfCategory("material_conditions")).toContain("overcrowding");
    expect(themesOfCategory("procedural_safeguards")).toContain("access_to_a_lawyer");
  });
  it.each([
    ["en", en],
    ["fr", fr],
    ["rw", rw],
  ] as const)("has a label for every theme, category and group in %s", (_, catalog) => {
    const m = catalog.monitoring;
    expect(Object.keys(m.themes).sort()).toEqual([...DETENTION_THEME_CODES].sort());
    expect(Object.keys(m.themeCategories).sort()).toEqual([...THEME_CATEGORIES].sort());
    expect(Object.keys(m.vulnerableGroups).sort()).toEqual([...VULNERABLE_GROUPS].sort());
  });
});
