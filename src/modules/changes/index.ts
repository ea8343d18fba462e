// Public surface of the recent-changes feed.
export { changeRoutes } from "./changes.routes";
export * from "./changes.schema";
export { listChanges } from "./changes.service";
