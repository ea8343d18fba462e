// Reads a district boundary file (GeoJSON FeatureCollection or TopoJSON) into one checked geometry per district.
import { readFileSync } from "node:fs";
import { geoArea } from "d3-geo";
import { FILE_LIMITS, type FileLimits, fileLimitExceeded, readJsonBody } from "../../kernel/files";
import { projectFile } from "../../kernel/runtime-files";
import type { FieldError } from "../../shared/app-errors";
import { MAX_BOUNDARY_BYTES } from "./boundary-limit";
import { BoundaryUploadBodySchema, BUILT_IN_BOUNDARIES } from "./place-boundaries.schema";
import type { BoundaryGeometry, Position } from "./place-boundaries.table";

export { MAX_BOUNDARY_BYTES };

/** Rwanda's extent, with a margin: a shape outside it is in the wrong projection or the wrong country. */
const BOUNDS = { west: 28.5, east: 31.5, south: -3.2, north: -0.8 };

export type DistrictKey = { placeCode: string; name: string; nisrCode: string };
export type ParsedBoundary = { placeCode: string; name: string; geometry: BoundaryGeometry };
export type BoundaryParseResult = { boundaries: ParsedBoundary[]; errors: FieldError[] };

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const normalise = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+district$/, "")
    .trim();

const CODE_PROPERTIES = ["district_code", "code", "ADM2_PCODE", "adm2_code", "dist_code"];
const NAME_PROPERTIES = ["district", "shapeName", "name", "NAME_2", "ADM2_EN", "adm2_name", "District"];

/** Which district a feature is, by its code (11, RW-D11) or by its name. */
function districtOf(properties: JsonObject, districts: readonly DistrictKey[]): DistrictKey | undefined {
  for (const key of CODE_PROPERTIES) {
    const value = properties[key];
    if (typeof value !== "string" && typeof value !== "number") continue;
    const text = String(value).trim().toUpperCase();
    const found = districts.find((d) => d.nisrCode === text || d.placeCode === text);
    if (found) return found;
  }
  for (const key of NAME_PROPERTIES) {
    const value = properties[key];
    if (typeof value !== "string") continue;
    const found = districts.find((d) => normalise(d.name) === normalise(value));
    if (found) return found;
  }
  return undefined;
}

function labelOf(properties: JsonObject, index: number): string {
  for (const key of [...NAME_PROPERTIES, ...CODE_PROPERTIES]) {
    const v = properties[key];
    if (typeof v === "string" || typeof v === "number") return `feature ${index + 1} (“${v}”)`;
  }
  return `feature ${index + 1}`;
}

function checkRing(ring: unknown): string | null {
  if (!Array.isArray(ring) || ring.length < 4) return "a ring needs at least 4 positions";
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2 || !p.every((n) => typeof n === "number" && Number.isFinite(n))) {
      return "a position is not a pair of numbers";
    }
    const [lon, lat] = p as number[];
    if (
      (lon as number) < BOUNDS.west ||
      (lon as number) > BOUNDS.east ||
      (lat as number) < BOUNDS.south ||
      (lat as number) > BOUNDS.north
    ) {
      return `position ${lon}, ${lat} is outside Rwanda (use WGS 84 longitude, latitude)`;
    }
  }
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1])
    return "a ring is not closed (first and last positions differ)";
  return null;
}

const toPositions = (ring: unknown[]): Position[] =>
  ring.map((p) => [(p as number[])[0], (p as number[])[1]] as Position);

/**
 * The polygon's rings wound as d3-geo draws them: the exterior clockwise on the sphere, holes the other way.
 * RFC 7946 files wind exteriors counter-clockwise, which d3-geo reads as the whole globe minus the district
 * (the map becomes one filled rectangle); other files mix both. Each ring is judged alone: read as a polygon,
 * an exterior must enclose less than a hemisphere and a hole more (a district is far smaller than 2π sr).
 */
export function windForD3(rings: readonly Position[][]): Position[][] {
  return rings.map((ring, i) => {
    const insideOut = geoArea({ type: "Polygon", coordinates: [ring] }) > 2 * Math.PI;
    return insideOut === i > 0 ? ring : [...ring].reverse();
  });
}

/** A Polygon or MultiPolygon with closed rings inside Rwanda, wound for d3-geo, or the reason it is not. */
export function checkGeometry(geometry: unknown): { geometry: BoundaryGeometry } | { error: string } {
  if (!isObject(geometry)) return { error: "it has no geometry" };
  if (geometry.type === "Polygon") {
    const rings = geometry.coordinates;
    if (!Array.isArray(rings) || rings.length === 0) return { error: "the polygon has no ring" };
    for (const ring of rings) {
      const problem = checkRing(ring);
      if (problem) return { error: problem };
    }
    return {
      geometry: { type: "Polygon", coordinates: windForD3(rings.map((r) => toPositions(r as unknown[]))) },
    };
  }
  if (geometry.type === "MultiPolygon") {
    const polygons = geometry.coordinates;
    if (!Array.isArray(polygons) || polygons.length === 0)
      return { error: "the multipolygon has no polygon" };
    for (const rings of polygons) {
      if (!Array.isArray(rings) || rings.length === 0) return { error: "a polygon has no ring" };
      for (const ring of rings) {
        const problem = checkRing(ring);
        if (problem) return { error: problem };
      }
    }
    return {
      geometry: {
        type: "MultiPolygon",
        coordinates: polygons.map((rings) =>
          windForD3((rings as unknown[]).map((r) => toPositions(r as unknown[]))),
        ),
      },
    };
  }
  return { error: `its geometry is a ${String(geometry.type)}, not a Polygon or MultiPolygon` };
}

type Topology = { arcs: number[][][]; transform?: { scale: [number, number]; translate: [number, number] } };

/**
 * Counts the positions a file makes once decoded, and throws the limit's refusal past it: TopoJSON rings name arcs
 * by index, so a small file can name one long arc a million times.
 */
export type PositionBudget = { left: number; spend(n: number): void };

export function positionBudget(limit: number, onExceeded: () => Error): PositionBudget {
  const budget = {
    left: limit,
    spend(n: number) {
      budget.left -= n;
      if (budget.left < 0) throw onExceeded();
    },
  };
  return budget;
}

const isPair = (p: unknown): p is number[] =>
  Array.isArray(p) && p.length >= 2 && typeof p[0] === "number" && typeof p[1] === "number";

/** TopoJSON arcs → positions (quantised arcs are delta-encoded; a negative index is the reversed arc ~i). */
function decodeArcs(topology: Topology, budget: PositionBudget): Position[][] | null {
  const decoded: Position[][] = [];
  for (const arc of topology.arcs as unknown[]) {
    if (!Array.isArray(arc) || !arc.every(isPair)) return null;
    budget.spend(arc.length);
    if (!topology.transform) {
      decoded.push(arc.map((p) => [p[0], p[1]] as Position));
      continue;
    }
    const { scale, translate } = topology.transform;
    let x = 0;
    let y = 0;
    decoded.push(
      arc.map((p) => {
        x += p[0] as number;
        y += p[1] as number;
        return [x * scale[0] + translate[0], y * scale[1] + translate[1]] as Position;
      }),
    );
  }
  return decoded;
}

function ringFromArcs(indices: unknown, arcs: Position[][], budget: PositionBudget): Position[] | null {
  if (!Array.isArray(indices)) return null;
  const ring: Position[] = [];
  for (const i of indices) {
    if (typeof i !== "number" || !Number.isInteger(i)) return null;
    const arc = arcs[i < 0 ? ~i : i];
    if (!arc) return null;
    budget.spend(arc.length);
    const points = i < 0 ? [...arc].reverse() : arc;
    for (let k = ring.length > 0 ? 1 : 0; k < points.length; k++) ring.push(points[k] as Position);
  }
  return ring;
}

/** TopoJSON → GeoJSON-like features (only polygons matter here). */
function topologyFeatures(doc: JsonObject, budget: PositionBudget): unknown[] | null {
  if (!Array.isArray(doc.arcs) || !isObject(doc.objects)) return null;
  const arcs = decodeArcs(doc as unknown as Topology, budget);
  if (!arcs) return null;
  const features: unknown[] = [];
  for (const object of Object.values(doc.objects)) {
    if (!isObject(object)) continue;
    const geometries =
      object.type === "GeometryCollection" && Array.isArray(object.geometries) ? object.geometries : [object];
    for (const g of geometries) {
      if (!isObject(g)) continue;
      const rings = (list: unknown) =>
        Array.isArray(list) ? list.map((r) => ringFromArcs(r, arcs, budget) ?? []) : [];
      const geometry =
        g.type === "Polygon"
          ? { type: "Polygon", coordinates: rings(g.arcs) }
          : g.type === "MultiPolygon" && Array.isArray(g.arcs)
            ? { type: "MultiPolygon", coordinates: g.arcs.map(rings) }
            : { type: g.type };
      features.push({ type: "Feature", properties: isObject(g.properties) ? g.properties : {}, geometry });
    }
  }
  return features;
}

const fail = (path: string, message: string): BoundaryParseResult => ({
  boundaries: [],
  errors: [{ path, message, in: "body" }],
});
const tooLarge = (byteLength: number) =>
  fail(
    "file",
    `The file is ${(byteLength / 1024 / 1024).toFixed(1)} MB; the limit is 20 MB. Simplify the shapes.`,
  );

/**
 * Every feature must be a known district with a sound geometry, each district once, all 30 present;
 * otherwise nothing is returned but the errors, each naming its feature.
 */
export function parseBoundaryFile(
  text: string,
  byteLength: number,
  districts: readonly DistrictKey[],
  budget: PositionBudget = positionBudget(FILE_LIMITS.positions, () =>
    fileLimitExceeded("file_too_many_positions", { file: "The boundary file", field: "file" }),
  ),
): BoundaryParseResult {
  if (byteLength > MAX_BOUNDARY_BYTES) return tooLarge(byteLength);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return fail("file", "The file is not JSON: use GeoJSON or TopoJSON.");
  }
  return readBoundaryDocument(doc, districts, budget);
}

/** A parsed boundary file, read as `parseBoundaryFile` reads one. */
function readBoundaryDocument(
  doc: unknown,
  districts: readonly DistrictKey[],
  budget: PositionBudget,
): BoundaryParseResult {
  if (!isObject(doc))
    return fail("file", "The file is not a GeoJSON FeatureCollection or a TopoJSON Topology.");
  const features =
    doc.type === "FeatureCollection" && Array.isArray(doc.features)
      ? doc.features
      : doc.type === "Topology"
        ? topologyFeatures(doc, budget)
        : null;
  if (!features) return fail("file", "The file is not a GeoJSON FeatureCollection or a TopoJSON Topology.");

  const errors: FieldError[] = [];
  const boundaries: ParsedBoundary[] = [];
  const seen = new Map<string, number>();
  features.forEach((feature, i) => {
    const properties = isObject(feature) && isObject(feature.properties) ? feature.properties : {};
    const label = labelOf(properties, i);
    const district = districtOf(properties, districts);
    if (!district) {
      errors.push({
        path: `features.${i}.properties`,
        message: `${label}: not one of Rwanda's 30 districts.`,
        in: "body",
      });
      return;
    }
    const previous = seen.get(district.placeCode);
    if (previous !== undefined) {
      errors.push({
        path: `features.${i}.properties`,
        message: `${label}: ${district.name} appears twice (also feature ${previous + 1}).`,
        in: "body",
      });
      return;
    }
    seen.set(district.placeCode, i);
    const geometry = isObject(feature) ? feature.geometry : undefined;
    if (doc.type === "FeatureCollection") budget.spend(countPositions(geometry));
    const checked = checkGeometry(geometry);
    if ("error" in checked) {
      errors.push({ path: `features.${i}.geometry`, message: `${label}: ${checked.error}.`, in: "body" });
      return;
    }
    boundaries.push({ placeCode: district.placeCode, name: district.name, geometry: checked.geometry });
  });
  const missing = districts.filter((d) => !seen.has(d.placeCode)).map((d) => d.name);
  if (missing.length > 0 && errors.length === 0) {
    errors.push({
      path: "features",
      message: `Districts missing from the file: ${missing.join(", ")}.`,
      in: "body",
    });
  }
  return errors.length > 0
    ? {
        boundaries: [],
        errors: errors.length > MAX_ERRORS ? [...errors.slice(0, MAX_ERRORS), moreErrors(errors)] : errors,
      }
    : { boundaries, errors: [] };
}

/** A file of a million wrong features answers with the first hundred problems, not a million. */
const MAX_ERRORS = 100;
const moreErrors = (errors: FieldError[]): FieldError => ({
  path: "features",
  message: `…and ${errors.length - MAX_ERRORS} more problems.`,
  in: "body",
});

/** Positions in a GeoJSON Polygon or MultiPolygon's rings (anything else counts none: it is refused anyway). */
function countPositions(geometry: unknown): number {
  if (!isObject(geometry) || !Array.isArray(geometry.coordinates)) return 0;
  const rings: unknown[] =
    geometry.type === "MultiPolygon"
      ? geometry.coordinates.flatMap((polygon) => (Array.isArray(polygon) ? polygon : []))
      : geometry.coordinates;
  return rings.reduce<number>((sum, ring) => sum + (Array.isArray(ring) ? ring.length : 0), 0);
}

/**
 * What the parsing worker runs (see kernel/files): the file read and checked, with the positions it decodes to
 * counted against the limit; a file past it is refused on the `file` field, naming it.
 */
export function parseBoundaryFileWithinLimits(
  text: string,
  byteLength: number,
  districts: readonly DistrictKey[],
  file: string,
  limits: FileLimits = FILE_LIMITS,
): BoundaryParseResult {
  const budget = positionBudget(limits.positions, () =>
    fileLimitExceeded("file_too_many_positions", { file, field: "file" }, limits),
  );
  return parseBoundaryFile(text, byteLength, districts, budget);
}

/**
 * The same for an upload's JSON body, its bytes as received (null without a JSON Content-Type): parsed here, in the
 * worker, and checked with the route's body schema first, refused as the router refuses a body (400 not JSON; 422
 * naming the field), then read as a file. The router does not parse it (`bodyReadOffThread`): 20 MB of JSON would
 * hold the request thread.
 */
export function parseBoundaryBodyWithinLimits(
  body: ArrayBuffer | null,
  districts: readonly DistrictKey[],
  file: string,
  limits: FileLimits = FILE_LIMITS,
): BoundaryParseResult {
  // The request's body limit is the same 20 MB: this holds for a caller that skips the route.
  if (body && body.byteLength > MAX_BOUNDARY_BYTES) return tooLarge(body.byteLength);
  const doc = readJsonBody(body, BoundaryUploadBodySchema);
  const budget = positionBudget(limits.positions, () =>
    fileLimitExceeded("file_too_many_positions", { file, field: "file" }, limits),
  );
  return readBoundaryDocument(doc, districts, budget);
}

/** geoBoundaries' simplified TopoJSON of the districts (CC BY 4.0, see reference/SOURCES.md): 41 KB, shipped with the app. */
const BUILT_IN_FILE = projectFile(`src/modules/places/reference/${BUILT_IN_BOUNDARIES.name}`);

/** 5 decimals is about 1 m: finer than the file's own quantisation (~9 m), and half the digits the decoding makes. */
const round5 = (n: number) => Math.round(n * 1e5) / 1e5;
const roundRing = (ring: Position[]): Position[] => ring.map(([x, y]) => [round5(x), round5(y)]);
const roundGeometry = (g: BoundaryGeometry): BoundaryGeometry =>
  g.type === "Polygon"
    ? { type: "Polygon", coordinates: g.coordinates.map(roundRing) }
    : { type: "MultiPolygon", coordinates: g.coordinates.map((rings) => rings.map(roundRing)) };

/** The built-in set, read with the same checks as an administrator's file (all 30 districts, inside Rwanda). */
export function readBuiltInBoundaries(districts: readonly DistrictKey[]): BoundaryParseResult {
  const text = readFileSync(BUILT_IN_FILE, "utf8");
  const { boundaries, errors } = parseBoundaryFile(text, Buffer.byteLength(text), districts);
  return { boundaries: boundaries.map((b) => ({ ...b, geometry: roundGeometry(b.geometry) })), errors };
}
