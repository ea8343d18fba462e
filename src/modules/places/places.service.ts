// Place use cases: load the reference data at start, list places.
import type { Database } from "../../db/client";
import { assertAllowedOnResource, type ServiceContext } from "../access/service-context";
import type { PlaceList, PlaceListQuery } from "./places.schema";
import { selectPlaces, upsertReferencePlaces } from "./places.store";
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
