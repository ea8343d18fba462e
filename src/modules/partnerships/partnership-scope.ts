// Where a partnership sits, for the policy table: the organisations of the members who keep it (lead, secretariat,
// member). Donors and observers read it like everyone, and their editors do not keep it (decision 028).
import type { RecordScope } from "../../kernel";
import { KEEPING_ROLES, type MemberRole } from "./partnerships.schema";

export const partnershipScope = (
  members: readonly { organisationId: string; role: MemberRole }[],
): RecordScope => ({
  organisationIds: [
    ...new Set(members.filter((m) => KEEPING_ROLES.includes(m.role)).map((m) => m.organisationId)),
  ],
  districtIds: [],
});
