// Lays out the real-shape district map for a width in pixels: the projection, an enlarged City of Kigali, and
// name and count labels placed so that none covers another.
import { type GeoProjection, geoMercator, geoPath } from "d3-geo";
import type { Feature, FeatureCollection, Geometry } from "geojson";

/** Nyarugenge, Gasabo, Kicukiro: slivers at country scale, drawn again enlarged. */
export const KIGALI_CODES: readonly string[] = ["RW-D11", "RW-D12", "RW-D13"];

export type DistrictShape = { code: string; name: string; geometry: Geometry };
export type Box = { x: number; y: number; width: number; height: number };
export type PlacedShape = { code: string; name: string; d: string; inset: boolean; bounds: Box };
/** A label's box, its name lines (none when there was no room for the name) and where its count goes. */
export type PlacedLabel = {
  code: string;
  box: Box;
  lines: string[];
  lineY: number[];
  countY: number;
  x: number;
};
export type BoundaryLayout = {
  width: number;
  height: number;
  shapes: PlacedShape[];
  labels: PlacedLabel[];
  /** The enlarged Kigali's frame, and the outline of Kigali on the country map. */
  inset: Box | null;
  kigali: Box | null;
};

export const NAME_SIZE = 11;
export const COUNT_SIZE = 13;
/** Line boxes as browsers measure text: ascent + descent reach ~1.36 em in Noto Sans, ~1.16 em in DejaVu Sans. */
const NAME_LINE = Math.ceil(NAME_SIZE * 1.36);
const COUNT_LINE = Math.ceil(COUNT_SIZE * 1.36);
/** Baselines sit this far below their line box's top (Noto Sans' ascent, the larger). */
const ASCENT = 1.07;
/** The white halo around label text (its stroke width in coordination.css): browsers count it in the label's box. */
const HALO = 2;
/** Labels keep this far apart, so that rounding never lets two touch. */
const GAP = 1;
const CAPTION = 18;
/** Over-estimated for a wide sans-serif: DejaVu Sans spends ~0.65 em a letter on "Nyamasheke", bold digits ~0.7 em. */
const nameWidth = (text: string) => text.length * 0.7 * NAME_SIZE;
const countWidth = (text: string) => text.length * 0.75 * COUNT_SIZE;
/** From this width the enlarged Kigali sits beside the country; below it, under it. */
const SIDE_BY_SIDE = 600;
const INSET_WIDTH = 170;

type DistrictFeature = Feature<Geometry, { code: string; name: string }>;
const collectionOf = (
  features: DistrictFeature[],
): FeatureCollection<Geometry, { code: string; name: string }> => ({
  type: "FeatureCollection",
  features,
});
const toBox = ([[x0, y0], [x1, y1]]: [[number, number], [number, number]]): Box => ({
  x: x0,
  y: y0,
  width: x1 - x0,
  height: y1 - y0,
});
export const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Every district drawn at country scale; Kigali's three again in a frame, enlarged (beside the country on a
 * wide screen, under it on a phone). Labels go on top at each shape's centroid, nudged when they would cover
 * another; when the name finds no room, the count alone is shown (the shape's link still names it).
 */
export function layoutBoundaryMap(
  districts: readonly DistrictShape[],
  width: number,
  options: { counts: ReadonlyMap<string, string>; linesOf(code: string): readonly string[] },
): BoundaryLayout {
  const features = districts.map(
    (d): DistrictFeature => ({
      type: "Feature",
      properties: { code: d.code, name: d.name },
      geometry: d.geometry,
    }),
  );
  if (features.length === 0 || width <= 0) {
    return { width, height: 0, shapes: [], labels: [], inset: null, kigali: null };
  }
  const kigaliFeatures = features.filter((f) => KIGALI_CODES.includes(f.properties.code));
  const sideBySide = width >= SIDE_BY_SIDE && kigaliFeatures.length > 0;
  const mainWidth = sideBySide ? width - INSET_WIDTH - 8 : width;

  const country = geoMercator().fitWidth(mainWidth - 8, collectionOf(features));
  country.translate([country.translate()[0] + 4, country.translate()[1] + 4]);
  const countryPath = geoPath(country);
  const mainHeight = Math.ceil(countryPath.bounds(collectionOf(features))[1][1]) + 4;

  let inset: Box | null = null;
  let kigali: Box | null = null;
  let enlarged: GeoProjection | null = null;
  if (kigaliFeatures.length > 0) {
    const outline = toBox(countryPath.bounds(collectionOf(kigaliFeatures)));
    kigali = { x: outline.x - 3, y: outline.y - 3, width: outline.width + 6, height: outline.height + 6 };
    const frame = sideBySide
      ? { x: width - INSET_WIDTH, y: 2, width: INSET_WIDTH - 2, height: INSET_WIDTH + CAPTION + 10 }
      : { x: 1, y: mainHeight + 8, width: width - 2, height: Math.min(180, width * 0.55) + CAPTION + 10 };
    enlarged = geoMercator().fitExtent(
      [
        [frame.x + 6, frame.y + CAPTION + 4],
        [frame.x + frame.width - 6, frame.y + frame.height - 6],
      ],
      collectionOf(kigaliFeatures),
    );
    inset = frame;
  }
  const insetPath = enlarged ? geoPath(enlarged) : null;
  const height = Math.ceil(Math.max(mainHeight, inset ? inset.y + inset.height + 2 : 0));

  const shapes: PlacedShape[] = features.map((f) => ({
    code: f.properties.code,
    name: f.properties.name,
    d: countryPath(f) ?? "",
    inset: false,
    bounds: toBox(countryPath.bounds(f)),
  }));
  if (insetPath) {
    for (const f of kigaliFeatures) {
      shapes.push({
        code: f.properties.code,
        name: f.properties.name,
        d: insetPath(f) ?? "",
        inset: true,
        bounds: toBox(insetPath.bounds(f)),
      });
    }
  }

  // Labels: Kigali's in the enlargement only. Every count is placed first (the smallest shapes choose first,
  // larger ones have room to move), then names are added wherever they fit without covering another label.
  const candidates = shapes
    .filter((s) => s.inset || !insetPath || !KIGALI_CODES.includes(s.code))
    .sort((a, b) => a.bounds.width * a.bounds.height - b.bounds.width * b.bounds.height)
    .flatMap((shape) => {
      const feature = features.find((f) => f.properties.code === shape.code);
      if (!feature) return [];
      const [cx, cy] = (shape.inset && insetPath ? insetPath : countryPath).centroid(feature);
      const split = [...options.linesOf(shape.code)];
      // The whole name on one line when the shape is wide enough, else cut at a syllable.
      const nameForms = [
        ...(nameWidth(shape.name) <= shape.bounds.width || split.length < 2 ? [[shape.name]] : []),
        ...(split.length > 1 ? [split] : []),
      ];
      return [{ code: shape.code, cx, cy, count: options.counts.get(shape.code) ?? "0", nameForms }];
    });
  const fixed: Box[] = inset ? [{ x: inset.x, y: inset.y, width: inset.width, height: CAPTION }] : [];
  const room = { width, height };
  const placed = new Map<string, { box: Box; lines: readonly string[] }>();
  for (const c of candidates) {
    const taken = [...fixed, ...[...placed.values()].map((p) => p.box)];
    // A count may go a little further than a name to find room; with none anywhere it stays on the centroid.
    const box =
      findRoom(labelBox(c.cx, c.cy, c.count, []), COUNT_REACH, taken, room) ??
      clampTo(labelBox(c.cx, c.cy, c.count, []), room);
    placed.set(c.code, { box, lines: [] });
  }
  for (const c of candidates) {
    const others = [...fixed, ...[...placed].filter(([code]) => code !== c.code).map(([, p]) => p.box)];
    for (const lines of c.nameForms) {
      const box = findRoom(labelBox(c.cx, c.cy, c.count, lines), NAME_REACH, others, room);
      if (box) {
        placed.set(c.code, { box, lines });
        break;
      }
    }
  }
  const labels: PlacedLabel[] = candidates.map((c) => {
    const { box, lines } = placed.get(c.code) ?? { box: labelBox(c.cx, c.cy, c.count, []), lines: [] };
    return {
      code: c.code,
      box,
      lines: [...lines],
      x: box.x + box.width / 2,
      lineY: lines.map((_, i) => box.y + HALO + i * NAME_LINE + ASCENT * NAME_SIZE),
      countY: box.y + HALO + lines.length * NAME_LINE + ASCENT * COUNT_SIZE,
    };
  });
  return { width, height, shapes, labels, inset, kigali };
}

/** Up, down, left, right, then the diagonals. */
const DIRECTIONS = [
  [0, -1],
  [0, 1],
  [-1, 0],
  [1, 0],
  [-1, -1],
  [1, -1],
  [-1, 1],
  [1, 1],
];

function labelBox(cx: number, cy: number, count: string, lines: readonly string[]): Box {
  const w = Math.max(countWidth(count), ...lines.map(nameWidth)) + 2 * HALO;
  const h = lines.length * NAME_LINE + COUNT_LINE + 2 * HALO;
  return { x: cx - w / 2, y: cy - h / 2, width: w, height: h };
}

/** How far from its centroid a label may move, in label sizes: a name stays close, a count may go further. */
const NAME_REACH = [0, 0.5, 0.8];
const COUNT_REACH = [0, 0.5, 0.8, 1.1, 1.4];

const clampTo = (b: Box, room: { width: number; height: number }): Box => ({
  ...b,
  x: Math.min(Math.max(0, b.x), room.width - b.width),
  y: Math.min(Math.max(0, b.y), room.height - b.height),
});

/** The first free spot for a label box near where it is, within the map, or null. */
function findRoom(
  base: Box,
  reach: readonly number[],
  taken: readonly Box[],
  room: { width: number; height: number },
): Box | null {
  for (const r of reach) {
    for (const [ux, uy] of r === 0 ? [[0, 0]] : DIRECTIONS) {
      const box = clampTo(
        {
          ...base,
          x: base.x + (ux as number) * r * base.width,
          y: base.y + (uy as number) * r * base.height,
        },
        room,
      );
      const spaced = {
        x: box.x - GAP,
        y: box.y - GAP,
        width: box.width + 2 * GAP,
        height: box.height + 2 * GAP,
      };
      if (box.x >= 0 && box.y >= 0 && !taken.some((t) => overlaps(t, spaced))) return box;
    }
  }
  return null;
}
