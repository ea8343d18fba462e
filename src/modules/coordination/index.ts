// Public surface of the coordination module (who does what where).
export { coordinationRoutes } from "./coordination.routes";
export * from "./coordination.schema";
export {
  checkOverlaps,
  exportDistrictSummary,
  exportMatrixHxl,
  getDistrictSummary,
  getMatrix,
  listGaps,
  loadPlaceIndex,
  periodOf,
} from "./coordination.service";
export {
  type ActivityQuery,
  type ActivityRecord,
  agreementSource,
  COORDINATION_SOURCES,
  type CoordinationSource,
  listActivities,
} from "./coordination-sources";
export { deleteHxlImport, importHxl3w, listHxlImports } from "./hxl-import.service";
export { type HxlDatePrecision, hxlDateValue } from "./period-bounds";
export type { PlaceIndex } from "./place-index";
