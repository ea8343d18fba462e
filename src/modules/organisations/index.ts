// Public surface of the organisations module.

export {
  addContactPerson,
  listContactPersons,
  removeContactPerson,
  updateContactPerson,
} from "./contact-persons.service";
export { addMembership, removeMembership, updateMembership } from "./memberships.service";
export { isAcronym, splitNameAndAcronym, tidyName } from "./organisation-name";
export { organisationRoutes } from "./organisations.routes";
export * from "./organisations.schema";
export {
  createOrganisation,
  createOrganisationsInBulk,
  deleteOrganisation,
  findOrganisationByName,
  getOrganisation,
  getOrganisationHistory,
  listAllOrganisations,
  listOrganisations,
  updateOrganisation,
} from "./organisations.service";
