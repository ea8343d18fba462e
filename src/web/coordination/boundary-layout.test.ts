// The real-shape map's layout: sensible shapes, Kigali enlarged to finger size, no label covering another.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Geometry } from "geojson";
import { describe, expect, it } from "vitest";
import { hasShared } from "../../../tests/shared-data";
import { type BoundaryLayout, type DistrictShape, layoutBoundaryMap, overlaps } from "./boundary-layout";
import { DISTRICT_TILES } from "./DistrictTileMap";

const GEOJSON = join(
  resolve(process.env.UBUFATANYE_REFERENCE_DIR ?? "../shared/data/reference"),
  "rwanda-districts-adm2.geojson",
);

/** Thirty squares on a 6 × 5 grid inside Rwanda, clockwise: enough to lay out when the real file is absent. */
function squares(): DistrictShape[] {
  return DISTRICT_TILES.map((d, i) => {
    const x = 29 + (i % 6) * 0.3;
    const y = -1.2 - Math.floor(i / 6) * 0.3;
    const geometry: Geometry = {
      type: "Polygon",
      coordinates: [
        [
          [x, y],
          [x + 0.28, y],
          [x + 0.28, y - 0.28],
          [x, y - 0.28],
          [x, y],
        ],
      ],
    };
    return { code: d.code, name: d.name, geometry };
  });
}

function realShapes(): DistrictShape[] {
  const doc = JSON.parse(readFileSync(GEOJSON, "utf8")) as {
    features: { properties: { district_code: string | number }; geometry: Geometry }[];
  };
  return doc.features.map((f) => {
    const code = `RW-D${f.properties.district_code}`;
    const tile = DISTRICT_TILES.find((d) => d.code === code);
    return { code, name: tile?.name ?? code, geometry: f.geometry };
  });
}

const layOut = (districts: DistrictShape[], width: number) =>
  layoutBoundaryMap(districts, width, {
    counts: new Map(DISTRICT_TILES.map((d, i) => [d.code, String(i % 7)])),
    linesOf: (code) => DISTRICT_TILES.find((d) => d.code === code)?.lines ?? [],
  });

function expectUsable(layout: BoundaryLayout, width: number) {
  expect(layout.width).toBe(width);
  const main = layout.shapes.filter((s) => !s.inset);
  expect(main).toHaveLength(30);
  for (const s of main) {
    // Each district a small part of the map (an inside-out ring would fill all of it).
    expect(s.bounds.width, s.name).toBeLessThan(width / 3);
    expect(s.bounds.height, s.name).toBeLessThan(layout.height / 2);
  }
  // Every district has one label with its count, inside the map, none covering another.
  expect(layout.labels.map((l) => l.code).sort()).toEqual(DISTRICT_TILES.map((d) => d.code).sort());
  for (const l of layout.labels) {
    expect(l.box.x).toBeGreaterThanOrEqual(0);
    expect(l.box.y).toBeGreaterThanOrEqual(0);
    expect(l.box.x + l.box.width).toBeLessThanOrEqual(width + 0.001);
    expect(l.box.y + l.box.height).toBeLessThanOrEqual(layout.height + 0.001);
  }
  for (const [i, a] of layout.labels.entries()) {
    for (const b of layout.labels.slice(i + 1))
      expect(overlaps(a.box, b.box), `${a.code} × ${b.code}`).toBe(false);
  }
  // Kigali's three districts again, enlarged, each a finger-sized target.
  const enlarged = layout.shapes.filter((s) => s.inset);
  expect(enlarged.map((s) => s.name).sort()).toEqual(["Gasabo", "Kicukiro", "Nyarugenge"]);
  for (const s of enlarged) {
    expect(s.bounds.width, s.name).toBeGreaterThanOrEqual(40);
    expect(s.bounds.height, s.name).toBeGreaterThanOrEqual(40);
  }
}

describe("the real-shape map's layout", () => {
  it("lays out thirty districts on a phone and on a desktop", () => {
    for (const width of [328, 640]) expectUsable(layOut(squares(), width), width);
  });

  it("puts Kigali beside the country on a wide screen, under it on a phone", () => {
    const wide = layOut(squares(), 640);
    const narrow = layOut(squares(), 328);
    expect(wide.inset?.x).toBeGreaterThan(400);
    expect(narrow.inset?.y).toBeGreaterThan(narrow.height / 2);
    expect(narrow.inset?.width).toBeGreaterThan(300);
  });

  it("draws nothing without shapes", () => {
    expect(layOut([], 640)).toMatchObject({ height: 0, shapes: [], labels: [] });
  });

  it.skipIf(!hasShared(GEOJSON))("lays out Rwanda's real districts, naming most of them", () => {
    for (const width of [328, 480, 720]) {
      const layout = layOut(realShapes(), width);
      expectUsable(layout, width);
      const named = layout.labels.filter((l) => l.lines.length > 0).length;
      expect(named, `names shown at ${width} px`).toBeGreaterThanOrEqual(width >= 480 ? 27 : 15);
    }
  });
});
