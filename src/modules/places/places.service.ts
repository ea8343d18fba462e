// Place use cases: load the reference data at start, list places.
import type { Database, Executor } from "../../db/client";
import { assertAllowedOnResource, type ServiceContext } from "../../kernel";
import type { PlaceList, PlaceListQuery } from "./places.schema";
import {
  ensureCountryPlace,
  selectPlaceIdsByCodes,
  selectPlaces,
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
