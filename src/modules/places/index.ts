// Public surface of the places module.

export { MAX_BOUNDARY_BYTES, parseBoundaryFile } from "./place-boundaries.import";
export { BOUNDARY_UPLOAD_PATH, placeBoundaryRoutes } from "./place-boundaries.routes";
export * from "./place-boundaries.schema";
export { getBoundaryStatus, getDistrictBoundaries, loadDistrictBoundaries } from "./place-boundaries.service";
export { placeRoutes } from "./places.routes";
export { PLACE_KINDS, type Place, PlaceListQuerySchema, PlaceListSchema, PlaceSchema } from "./places.schema";
export {
  findOrCreateCountryPlace,
  findPlaceIdsByCodes,
  listPlaces,
  loadReferencePlaces,
} from "./places.service";
export { countPlacesByKind } from "./places.store";
export { buildRwandaPlaces, type ReferencePlace } from "./rwanda-places";
