// Public surface of the monitoring module.
export { occupancyRoutes } from "./occupancy.routes";
export * from "./occupancy.schema";
export {
  getOccupancySeries,
  importOccupancyTable,
  listNationalOccupancy,
  type OccupancyImportOptions,
} from "./occupancy.service";
