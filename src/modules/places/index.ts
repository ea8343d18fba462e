// Public surface of the places module.
export { PLACE_KINDS, type Place, PlaceListQuerySchema, PlaceListSchema, PlaceSchema } from "./places.schema";
export {
  findOrCreateCountryPlace,
  findPlaceIdsByCodes,
  listPlaces,
  loadReferencePlaces,
} from "./places.service";
export { countPlacesByKind } from "./places.store";
export { buildRwandaPlaces, type ReferencePlace } from "./rwanda-places";
