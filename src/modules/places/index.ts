// Public surface of the places module.

export { MAX_BOUNDARY_BYTES, parseBoundaryFile } from "./place-boundaries.import";
export { BOUNDARY_UPLOAD_PATH, placeBoundaryRoutes } from "./place-boundaries.routes";
export * from "./place-boundaries.schema";
export {
  getBoundaryStatus,
  getDistrictBoundaries,
  loadDistrictBoundaries,
  removeDistrictBoundaries,
} from "./place-boundaries.service";
export { placeRoutes } from "./places.routes";
export {
  FACILITY_KINDS,
  type FacilityKind,
  FacilityKindSchema,
  PLACE_KINDS,
  PLACE_OPERATORS,
  type Place,
  type PlaceList,
  PlaceListQuerySchema,
  PlaceListSchema,
  type PlaceOperator,
  PlaceOperatorSchema,
  PlaceSchema,
} from "./places.schema";
export {
  createPlaceOfDetention,
  findOrCreateCountryPlace,
  findPlaceIdsByCodes,
  getPlace,
  listPlaces,
  loadReferencePlaces,
  updatePlaceOfDetention,
} from "./places.service";
export { countPlacesByKind } from "./places.store";
export { buildRwandaPlaces, type ReferencePlace } from "./rwanda-places";
