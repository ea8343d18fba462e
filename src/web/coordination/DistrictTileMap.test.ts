// The tile grid's table: thirty districts, one tile each, every name whole and short enough per line for a phone,
// cut only between Kinyarwanda syllables.
import { describe, expect, it } from "vitest";
import { buildRwandaPlaces } from "../../modules/places/rwanda-places";
import { DISTRICT_TILES } from "./DistrictTileMap";
import { joinNameLines, LINE_HYPHEN, nameLines, syllableCuts } from "./name-lines";

describe("district tiles", () => {
  it("holds Rwanda's 30 districts, each on its own cell", () => {
    const districts = buildRwandaPlaces().filter((p) => p.kind === "district");
    expect(DISTRICT_TILES.map((d) => [d.code, d.name]).sort()).toEqual(
      districts.map((d) => [d.code, d.name]).sort(),
    );
    expect(new Set(DISTRICT_TILES.map((d) => `${d.col},${d.row}`)).size).toBe(30);
  });

  it("labels each tile with its whole name in at most two lines of five letters: no two tiles read alike", () => {
    for (const d of DISTRICT_TILES) {
      expect(joinNameLines(d.lines), d.code).toBe(d.name);
      expect(d.lines.length).toBeLessThanOrEqual(2);
      expect(d.scale, d.name).toBe(1);
      for (const line of d.lines) expect(line.replace(LINE_HYPHEN, "").length, d.name).toBeLessThanOrEqual(5);
    }
    expect(new Set(DISTRICT_TILES.map((d) => d.lines.join("\n"))).size).toBe(30);
  });

  it("cuts a name only between syllables, never inside a letter group, and marks the cut with a hyphen", () => {
    const lines = (name: string) => DISTRICT_TILES.find((d) => d.name === name)?.lines;
    expect(lines("Musanze")).toEqual(["Musa-", "nze"]);
    expect(lines("Gicumbi")).toEqual(["Gicu-", "mbi"]);
    expect(lines("Nyarugenge")).toEqual(["Nyaru-", "genge"]);
    expect(lines("Nyamasheke")).toEqual(["Nyama-", "sheke"]);
    expect(lines("Huye")).toEqual(["Huye"]);
    for (const d of DISTRICT_TILES) {
      if (d.lines.length < 2) continue;
      const first = d.lines[0] ?? "";
      expect(first.endsWith(LINE_HYPHEN), d.name).toBe(true);
      // The cut follows a vowel: "ny", "nz", "mb", "ng", "sh", "ts" always start the next syllable.
      expect(syllableCuts(d.name), d.name).toContain(first.length - 1);
      expect(first.at(-2), d.name).toMatch(/[aeiou]/);
    }
    expect(syllableCuts("Nyarugenge")).toEqual([3, 5, 7]);
    expect(syllableCuts("Gatsibo")).toEqual([2, 5]);
  });

  it("shrinks rather than cut inside a syllable when no cut fits", () => {
    expect(nameLines("Nyamasheke", 4)).toBeNull();
    expect(nameLines("Ngoma", 5)).toEqual(["Ngoma"]);
  });
});
