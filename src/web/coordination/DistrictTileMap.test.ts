// The tile grid's table: thirty districts, one tile each, every name whole and short enough per line for a phone.
import { describe, expect, it } from "vitest";
import { buildRwandaPlaces } from "../../modules/places/rwanda-places";
import { DISTRICT_TILES } from "./DistrictTileMap";

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
      expect(d.lines.join(""), d.code).toBe(d.name);
      expect(d.lines.length).toBeLessThanOrEqual(2);
      for (const line of d.lines) expect(line.length, d.name).toBeLessThanOrEqual(5);
    }
    expect(new Set(DISTRICT_TILES.map((d) => d.lines.join("\n"))).size).toBe(30);
  });
});
