// District boundaries: GeoJSON and TopoJSON loaded whole, bad files refused naming the feature, nothing half-replaced.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { geoArea } from "d3-geo";
import type { Geometry } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliDatabase, type CliRun, createCliDatabase, runCliInProcess } from "../../../tests/cli";
import { createTestDatabase, testDatabaseKind } from "../../../tests/database";
import { createTestServer, nationalGrant, type TestClient } from "../../../tests/factories";
import { hasShared } from "../../../tests/shared-data";
import type { DatabaseHandle } from "../../db/client";
import { type DistrictKey, parseBoundaryFile } from "./place-boundaries.import";
import type { BoundaryStatus, DistrictBoundaries } from "./place-boundaries.schema";
import { buildRwandaPlaces } from "./rwanda-places";

// The GeoJSON is kept outside the repository; tests that need it skip without it. The TopoJSON is the built-in set.
const REFERENCE = resolve(process.env.UBUFATANYE_REFERENCE_DIR ?? "../shared/data/reference");
const GEOJSON = join(REFERENCE, "rwanda-districts-adm2.geojson");
const TOPOJSON = fileURLToPath(new URL("./reference/rwanda-districts-adm2.topojson", import.meta.url));

const DISTRICTS: DistrictKey[] = buildRwandaPlaces()
  .filter((p) => p.kind === "district")
  .map((p) => ({ placeCode: p.code, name: p.name, nisrCode: p.code.replace("RW-D", "") }));

/** Thirty small squares inside Rwanda, one per district, named by NISR code: a valid file made up for tests. */
function syntheticCollection() {
  return {
    type: "FeatureCollection",
    features: DISTRICTS.map((d, i) => {
      const x = 29 + (i % 6) * 0.3;
      const y = -1.2 - Math.floor(i / 6) * 0.3;
      return {
        type: "Feature",
        properties: { district_code: d.nisrCode, district: d.name },
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [x, y],
              [x + 0.2, y],
              [x + 0.2, y - 0.2],
              [x, y - 0.2],
              [x, y],
            ],
          ],
        },
      };
    }),
  };
}
type Ring = number[][];
/** A square ring clockwise in longitude/latitude (as d3-geo wants an exterior), or counter-clockwise (RFC 7946). */
const square = (x: number, y: number, size: number, clockwise: boolean): Ring => {
  const ring = [
    [x, y],
    [x + size, y],
    [x + size, y - size],
    [x, y - size],
    [x, y],
  ];
  return clockwise ? ring : ring.reverse();
};
/** The reference file with every ring reversed: what a standard (RFC 7946) writer such as GDAL or QGIS produces. */
function reverseEveryRing(doc: { features: { geometry: { type: string; coordinates: unknown } }[] }) {
  for (const f of doc.features) {
    const g = f.geometry;
    const polygons = (g.type === "Polygon" ? [g.coordinates] : g.coordinates) as Ring[][];
    for (const rings of polygons) for (const ring of rings) ring.reverse();
  }
  return doc;
}
/** Steradians; one of Rwanda's districts covers about 1e-5 sr, the whole sphere 4π. */
const areaOf = (geometry: unknown) => geoArea(geometry as Geometry);
const SMALL = 1e-3;

const parse = (doc: unknown) => {
  const text = JSON.stringify(doc);
  return parseBoundaryFile(text, Buffer.byteLength(text), DISTRICTS);
};

describe("boundary file reader", () => {
  it("reads thirty districts by code", () => {
    const result = parse(syntheticCollection());
    expect(result.errors).toEqual([]);
    expect(result.boundaries).toHaveLength(30);
    expect(result.boundaries[0]).toMatchObject({ placeCode: "RW-D11", name: "Nyarugenge" });
  });

  it("names the feature with a wrong geometry, an unknown district, or a duplicate", () => {
    const doc = syntheticCollection();
    const [first, second, third] = doc.features;
    if (!first || !second || !third) throw new Error("fixture");
    first.geometry.coordinates[0]?.pop(); // ring no longer closed
    second.properties = { district_code: "99", district: "Atlantis" };
    third.properties = { district_code: "11", district: "Nyarugenge" };
    const result = parse(doc);
    expect(result.boundaries).toEqual([]);
    expect(result.errors).toEqual([
      expect.objectContaining({
        path: "features.0.geometry",
        message: expect.stringMatching(/^feature 1 \(“Nyarugenge”\): a ring is not closed/),
      }),
      expect.objectContaining({
        path: "features.1.properties",
        message: "feature 2 (“Atlantis”): not one of Rwanda's 30 districts.",
      }),
      expect.objectContaining({
        path: "features.2.properties",
        message: expect.stringContaining("appears twice"),
      }),
    ]);
  });

  it("refuses points, coordinates outside Rwanda, missing districts, non-JSON and files over 20 MB", () => {
    const point = syntheticCollection();
    (point.features[4] as { geometry: unknown }).geometry = { type: "Point", coordinates: [30, -2] };
    expect(parse(point).errors[0]?.message).toMatch(/feature 5 .*a Point, not a Polygon/);
    const projected = syntheticCollection();
    const ring = projected.features[0]?.geometry.coordinates[0];
    if (ring) ring[1] = [500000, 9800000];
    expect(parse(projected).errors[0]?.message).toMatch(/outside Rwanda/);
    const short = syntheticCollection();
    short.features = short.features.slice(1);
    expect(parse(short).errors[0]?.message).toBe("Districts missing from the file: Nyarugenge.");
    expect(parseBoundaryFile("{nope", 5, DISTRICTS).errors[0]?.message).toMatch(/not JSON/);
    expect(parseBoundaryFile("{}", 21 * 1024 * 1024, DISTRICTS).errors[0]?.message).toMatch(/limit is 20 MB/);
  });

  it.skipIf(!hasShared(GEOJSON))("reads the geoBoundaries GeoJSON of Rwanda's districts", () => {
    const text = readFileSync(GEOJSON, "utf8");
    const result = parseBoundaryFile(text, Buffer.byteLength(text), DISTRICTS);
    expect(result.errors).toEqual([]);
    expect(result.boundaries.map((b) => b.placeCode).sort()).toEqual(
      DISTRICTS.map((d) => d.placeCode).sort(),
    );
  });

  it("winds counter-clockwise exteriors and clockwise holes (RFC 7946) the way d3-geo draws them", () => {
    const doc = syntheticCollection();
    const [first, second] = doc.features;
    if (!first || !second) throw new Error("fixture");
    // A district with a hole (RFC 7946: exterior counter-clockwise, hole clockwise), and one in two parts.
    first.geometry.coordinates = [square(29, -1.2, 0.2, false), square(29.05, -1.25, 0.1, true)];
    (second as { geometry: unknown }).geometry = {
      type: "MultiPolygon",
      coordinates: [[square(29.3, -1.2, 0.05, false)], [square(29.4, -1.2, 0.05, true)]],
    };
    const before = areaOf(first.geometry);
    expect(before).toBeGreaterThan(2 * Math.PI); // inside out as given: the globe minus a square
    const result = parse(doc);
    expect(result.errors).toEqual([]);
    const [holed, parts] = result.boundaries;
    if (holed?.geometry.type !== "Polygon" || parts?.geometry.type !== "MultiPolygon")
      throw new Error("types");
    const outer = areaOf({ type: "Polygon", coordinates: [square(29, -1.2, 0.2, true)] });
    const hole = areaOf({ type: "Polygon", coordinates: [square(29.05, -1.25, 0.1, true)] });
    expect(areaOf(holed.geometry)).toBeCloseTo(outer - hole, 12);
    expect(areaOf(holed.geometry)).toBeLessThan(SMALL);
    // The hole runs the other way round from its exterior.
    expect(areaOf({ type: "Polygon", coordinates: [holed.geometry.coordinates[1]] })).toBeGreaterThan(
      2 * Math.PI,
    );
    const piece = areaOf({ type: "Polygon", coordinates: [square(29.3, -1.2, 0.05, true)] });
    expect(areaOf(parts.geometry)).toBeCloseTo(2 * piece, 12);
    // Files already wound for d3-geo keep their rings as they are.
    const [untouched] = parse(syntheticCollection()).boundaries;
    expect(untouched?.geometry.coordinates[0]).toEqual(
      syntheticCollection().features[0]?.geometry.coordinates[0],
    );
  });

  it.skipIf(!hasShared(GEOJSON))(
    "reads the GeoJSON with every ring reversed into the same small shapes",
    () => {
      const text = readFileSync(GEOJSON, "utf8");
      const reversedText = JSON.stringify(reverseEveryRing(JSON.parse(text)));
      const reversed = JSON.parse(reversedText) as { features: { geometry: unknown }[] };
      // As given, d3-geo would fill the whole globe but the district: that is the defect being guarded against.
      expect(reversed.features.every((f) => areaOf(f.geometry) > 2 * Math.PI)).toBe(true);
      const original = parseBoundaryFile(text, Buffer.byteLength(text), DISTRICTS);
      const result = parseBoundaryFile(reversedText, Buffer.byteLength(reversedText), DISTRICTS);
      expect(result.errors).toEqual([]);
      expect(result.boundaries).toHaveLength(30);
      for (const b of result.boundaries) {
        const same = original.boundaries.find((o) => o.placeCode === b.placeCode);
        expect(areaOf(b.geometry), b.name).toBeLessThan(SMALL);
        expect(areaOf(b.geometry), b.name).toBeCloseTo(areaOf(same?.geometry), 12);
      }
    },
  );

  it("reads the TopoJSON by district name, decoding its quantised arcs", () => {
    const text = readFileSync(TOPOJSON, "utf8");
    const result = parseBoundaryFile(text, Buffer.byteLength(text), DISTRICTS);
    expect(result.errors).toEqual([]);
    expect(result.boundaries).toHaveLength(30);
    const nyarugenge = result.boundaries.find((b) => b.placeCode === "RW-D11");
    const ring = nyarugenge?.geometry.type === "Polygon" ? nyarugenge.geometry.coordinates[0] : undefined;
    // Kigali lies near 30.06 E, 1.95 S.
    expect(ring?.every(([lon, lat]) => lon > 29.9 && lon < 30.2 && lat > -2.1 && lat < -1.85)).toBe(true);
  });
});

describe("boundaries over HTTP", () => {
  let handle: DatabaseHandle;
  let server: ReturnType<typeof createTestServer>;
  let admin: TestClient;
  let viewer: TestClient;
  beforeAll(async () => {
    handle = await createTestDatabase();
    server = createTestServer(handle);
    admin = (await server.signInAs([nationalGrant("administrator")])).client;
    viewer = (await server.signInAs([nationalGrant("viewer")])).client;
  });
  afterAll(async () => {
    await handle?.close();
  });
  const put = (client: TestClient, body: string, name = "districts.geojson") =>
    client.json<BoundaryStatus & { errors?: { path: string; message: string }[] }>(
      `/api/places/boundaries?name=${name}`,
      { method: "PUT", body },
    );

  it("starts with the built-in set, then an administrator loads a whole file", async () => {
    expect((await viewer.json<BoundaryStatus>("/api/places/boundaries/status")).body).toMatchObject({
      loaded: false,
      source: "built_in",
    });
    const res = await put(admin, JSON.stringify(syntheticCollection()), "squares.geojson");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ loaded: true, districts: 30, sourceName: "squares.geojson" });
    const shapes = await viewer.json<DistrictBoundaries>("/api/places/boundaries");
    expect(shapes.body.districts).toHaveLength(30);
    expect(shapes.body.districts[0]?.geometry.type).toBe("Polygon");
  });

  it("refuses a viewer, and a bad file changes nothing", async () => {
    expect((await put(viewer, JSON.stringify(syntheticCollection()))).status).toBe(403);
    const doc = syntheticCollection();
    (doc.features[7] as { properties: unknown }).properties = { district: "Nowhere" };
    const res = await put(admin, JSON.stringify(doc), "bad.geojson");
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        path: "features.7.properties",
        message: "feature 8 (“Nowhere”): not one of Rwanda's 30 districts.",
      }),
    ]);
    const status = await viewer.json<BoundaryStatus>("/api/places/boundaries/status");
    expect(status.body).toMatchObject({ districts: 30, sourceName: "squares.geojson" });
  });

  it("answers 413 for a body over 20 MB", async () => {
    const big = JSON.stringify({
      type: "FeatureCollection",
      features: [],
      pad: "x".repeat(21 * 1024 * 1024),
    });
    const res = await put(admin, big);
    expect(res.status).toBe(413);
    expect((await viewer.json<BoundaryStatus>("/api/places/boundaries/status")).body.sourceName).toBe(
      "squares.geojson",
    );
  });

  it("lets browsers keep the shapes only while they are current: ETag, no-cache and 304", async () => {
    const first = await viewer.json<DistrictBoundaries>("/api/places/boundaries");
    expect(first.status).toBe(200);
    const cacheControl = first.headers.get("cache-control") ?? "";
    expect(cacheControl).toMatch(/\bno-cache\b/);
    expect(cacheControl).not.toMatch(/max-age=[1-9]/);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await viewer.json<null>("/api/places/boundaries", {
      headers: { "if-none-match": `${etag}` },
    });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    expect(again.headers.get("etag")).toBe(etag);
    // An administrator loads corrected shapes: the copy the browser holds no longer matches.
    const corrected = syntheticCollection();
    for (const f of corrected.features) {
      const [x, y] = f.geometry.coordinates[0]?.[0] ?? [];
      f.geometry.coordinates = [square(x as number, y as number, 0.1, true)];
    }
    expect((await put(admin, JSON.stringify(corrected), "corrected.geojson")).status).toBe(200);
    const after = await viewer.json<DistrictBoundaries>("/api/places/boundaries", {
      headers: { "if-none-match": `${etag}` },
    });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    expect(after.body.sourceName).toBe("corrected.geojson");
    expect(after.body.districts[0]?.geometry.coordinates[0]).toEqual(
      corrected.features[0]?.geometry.coordinates[0],
    );
    expect(
      (
        await viewer.json<null>("/api/places/boundaries", {
          headers: { "if-none-match": `${after.headers.get("etag")}` },
        })
      ).status,
    ).toBe(304);
  });

  it.skipIf(!hasShared(GEOJSON))("stores a file with RFC 7946 winding as small shapes", async () => {
    const reversed = reverseEveryRing(JSON.parse(readFileSync(GEOJSON, "utf8")));
    expect((await put(admin, JSON.stringify(reversed), "rfc7946.geojson")).status).toBe(200);
    const shapes = await viewer.json<DistrictBoundaries>("/api/places/boundaries");
    expect(shapes.body.districts).toHaveLength(30);
    for (const d of shapes.body.districts) expect(areaOf(d.geometry), d.name).toBeLessThan(SMALL);
  });

  it("loads the TopoJSON through the API", async () => {
    const res = await put(admin, readFileSync(TOPOJSON, "utf8"), "rwanda.topojson");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ districts: 30, sourceName: "rwanda.topojson" });
  });
});

describe.skipIf(testDatabaseKind() !== "pglite" || !hasShared(GEOJSON))(
  "places load-boundaries (CLI)",
  () => {
    // In this process, on a copy of the run's migrated template: the command is what is tested here; how the CLI's
    // child process is wired (exit codes, output) is tested once per command family in src/cli.
    let database: CliDatabase | undefined;
    const cli = (...args: string[]): Promise<CliRun> => {
      if (!database) throw new Error("no CLI database");
      return runCliInProcess(args, database.env);
    };
    beforeAll(async () => {
      database = await createCliDatabase("cli-boundaries");
    });
    afterAll(async () => {
      await database?.close();
    });

    it("loads the GeoJSON, and refuses a broken copy naming the feature", async () => {
      const ok = await cli("places", "load-boundaries", GEOJSON);
      expect(ok.stderr).toBe("");
      expect(ok.stdout.trim()).toBe(
        "Loaded the boundaries of 30 districts from rwanda-districts-adm2.geojson.",
      );
      const broken = JSON.parse(readFileSync(GEOJSON, "utf8")) as { features: { geometry: unknown }[] };
      (broken.features[2] as { geometry: unknown }).geometry = {
        type: "LineString",
        coordinates: [
          [30, -2],
          [30.1, -2],
        ],
      };
      const file = join(database?.workDir ?? "", "broken.geojson");
      writeFileSync(file, JSON.stringify(broken));
      const bad = await cli("places", "load-boundaries", file);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(
        /features\.2\.geometry: feature 3 \(“Kicukiro”\): its geometry is a LineString/,
      );
    });
  },
);
