// Public surface of the organisations module.
export * from "./organisations.schema";
export {
  addMembership,
  createOrganisation,
  deleteOrganisation,
  getOrganisation,
  getOrganisationHistory,
  listOrganisations,
  removeMembership,
  updateMembership,
  updateOrganisation,
} from "./organisations.service";
