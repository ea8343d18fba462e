// What the signed-in user's roles allow somewhere (in at least one of their scopes): which links and buttons the
// incident pages offer. session.can() answers for one record; before there is a record (a list, a "new" button) the
// question is whether any grant could allow it. The server checks every request again.

import type { RecordScope } from "../../kernel/policy";

export { maySomewhere } from "../../kernel/policy";

/** The scope of one district, for session.can() on a district's page. */
export const districtScope = (districtId: string): RecordScope => ({
  organisationIds: [],
  districtIds: [districtId],
});
