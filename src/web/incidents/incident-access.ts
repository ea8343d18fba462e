// What the signed-in user's roles allow somewhere (in at least one of their scopes): which links and buttons the
// incident pages offer. session.can() answers for one record; before there is a record (a list, a "new" button) the
// question is whether any grant could allow it. The server checks every request again.

import type { Grant } from "../../kernel/actor.schema";
import { type Action, POLICY, type RecordScope, type Resource } from "../../kernel/policy";

/** Whether one of these grants has a rule for this action on this resource, whatever its scope. */
export function maySomewhere(grants: readonly Grant[], resource: Resource, action: Action): boolean {
  return grants.some((grant) => POLICY[resource][action].some((rule) => rule.role === grant.role));
}

/** The scope of one district, for session.can() on a district's page. */
export const districtScope = (districtId: string): RecordScope => ({
  organisationIds: [],
  districtIds: [districtId],
});
