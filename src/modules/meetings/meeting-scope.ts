// Where a district meeting sits, for the policy table: its district, its body's organisation, and the
// organisations it names (late reporters on its agenda, owners of its action items).
import type { RecordScope } from "../../kernel";

export const meetingScope = (m: {
  districtId: string;
  bodyOrganisationId: string | null;
  organisationIds: readonly string[];
}): RecordScope => ({
  organisationIds: m.bodyOrganisationId
    ? [m.bodyOrganisationId, ...m.organisationIds]
    : [...m.organisationIds],
  districtIds: [m.districtId],
});

/** Where an action item's status sits: the meeting's district and the item's owner organisation. */
export const actionItemScope = (
  meeting: { districtId: string },
  item: { ownerOrganisationId: string },
): RecordScope => ({ organisationIds: [item.ownerOrganisationId], districtIds: [meeting.districtId] });
