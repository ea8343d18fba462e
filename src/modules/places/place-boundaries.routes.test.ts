// The map's shapes out of the box: the built-in set (geoBoundaries / NISR, CC BY 4.0) with its credit, replaced by an
// administrator's file and back again when that file is removed; sent gzipped.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { geoArea } from "d3-geo";
import { sql } from "drizzle-orm";
import type { Geometry } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint, SIGN_IN_TABLES } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import { createTestServer, nationalGrant, type TestClient } from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { type BoundaryStatus, BUILT_IN_BOUNDARIES, type DistrictBoundaries } from "./place-boundaries.schema";

const SHIPPED = new URL(`./reference/${BUILT_IN_BOUNDARIES.name}`, import.meta.url);

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
const footprint = () => databaseFootprint(handle.db, { except: SIGN_IN_TABLES });
const status = async (client: TestClient = viewer) =>
  (await client.json<BoundaryStatus>("/api/places/boundaries/status")).body;
const remove = (client: TestClient) =>
  client.json<BoundaryStatus>("/api/places/boundaries", { method: "DELETE" });

describe("district boundaries out of the box", () => {
  it("serves the built-in set with its credit when no administrator has loaded one", async () => {
    expect(await status()).toEqual({
      loaded: false,
      source: "built_in",
      districts: 30,
      loadedAt: null,
      sourceName: "rwanda-districts-adm2.topojson",
      attribution: expect.stringMatching(/^Boundaries: geoBoundaries .*NISR.*CC BY 4\.0$/),
    });
    const res = await viewer.json<DistrictBoundaries>("/api/places/boundaries");
    expect(res.status).toBe(200);
    expect(res.body.source).toBe("built_in");
    expect(res.body.attribution).toBe(BUILT_IN_BOUNDARIES.attribution);
    const codes = res.body.districts.map((d) => d.code);
    expect(new Set(codes).size).toBe(30);
    expect(codes).toEqual([...codes].sort());
    const musanze = res.body.districts.find((d) => d.code === "RW-D43");
    expect(musanze?.name).toBe("Musanze");
    // Real shapes, wound for d3-geo: each district a small part of the globe (inside out it would be most of it),
    // Musanze in the north-west near 29.6 E, 1.5 S, and no more than 5 decimals a coordinate.
    for (const d of res.body.districts) expect(geoArea(d.geometry as Geometry), d.name).toBeLessThan(1e-3);
    const ring = musanze?.geometry.type === "Polygon" ? musanze.geometry.coordinates[0] : [];
    expect(ring?.length).toBeGreaterThan(20);
    for (const [lon, lat] of ring ?? []) {
      expect(lon).toBeGreaterThan(29.3);
      expect(lon).toBeLessThan(29.9);
      expect(lat).toBeGreaterThan(-1.8);
      expect(lat).toBeLessThan(-1.3);
      expect(Math.round(lon * 1e5) / 1e5).toBe(lon);
    }
    // Nothing was written to serve it.
    expect(await queryRows(handle.db, sql`select count(*)::int as n from place_boundary`)).toEqual([
      { n: 0 },
    ]);
  });

  it("sends the shapes gzipped to a client that accepts it, the ETag still answering 304", async () => {
    const plain = await viewer.request("/api/places/boundaries", {
      headers: { "accept-encoding": "identity" },
    });
    const text = await plain.text();
    expect(plain.headers.get("content-encoding")).toBeNull();
    const zipped = await viewer.request("/api/places/boundaries", {
      headers: { "accept-encoding": "gzip, br" },
    });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(zipped.headers.get("vary")).toMatch(/accept-encoding/i);
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(gunzipSync(bytes).toString("utf8")).toBe(text);
    // Measured: ~135 KB of JSON goes out as ~35 KB.
    expect(bytes.byteLength).toBeLessThan(text.length / 3);
    const etag = zipped.headers.get("etag") ?? "";
    const again = await viewer.request("/api/places/boundaries", {
      headers: { "accept-encoding": "gzip", "if-none-match": etag },
    });
    expect(again.status).toBe(304);
  });

  it("an administrator's file replaces it; removing that file brings the built-in set back", async () => {
    const builtIn = await viewer.json<DistrictBoundaries>("/api/places/boundaries");
    const put = await admin.json<BoundaryStatus>("/api/places/boundaries?name=districts-2024.topojson", {
      method: "PUT",
      body: readFileSync(SHIPPED, "utf8"),
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      loaded: true,
      source: "loaded",
      districts: 30,
      sourceName: "districts-2024.topojson",
      attribution: null,
    });
    const loaded = await viewer.json<DistrictBoundaries>("/api/places/boundaries");
    expect(loaded.body).toMatchObject({
      source: "loaded",
      attribution: null,
      sourceName: "districts-2024.topojson",
    });
    expect(loaded.headers.get("etag")).not.toBe(builtIn.headers.get("etag"));

    // A viewer may not remove it: refused, nothing changed.
    const before = await footprint();
    expect((await remove(viewer)).status).toBe(403);
    expect(await footprint()).toEqual(before);
    expect((await status()).source).toBe("loaded");

    const removed = await remove(admin);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ loaded: false, source: "built_in", districts: 30 });
    const back = await viewer.json<DistrictBoundaries>("/api/places/boundaries");
    expect(back.body.source).toBe("built_in");
    expect(back.body.districts).toEqual(builtIn.body.districts);
    expect(back.headers.get("etag")).toBe(builtIn.headers.get("etag"));
    const audit = await queryRows<{ action: string }>(
      handle.db,
      sql`select action from audit_log where entity_type = 'district_boundaries' order by chain_seq`,
    );
    expect(audit.map((a) => a.action)).toEqual(["create", "delete"]);
    // Removing again changes nothing and writes no second entry.
    const idle = await footprint();
    expect((await remove(admin)).body.source).toBe("built_in");
    expect(await footprint()).toEqual(idle);
  });
});
