// Place use cases: load the reference data at start, list places, add and edit places of detention.
import { randomUUID } from "node:crypto";
import type { Database, Executor } from "../../db/client";
import {
  assertAllowedOnResource,
  inTransaction,
  preconditionFailed,
  type ServiceContext,
} from "../../kernel";
import { invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import {
  type Place,
  type PlaceList,
  type PlaceListQuery,
  PlaceOfDetentionInputSchema,
  PlaceOfDetentionPatchSchema,
} from "./places.schema";
import {
  ensureCountryPlace,
  insertPlaceOfDetention,
  selectPlace,
  selectPlaceIdsByCodes,
  selectPlaces,
  updatePlaceOfDetentionRow,
  upsertReferencePlaces,
} from "./places.store";
import { buildRwandaPlaces } from "./rwanda-places";

/** Idempotent: run at every start; returns how many places were inserted or changed. */
export async function loadReferencePlaces(db: Database): Promise<number> {
  const places = buildRwandaPlaces();
  return db.transaction((tx) => upsertReferencePlaces(tx, places));
}

export async function listPlaces(ctx: ServiceContext, query: PlaceListQuery): Promise<PlaceList> {
  assertAllowedOnResource(ctx.actor, "place", "read");
  return selectPlaces(ctx.db, query);
}

export async function getPlace(ctx: ServiceContext, id: string): Promise<Place> {
  assertAllowedOnResource(ctx.actor, "place", "read");
  const place = await selectPlace(ctx.db, id);
  if (!place) throw notFound(LABEL);
  return place;
}

const LABEL = "The place";
const ENTITY = "place";

/**
 * Places of detention are written by those who record their occupancy (administrators, coordinators, monitors: the
 * `occupancy` policy resource), not only by administrators as the other places: a monitor who finds a police
 * station's cells must be able to register them.
 */
export async function createPlaceOfDetention(ctx: ServiceContext, input: unknown): Promise<Place> {
  const values = parseInput(PlaceOfDetentionInputSchema, input);
  assertAllowedOnResource(ctx.actor, "occupancy", "create");
  return inTransaction(ctx, async (tx) => {
    const parent = await selectPlace(tx.db, values.parentId);
    if (!parent || (parent.kind !== "district" && parent.kind !== "sector")) {
      throw invalid([
        { path: "parentId", message: "A place of detention lies in a district or a sector.", in: "body" },
      ]);
    }
    const id = await insertPlaceOfDetention(tx.db, {
      code: `RW-PD-${randomUUID().slice(0, 8).toUpperCase()}`,
      name: values.name,
      names: { en: values.name, fr: values.names?.fr ?? values.name, rw: values.names?.rw ?? values.name },
      parentId: values.parentId,
      aliases: values.aliases,
      operator: values.operator,
      facilityKind: values.facilityKind,
      detentionType: values.detentionType,
      capacity: values.capacity,
      isOpen: values.isOpen,
    });
    const place = await selectPlace(tx.db, id);
    if (!place) throw notFound(LABEL);
    await recordChange(tx.db, ctx.actor, {
      action: "create",
      entityType: ENTITY,
      entityId: id,
      entityLabel: place.name,
      before: null,
      after: place,
    });
    return place;
  });
}

/** Operator, kind, capacity, open or closed, name and aliases of a place of detention (If-Match). */
export async function updatePlaceOfDetention(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Place> {
  const changes = parseInput(PlaceOfDetentionPatchSchema, patch);
  return inTransaction(ctx, async (tx) => {
    const current = await selectPlace(tx.db, id, { forUpdate: true });
    if (current?.kind !== "place_of_detention") throw notFound("The place of detention");
    assertAllowedOnResource(ctx.actor, "occupancy", "update");
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    const name = changes.name ?? current.name;
    const ok = await updatePlaceOfDetentionRow(tx.db, id, expectedVersion, {
      name,
      // A renamed place keeps its French and Kinyarwanda names unless they were copies of the English one.
      names: {
        en: name,
        fr: current.names.fr === current.names.en ? name : current.names.fr,
        rw: current.names.rw === current.names.en ? name : current.names.rw,
      },
      aliases: changes.aliases ?? current.aliases,
      operator: changes.operator ?? current.operator ?? "other",
      facilityKind: changes.facilityKind ?? current.facilityKind ?? "prison",
      detentionType: changes.detentionType === undefined ? current.detentionType : changes.detentionType,
      capacity: changes.capacity === undefined ? current.capacity : changes.capacity,
      isOpen: changes.isOpen ?? current.isOpen,
    });
    if (!ok) throw preconditionFailed(current.version);
    const updated = await selectPlace(tx.db, id);
    if (!updated) throw notFound(LABEL);
    await recordChange(tx.db, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: updated.name,
      before: current,
      after: updated,
    });
    return updated;
  });
}

/** Place ids by code (unknown codes are missing from the map). */
export async function findPlaceIdsByCodes(
  db: Executor,
  codes: readonly string[],
): Promise<Map<string, string>> {
  return selectPlaceIdsByCodes(db, codes);
}

const COUNTRY_NAMES = {
  en: new Intl.DisplayNames(["en"], { type: "region", fallback: "none" }),
  fr: new Intl.DisplayNames(["fr"], { type: "region", fallback: "none" }),
};

/**
 * The place standing for a foreign country, created on first use. Browsers have no Kinyarwanda
 * country names, so the English name stands in for rw until an administrator edits it.
 */
export async function findOrCreateCountryPlace(db: Executor, countryCode: string): Promise<string> {
  const code = countryCode.toUpperCase();
  const en = COUNTRY_NAMES.en.of(code);
  if (!/^[A-Z]{2}$/.test(code) || !en) throw new Error(`Unknown country code ${countryCode}`);
  return ensureCountryPlace(db, code, { en, fr: COUNTRY_NAMES.fr.of(code) ?? en, rw: en });
}
