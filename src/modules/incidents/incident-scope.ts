// Where an incident and a referral sit for the policy table: the organisations they belong to and their district.
import type { RecordScope } from "../../kernel";

export const incidentScope = (row: {
  reportingOrganisationId: string;
  districtId: string | null;
}): RecordScope => ({
  organisationIds: [row.reportingOrganisationId],
  districtIds: row.districtId ? [row.districtId] : [],
});

/** A referral belongs to the referring organisation, the provider's organisation and the incident's district. */
export const referralScope = (row: {
  fromOrganisationId: string;
  providerOrganisationId: string;
  districtId: string | null;
}): RecordScope => ({
  organisationIds: [row.fromOrganisationId, row.providerOrganisationId],
  districtIds: row.districtId ? [row.districtId] : [],
});

/** The provider's side of a referral only: who may accept, decline and record its progress. */
export const providerScope = (row: { providerOrganisationId: string }): RecordScope => ({
  organisationIds: [row.providerOrganisationId],
  districtIds: [],
});

/** The referring side only: who may close a referral that is no longer needed. */
export const referringScope = (row: {
  fromOrganisationId: string;
  districtId: string | null;
}): RecordScope => ({
  organisationIds: [row.fromOrganisationId],
  districtIds: row.districtId ? [row.districtId] : [],
});
