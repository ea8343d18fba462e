// The 3W map of the public portal as a small SVG drawn on the server (no script, no tiles): each district shaded by
// the number of organisations working there, its name and count in a <title> for screen readers and long presses.
import { geoMercator, geoPath } from "d3-geo";
import type { Feature, FeatureCollection, Geometry } from "geojson";

export type MapDistrict = { code: string; name: string; geometry: unknown };

const WIDTH = 360;
const HEIGHT = 300;
/** Light to dark, by organisations working in the district: 0, 1, 2–3, 4–6, 7+. */
const SHADES = ["#eef1f4", "#c6dbef", "#8db9dc", "#4a90c2", "#1f5f92"];
const shadeOf = (n: number) => SHADES[n === 0 ? 0 : n === 1 ? 1 : n <= 3 ? 2 : n <= 6 ? 3 : 4];

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The districts drawn to 360 × 300 (scaled by the page to its width), paths rounded to whole pixels so the map stays
 * a few kilobytes; `label(name, count)` words each district's title in the page's language.
 */
export function drawDistrictMap(
  districts: readonly MapDistrict[],
  counts: ReadonlyMap<string, number>,
  label: (name: string, count: number) => string,
  title: string,
): string {
  if (districts.length === 0) return "";
  const features = districts.map(
    (d): Feature<Geometry, { code: string }> => ({
      type: "Feature",
      properties: { code: d.code },
      geometry: d.geometry as Geometry,
    }),
  );
  const collection: FeatureCollection<Geometry, { code: string }> = { type: "FeatureCollection", features };
  const projection = geoMercator().fitSize([WIDTH, HEIGHT], collection);
  const path = geoPath(projection).digits(0);
  const shapes = districts.map((d, i) => {
    const feature = features[i];
    const n = counts.get(d.code) ?? 0;
    const dAttr = feature ? (path(feature) ?? "") : "";
    return `<path d="${dAttr}" fill="${shadeOf(n)}"><title>${escapeXml(label(d.name, n))}</title></path>`;
  });
  const numbers = districts.flatMap((d, i) => {
    const n = counts.get(d.code) ?? 0;
    const feature = features[i];
    if (n === 0 || !feature) return [];
    const [x, y] = path.centroid(feature);
    if (!Number.isFinite(x) || !Number.isFinite(y)) return [];
    return [`<text x="${Math.round(x)}" y="${Math.round(y) + 4}">${n}</text>`];
  });
  return `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(title)}" class="map"><g stroke="#fff" stroke-width="1">${shapes.join("")}</g><g class="n">${numbers.join("")}</g></svg>`;
}

export const MAP_SHADES = SHADES;
