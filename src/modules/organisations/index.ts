// Public surface of the organisations module.
export * from "./organisations.schema";
export {
  addMembership,
  createOrganisation,
  deleteOrganisation,
  findOrganisationByName,
  getOrganisation,
  getOrganisationHistory,
  listOrganisations,
  removeMembership,
  updateMembership,
  updateOrganisation,
} from "./organisations.service";
