// Public surface of the organisations module.
export { organisationRoutes } from "./organisations.routes";
export * from "./organisations.schema";
export {
  addMembership,
  createOrganisation,
  createOrganisationsInBulk,
  deleteOrganisation,
  findOrganisationByName,
  getOrganisation,
  getOrganisationHistory,
  listOrganisations,
  removeMembership,
  updateMembership,
  updateOrganisation,
} from "./organisations.service";
// For read models that join organisations in SQL (the status report).
