// Occupancy over HTTP, as a monitor does it: registers a police station's cells, records and corrects figures,
// imports the NCHR's October 2021 rates, reads the national table ranked by rate; bad cells and bad fields refused
// with their place named and nothing written.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten, expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createTestServer,
  nationalGrant,
  occupancyNchr2021Csv,
  type TestClient,
} from "../../../tests/factories";
import { hasShared, REFERENCE_DIR } from "../../../tests/shared-data";
import type { DatabaseHandle } from "../../db/client";
import type { Place, PlaceList } from "../places";
import type {
  NationalOccupancy,
  OccupancyFigure,
  OccupancyImportResult,
  OccupancySeries,
} from "./occupancy.schema";

const REFERENCE_CSV = join(REFERENCE_DIR, "rcs-correctional-facilities.csv");
const BAD_CELLS = fileURLToPath(new URL("../../../fixtures/occupancy-bad-cells.csv", import.meta.url));

let handle: DatabaseHandle;
let monitor: TestClient;
let viewer: TestClient;
let places: Place[];

const json = (client: TestClient, method: string, path: string, body?: unknown, version?: number) =>
  client.request(path, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: version === undefined ? {} : { "if-match": `"${version}"` },
  });
async function read<T>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const text = await r.text();
  expect(r.status, text).toBe(status);
  return JSON.parse(text) as T;
}
const placeNamed = (name: string) => {
  const place = places.find((p) => p.name === name);
  if (!place) throw new Error(`no place ${name}`);
  return place;
};
function upload(name: string, text: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set("file", new File([text], name, { type: "text/csv" }));
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return form;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  monitor = (await server.signInAs([nationalGrant("monitor")])).client;
  viewer = (await server.signInAs([nationalGrant("viewer")])).client;
  places = (await read<PlaceList>(monitor.request("/api/places?kind=place_of_detention"))).items;
});
afterAll(async () => handle.close());

describe("places of detention", () => {
  it("reference facilities carry operator and kind: Mulindi is the RDF's military prison, Nyagatare holds minors", () => {
    expect(placeNamed("Mulindi Military Prison")).toMatchObject({
      operator: "RDF",
      facilityKind: "military_prison",
    });
    expect(placeNamed("Nyagatare Correctional Facility")).toMatchObject({
      operator: "RCS",
      facilityKind: "juvenile_rehabilitation",
    });
    expect(placeNamed("Muhanga Correctional Facility")).toMatchObject({
      operator: "RCS",
      facilityKind: "prison",
    });
  });

  it("a monitor registers a police station's cells in a district and edits its capacity with If-Match", async () => {
    const districts = await read<PlaceList>(monitor.request("/api/places?kind=district&q=Musanze"));
    const musanze = districts.items.find((d) => d.name === "Musanze");
    const created = await read<Place>(
      json(monitor, "POST", "/api/places", {
        name: "Muhoza Police Station",
        parentId: musanze?.id,
        operator: "RNP",
        facilityKind: "police_station",
        capacity: 40,
      }),
      201,
    );
    expect(created).toMatchObject({
      kind: "place_of_detention",
      parentName: "Musanze",
      operator: "RNP",
      facilityKind: "police_station",
      capacity: 40,
      version: 1,
    });
    await expectProblem(await json(monitor, "PATCH", `/api/places/${created.id}`, { capacity: 60 }), 428);
    await expectProblem(await json(monitor, "PATCH", `/api/places/${created.id}`, { capacity: 60 }, 9), 412);
    const edited = await read<Place>(
      json(monitor, "PATCH", `/api/places/${created.id}`, { capacity: 60 }, 1),
    );
    expect(edited).toMatchObject({ capacity: 60, version: 2 });
    const filtered = await read<PlaceList>(monitor.request("/api/places?operator=RNP"));
    expect(filtered.items.map((p) => p.name)).toEqual(["Muhoza Police Station"]);
  });

  it("refuses a viewer (403), a bad operator (422 operator) and a province as parent (422 parentId), writing nothing", async () => {
    const province = (await read<PlaceList>(monitor.request("/api/places?kind=province"))).items[0];
    const district = (await read<PlaceList>(monitor.request("/api/places?kind=district"))).items[0];
    await expectNothingWritten(handle.db, async () => {
      const base = { name: "Cells", operator: "RNP", facilityKind: "police_station", parentId: district?.id };
      await expectProblem(await json(viewer, "POST", "/api/places", base), 403);
      await expectProblem(await json(monitor, "POST", "/api/places", { ...base, operator: "police" }), 422, {
        path: "operator",
      });
      await expectProblem(
        await json(monitor, "POST", "/api/places", { ...base, parentId: province?.id }),
        422,
        {
          path: "parentId",
        },
      );
    });
  });
});

describe("a place's occupancy figures", () => {
  it("records counts and a published rate; the series is oldest first with the rate and which it is", async () => {
    const huye = placeNamed("Huye Correctional Facility");
    const later = await read<OccupancyFigure>(
      json(monitor, "POST", `/api/places/${huye.id}/occupancy`, {
        asOf: "2023-06-30",
        capacity: 2000,
        population: 2771,
        men: 2700,
        women: 71,
        source: "RCS statistics 2023",
      }),
      201,
    );
    expect(later).toMatchObject({ rate: 138.6, rateKind: "computed", version: 1 });
    await read<OccupancyFigure>(
      json(monitor, "POST", `/api/places/${huye.id}/occupancy`, {
        asOf: "2021-10-31",
        publishedRate: 138.6,
        source: "NCHR annual report 2021",
      }),
      201,
    );
    const series = await read<OccupancySeries>(viewer.request(`/api/places/${huye.id}/occupancy`));
    expect(series.figures.map((f) => [f.asOf, f.rate, f.rateKind])).toEqual([
      ["2021-10-31", 138.6, "published"],
      ["2023-06-30", 138.6, "computed"],
    ]);
    expect(series.latest?.id).toBe(later.id);
  });

  it("refuses a negative population, a zero capacity, a missing date and an empty source with their field paths", async () => {
    const huye = placeNamed("Huye Correctional Facility");
    const path = `/api/places/${huye.id}/occupancy`;
    await expectNothingWritten(handle.db, async () => {
      const ok = { asOf: "2024-01-31", capacity: 2000, population: 2100, source: "RCS" };
      await expectProblem(await json(monitor, "POST", path, { ...ok, population: -3 }), 422, {
        path: "population",
      });
      await expectProblem(await json(monitor, "POST", path, { ...ok, capacity: 0 }), 422, {
        path: "capacity",
      });
      const { asOf: _asOf, ...noDate } = ok;
      await expectProblem(await json(monitor, "POST", path, noDate), 422, { path: "asOf" });
      await expectProblem(await json(monitor, "POST", path, { ...ok, source: " " }), 422, { path: "source" });
      await expectProblem(await json(monitor, "POST", path, { asOf: "2024-01-31", source: "RCS" }), 422, {
        path: "population",
      });
      await expectProblem(await json(viewer, "POST", path, ok), 403);
      await expectProblem(
        await json(monitor, "POST", `/api/places/${places[0]?.parentId}/occupancy`, ok),
        404,
      );
      // The same source's figure for the same day exists: correct it instead.
      await expectProblem(
        await json(monitor, "POST", path, {
          asOf: "2021-10-31",
          publishedRate: 140,
          source: "NCHR annual report 2021",
        }),
        409,
        { path: "source" },
      );
    });
  });

  it("corrects and removes a figure with If-Match (412 on a stale version)", async () => {
    const rusizi = placeNamed("Rusizi Correctional Facility");
    const path = `/api/places/${rusizi.id}/occupancy`;
    const figure = await read<OccupancyFigure>(
      json(monitor, "POST", path, { asOf: "2022-12-31", capacity: 1000, population: 1300, source: "RCS" }),
      201,
    );
    const corrected = await read<OccupancyFigure>(
      json(monitor, "PATCH", `${path}/${figure.id}`, { population: 1450 }, 1),
    );
    expect(corrected).toMatchObject({ population: 1450, rate: 145, version: 2 });
    await expectProblem(await json(monitor, "PATCH", `${path}/${figure.id}`, { population: -1 }, 2), 422, {
      path: "population",
    });
    await expectProblem(await json(monitor, "DELETE", `${path}/${figure.id}`, undefined, 1), 412);
    const removed = await json(monitor, "DELETE", `${path}/${figure.id}`, undefined, 2);
    expect(removed.status).toBe(204);
    expect((await read<OccupancySeries>(monitor.request(path))).figures).toEqual([]);
  });
});

describe.skipIf(!hasShared(REFERENCE_CSV))("importing the NCHR's October 2021 rates", () => {
  it("previews without writing, imports in one go, and ranks Muhanga first with the ones above 100 % flagged", async () => {
    const { csv, rates } = occupancyNchr2021Csv(readFileSync(REFERENCE_CSV, "utf8"));
    expect(rates.get("Muhanga Correctional Facility")).toBe(238.8);
    expect(rates.get("Mulindi Military Prison")).toBe(70.1);
    const preview = await expectNothingWritten(handle.db, () =>
      read<OccupancyImportResult>(
        monitor.request("/api/occupancy/import", { method: "POST", body: upload("nchr.csv", csv) }),
      ),
    );
    expect(preview).toMatchObject({ dryRun: true, written: false, errors: [] });
    expect(preview.rows).toHaveLength(rates.size);
    expect(preview.rows.find((r) => r.facilityName === "Mulindi Military Prison")).toMatchObject({
      placeId: placeNamed("Mulindi Military Prison").id,
      publishedRate: 70.1,
      action: "create",
    });

    const done = await read<OccupancyImportResult>(
      monitor.request("/api/occupancy/import", {
        method: "POST",
        body: upload("nchr.csv", csv, { dryRun: "false" }),
      }),
    );
    expect(done.written).toBe(true);

    const table = await read<NationalOccupancy>(viewer.request("/api/occupancy?asOf=2021-12-31"));
    const ranked = table.rows.filter((r) => r.figure?.source === "NCHR annual report 2021");
    expect(ranked[0]).toMatchObject({ placeName: "Muhanga Correctional Facility", overcrowded: true });
    expect(ranked[0]?.figure?.rate).toBe(238.8);
    const rateOf = (name: string) => table.rows.find((r) => r.placeName === name)?.figure?.rate;
    expect(rateOf("Mulindi Military Prison")).toBe(70.1);
    const rates2021 = table.rows.map((r) => r.figure?.rate ?? -1);
    expect(rates2021).toEqual([...rates2021].sort((a, b) => b - a));
    expect(
      table.rows
        .filter((r) => r.overcrowded)
        .map((r) => r.placeName)
        .sort(),
    ).toEqual(
      [...rates]
        .filter(([, rate]) => rate > 100)
        .map(([name]) => name)
        .sort(),
    );
    expect(table.overcrowdedCount).toBe(9);

    const rdf = await read<NationalOccupancy>(viewer.request("/api/occupancy?operator=RDF&asOf=2021-12-31"));
    expect(rdf.rows.map((r) => [r.placeName, r.overcrowded])).toEqual([["Mulindi Military Prison", false]]);
    const juvenile = await read<NationalOccupancy>(
      viewer.request("/api/occupancy?facilityKind=juvenile_rehabilitation"),
    );
    expect(juvenile.rows.map((r) => r.placeName)).toEqual(["Nyagatare Correctional Facility"]);

    // The latest figure wins: Huye's 2023 count replaces its 2021 rate without asOf.
    const latest = await read<NationalOccupancy>(viewer.request("/api/occupancy"));
    expect(latest.rows.find((r) => r.placeName === "Huye Correctional Facility")?.figure?.asOf).toBe(
      "2023-06-30",
    );

    // Importing the same file again replaces the same source's figures: nothing doubles.
    const again = await read<OccupancyImportResult>(
      monitor.request("/api/occupancy/import", { method: "POST", body: upload("nchr.csv", csv) }),
    );
    expect(new Set(again.rows.map((r) => r.action))).toEqual(new Set(["replace"]));
  });

  it("downloads the national table as CSV and as Excel", async () => {
    const csv = await viewer.request("/api/occupancy/export?format=csv&asOf=2021-12-31&lang=fr");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const text = await csv.text();
    const lines = text.replace(/^\uFEFF/, "").split(/\r\n/);
    expect(lines[0]).toContain("Lieu de détention");
    expect(lines[1]).toMatch(/^1,Muhanga Correctional Facility,Muhanga,RCS \(prisons\),Prison,2021-10-31,/);
    expect(lines[1]).toContain("238.8");
    const xlsx = await viewer.request("/api/occupancy/export?format=xlsx&asOf=2021-12-31");
    expect(xlsx.status).toBe(200);
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    const { default: Excel } = await import("exceljs");
    const workbook = new Excel.Workbook();
    await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
    const cells: string[] = [];
    workbook.worksheets[0]?.eachRow((row) => {
      row.eachCell((cell) => {
        cells.push(cell.text);
      });
    });
    expect(cells).toContain("Muhanga Correctional Facility");
    expect(cells).toContain("238.8");
  });
});

describe("importing a table with bad cells", () => {
  it("names each bad cell by file, row and column and writes nothing, even for the good rows", async () => {
    const text = readFileSync(BAD_CELLS, "utf8");
    const preview = await expectNothingWritten(handle.db, () =>
      read<OccupancyImportResult>(
        monitor.request("/api/occupancy/import", {
          method: "POST",
          body: upload("occupancy-bad-cells.csv", text),
        }),
      ),
    );
    expect(preview.errors.map((e) => [e.file, e.row, e.column, e.code])).toEqual([
      ["occupancy-bad-cells.csv", 3, "Facility", "unknown_facility"],
      ["occupancy-bad-cells.csv", 4, "Population", "negative"],
      ["occupancy-bad-cells.csv", 5, "Rate (%)", "invalid_rate"],
      ["occupancy-bad-cells.csv", 6, "Date", "missing_date"],
    ]);
    expect(preview.rows.map((r) => r.placeName)).toEqual(["Muhanga Correctional Facility"]);
    await expectNothingWritten(handle.db, async () => {
      const problem = await expectProblem(
        await monitor.request("/api/occupancy/import", {
          method: "POST",
          body: upload("occupancy-bad-cells.csv", text, { dryRun: "false" }),
        }),
        422,
        { path: ["rows.3.Facility", "rows.4.Population", "rows.5.Rate (%)", "rows.6.Date"] },
      );
      expect(problem.errors?.[1]?.message).toContain("occupancy-bad-cells.csv, row 4, column Population");
    });
  });

  it("refuses a PDF or a photo once for what it is, whatever its name says, writing nothing", async () => {
    const files = [
      {
        name: "occupancy.xlsx",
        bytes: new TextEncoder().encode("%PDF-1.7\n1 0 obj << >> endobj\n"),
        kind: "PDF",
      },
      {
        name: "occupancy.csv",
        bytes: Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46),
        kind: "JPEG",
      },
    ];
    for (const file of files) {
      const form = new FormData();
      form.set("file", new File([file.bytes], file.name));
      await expectNothingWritten(handle.db, async () => {
        const problem = await expectProblem(
          await monitor.request("/api/occupancy/import", { method: "POST", body: form }),
          422,
          { path: ["file"] },
        );
        expect(problem.errors?.map((e) => [e.code, e.params])).toEqual([
          ["not_a_table", { file: file.name, kind: file.kind }],
        ]);
        expect(problem.errors?.[0]?.message).toContain(`${file.name} is a ${file.kind} file, not a table`);
      });
    }
  });

  it("reads an Excel sheet with a title row, date cells and a rate with a % sign, naming bad cells by sheet row", async () => {
    const { default: Excel } = await import("exceljs");
    const workbook = new Excel.Workbook();
    const sheet = workbook.addWorksheet("Occupancy");
    sheet.addRow(["Prison occupancy, October 2021"]);
    sheet.addRow(["Établissement", "Date", "Taux d'occupation", "Détenus", "Source"]);
    sheet.addRow([
      "Établissement pénitentiaire de Muhanga",
      new Date(Date.UTC(2021, 9, 31)),
      "238.8%",
      null,
      "CNDP",
    ]);
    sheet.addRow(["Gereza ya gisirikare ya Mulindi", new Date(Date.UTC(2021, 9, 31)), 70.1, null, "CNDP"]);
    sheet.addRow(["Huye Correctional Facility", new Date(Date.UTC(2021, 9, 31)), null, -2, "CNDP"]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const form = new FormData();
    form.set("file", new File([bytes], "cndp.xlsx"));
    const preview = await expectNothingWritten(handle.db, () =>
      read<OccupancyImportResult>(monitor.request("/api/occupancy/import", { method: "POST", body: form })),
    );
    expect(preview.rows.map((r) => [r.row, r.placeName, r.asOf, r.publishedRate])).toEqual([
      [3, "Muhanga Correctional Facility", "2021-10-31", 238.8],
      [4, "Mulindi Military Prison", "2021-10-31", 70.1],
    ]);
    expect(preview.errors).toEqual([
      expect.objectContaining({ file: "cndp.xlsx", row: 5, column: "Détenus", code: "negative" }),
    ]);
  });

  it("takes one date and one source for the file, and matches names by alias whatever their case and accents", async () => {
    const text = "Gereza,Population,Capacity\nMAGERAGERE PRISON,9000,10000\ngitarama prison,7164,3000\n";
    const preview = await read<OccupancyImportResult>(
      monitor.request("/api/occupancy/import", {
        method: "POST",
        body: upload("aliases.csv", text, { asOf: "2015-11-30", source: "Press report" }),
      }),
    );
    expect(preview.errors).toEqual([]);
    expect(preview.rows.map((r) => [r.placeName, r.asOf, r.source])).toEqual([
      ["Nyarugenge Correctional Facility", "2015-11-30", "Press report"],
      ["Muhanga Correctional Facility", "2015-11-30", "Press report"],
    ]);
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(
        await viewer.request("/api/occupancy/import", { method: "POST", body: upload("aliases.csv", text) }),
        403,
      );
      await expectProblem(
        await monitor.request("/api/occupancy/import", {
          method: "POST",
          body: upload("x.csv", "a,b\n1,2\n"),
        }),
        422,
        { path: "file" },
      );
    });
  });
});
