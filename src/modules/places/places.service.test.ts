import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, contextAs, nationalGrant } from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import { AppError } from "../../shared/app-errors";
import type { PlaceListQuery } from "./places.schema";
import { listPlaces, loadReferencePlaces, updatePlaceOfDetention } from "./places.service";
import { countPlacesByKind } from "./places.store";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const viewer = () => contextAs(handle, buildUserActor([nationalGrant("viewer")]));
const query = (q: Partial<PlaceListQuery>): PlaceListQuery => ({ limit: 500, ...q });

describe("reference places", () => {
  it("are in the template: 5 provinces, 30 districts, 416 sectors and the places of detention", async () => {
    const counts = await countPlacesByKind(handle.db);
    expect(counts).toMatchObject({ country: 1, province: 5, district: 30, sector: 416 });
    expect(counts.place_of_detention).toBeGreaterThanOrEqual(13);
  });

  it("load idempotently: a second load changes nothing", async () => {
    const before = await countPlacesByKind(handle.db);
    const sample = await listPlaces(viewer(), query({ kind: "district" }));
    expect(await loadReferencePlaces(handle.db)).toBe(0);
    expect(await loadReferencePlaces(handle.db)).toBe(0);
    expect(await countPlacesByKind(handle.db)).toEqual(before);
    // Same ids: nothing was deleted and re-inserted.
    expect((await listPlaces(viewer(), query({ kind: "district" }))).items).toEqual(sample.items);
  });
});

describe("reference places of detention edited by hand", () => {
  it("keep their edits at the next start: the loader leaves a place at version > 1 alone", async () => {
    const monitor = contextAs(handle, buildUserActor([nationalGrant("monitor")]));
    const [gicumbi] = (
      await listPlaces(viewer(), query({ q: "Gicumbi Correctional Facility", kind: "place_of_detention" }))
    ).items;
    expect(gicumbi).toMatchObject({ operator: "RCS", facilityKind: "prison", capacity: null, version: 1 });
    const edited = await updatePlaceOfDetention(monitor, gicumbi?.id ?? "", 1, {
      capacity: 1800,
      facilityKind: "transit_centre",
    });
    expect(edited).toMatchObject({ capacity: 1800, facilityKind: "transit_centre", version: 2 });
    expect(await loadReferencePlaces(handle.db)).toBe(0);
    const [after] = (
      await listPlaces(viewer(), query({ q: "Gicumbi Correctional Facility", kind: "place_of_detention" }))
    ).items;
    expect(after).toMatchObject({ capacity: 1800, facilityKind: "transit_centre", version: 2 });
    // A viewer may not edit it, and a district is not a place of detention (404).
    await expect(
      updatePlaceOfDetention(viewer(), gicumbi?.id ?? "", 2, { capacity: 1 }),
    ).rejects.toMatchObject({
      kind: "forbidden",
    });
    const [district] = (await listPlaces(viewer(), query({ kind: "district" }))).items;
    await expect(
      updatePlaceOfDetention(monitor, district?.id ?? "", 1, { capacity: 1 }),
    ).rejects.toMatchObject({
      kind: "not_found",
    });
  });
});

describe("listPlaces", () => {
  it("filters by kind", async () => {
    const provinces = await listPlaces(viewer(), query({ kind: "province" }));
    expect(provinces.total).toBe(5);
    expect(provinces.items.every((p) => p.kind === "province")).toBe(true);
    expect(provinces.items.map((p) => p.names.en)).toContain("Southern Province");
    const facilities = await listPlaces(viewer(), query({ kind: "place_of_detention" }));
    expect(facilities.items.length).toBeGreaterThanOrEqual(13);
    for (const facility of facilities.items) {
      expect(facility.parentId, facility.name).not.toBeNull();
      expect(facility.detentionType, facility.name).not.toBeNull();
    }
  });

  it("filters by parent: the districts of Kigali and the sectors of one district", async () => {
    const kigali = (await listPlaces(viewer(), query({ kind: "province" }))).items.find(
      (p) => p.code === "RW-P1",
    );
    if (!kigali) throw new Error("no Kigali province (RW-P1) in the reference data");
    const districts = await listPlaces(viewer(), query({ parentId: kigali.id, kind: "district" }));
    expect(districts.items.map((d) => d.name).sort()).toEqual(["Gasabo", "Kicukiro", "Nyarugenge"]);
    expect(districts.items.every((d) => d.parentName === kigali.name)).toBe(true);

    const nyarugenge = districts.items.find((d) => d.name === "Nyarugenge");
    if (!nyarugenge) throw new Error("no Nyarugenge district");
    const sectors = await listPlaces(viewer(), query({ parentId: nyarugenge.id, kind: "sector" }));
    expect(sectors.total).toBe(10);
    expect(sectors.items.map((s) => s.name)).toContain("Nyamirambo");
    expect(sectors.items.every((s) => s.parentId === nyarugenge.id)).toBe(true);
  });

  it("searches by name, case and accent insensitive, and by alias", async () => {
    const found = await listPlaces(viewer(), query({ q: "nyarugenge" }));
    const names = found.items.map((p) => `${p.kind}: ${p.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "district: Nyarugenge",
        "place_of_detention: Nyarugenge Correctional Facility",
      ]),
    );
    expect(found.total).toBe(found.items.length);
    expect(found.items.every((p) => p.kind !== "province")).toBe(true);
    const shouted = await listPlaces(viewer(), query({ q: "  NYARUGENGE ", kind: "district" }));
    expect(shouted.items.map((p) => p.name)).toContain("Nyarugenge");

    const alias = await listPlaces(viewer(), query({ q: "MAGERAGERE", kind: "place_of_detention" }));
    expect(alias.items.map((p) => p.name)).toEqual(["Nyarugenge Correctional Facility"]);
    const french = await listPlaces(viewer(), query({ q: "etablissement penitentiaire de nyarugenge" }));
    expect(french.items.map((p) => p.name)).toContain("Nyarugenge Correctional Facility");
    expect((await listPlaces(viewer(), query({ q: "zzzz qqqq" }))).items).toEqual([]);
  });

  it("limits the page but counts the total", async () => {
    const page = await listPlaces(viewer(), query({ kind: "sector", limit: 10 }));
    expect(page.items).toHaveLength(10);
    expect(page.total).toBe(416);
  });

  it("answers nothing to a user with no role", async () => {
    const nobody = contextAs(handle, buildUserActor([]));
    const error = await listPlaces(nobody, query({})).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe("forbidden");
  });
});
