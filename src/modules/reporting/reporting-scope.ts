// Where reporting records sit, for the policy table: a body by its own organisation and district; a submission by
// the organisation that reports.
import type { RecordScope } from "../../kernel";

export const bodyScope = (body: { organisationId: string; districtId: string | null }): RecordScope => ({
  organisationIds: [body.organisationId],
  districtIds: body.districtId ? [body.districtId] : [],
});

/** An obligation is set by those who may manage its body (a district officer for the district's bodies). */
export const obligationScope = (o: { bodyOrganisationId: string; districtId: string | null }): RecordScope =>
  bodyScope({ organisationId: o.bodyOrganisationId, districtId: o.districtId });

export const submissionScope = (s: { organisationId: string }): RecordScope => ({
  organisationIds: [s.organisationId],
  districtIds: [],
});
