// Public surface of the programmes module.
export {
  DOUBLE_COUNTING_RULE,
  getProgrammeDashboard,
  getReachTable,
} from "./dashboard.service";
export { recordEvent, removeEvent, updateEvent } from "./events.service";
export * from "./iati.schema";
export { sectorThemeRoutes } from "./iati-sector-themes.routes";
export { changeSectorTheme, listSectorThemes, loadSectorThemes } from "./iati-sector-themes.service";
export { INDICATOR_LIBRARY } from "./indicator-library";
export { addIndicator, removeIndicator, updateIndicator } from "./indicators.service";
export { addLogframeItem, removeLogframeItem, updateLogframeItem } from "./logframe.service";
export { loadProgrammeDemo, readProgrammeSeed } from "./programme-demo";
export { exportIati } from "./programmes.export";
export { DEFAULT_IATI_SCHEMA, importIati } from "./programmes.import";
export { programmeRoutes } from "./programmes.routes";
export * from "./programmes.schema";
export {
  createProgramme,
  deleteProgramme,
  getProgramme,
  getProgrammeHistory,
  listProgrammes,
  updateProgramme,
} from "./programmes.service";
export { addResult, listResults, removeResult } from "./results.service";
export { resultsTableRoutes } from "./results-table.routes";
export * from "./results-table.schema";
export {
  importResultsTable,
  type ResultsTableTarget,
} from "./results-table.service";
export { feedSubmissionResults, type SubmissionResultsInput } from "./submission-results.service";
