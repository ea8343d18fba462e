// Public surface of the programmes module.
export { INDICATOR_LIBRARY } from "./indicator-library";
export * from "./programmes.schema";
export {
  addIndicator,
  addLogframeItem,
  addResult,
  createProgramme,
  DOUBLE_COUNTING_RULE,
  deleteProgramme,
  getProgramme,
  getProgrammeDashboard,
  getProgrammeHistory,
  getReachTable,
  listProgrammes,
  listResults,
  recordEvent,
  removeEvent,
  removeIndicator,
  removeLogframeItem,
  removeResult,
  updateLogframeItem,
  updateProgramme,
} from "./programmes.service";
