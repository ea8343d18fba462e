// The kinds of organisation, without Zod: pages that must load light (the 3W page) read them from here.
export const ORGANISATION_KINDS = [
  "government",
  "local_cso",
  "international_ngo",
  "faith_based",
  "un_agency",
  "embassy_donor",
  "foreign_correctional_service",
  "academic",
  "private",
  "association_network",
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
