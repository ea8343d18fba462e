// Who reaches a recommendation, and as which side: the monitoring body's monitors, the addressee's staff, and every
// signed-in user once it is published (status and response, but not the notes or evidence of its history).
import { type Action, type Actor, isAllowed, listScope } from "../../kernel";
import type { StatusSide } from "./recommendation-status";
import type { Reach } from "./recommendations.store";

type Sides = { monitoringOrganisationId: string; addresseeOrganisationId: string };
type Publishable = { publishedOn: string | null };

export const monitorScope = (r: Pick<Sides, "monitoringOrganisationId">) => ({
  organisationIds: [r.monitoringOrganisationId],
  districtIds: [],
});
export const addresseeScope = (organisationId: string) => ({
  organisationIds: [organisationId],
  districtIds: [],
});

export const isPublished = (r: Publishable, today: string): boolean =>
  r.publishedOn !== null && r.publishedOn <= today;

/** The sides this actor acts on for this recommendation and action. */
export function sidesOf(actor: Actor, r: Sides, action: Action): StatusSide[] {
  const sides: StatusSide[] = [];
  if (isAllowed(actor, "recommendation", action, monitorScope(r))) sides.push("monitor");
  if (isAllowed(actor, "recommendation_response", action, addresseeScope(r.addresseeOrganisationId)))
    sides.push("addressee");
  return sides;
}

/** Monitors of its body or its addressee's staff: they see notes and evidence too. */
export const isInsider = (actor: Actor, r: Sides): boolean => sidesOf(actor, r, "read").length > 0;

export const mayRead = (actor: Actor, r: Sides & Publishable, today: string): boolean =>
  isInsider(actor, r) || (actor.kind === "user" && isPublished(r, today));

/** What a list may show this actor, for the store's SQL. */
export function reachOf(actor: Actor, today: string): Reach {
  if (actor.kind === "system") return { all: true };
  const monitors = listScope(actor, "recommendation");
  const addressees = listScope(actor, "recommendation_response");
  if (monitors.all || addressees.all) return { all: true };
  return {
    all: false,
    monitorOrgIds: monitors.organisationIds,
    addresseeOrgIds: addressees.organisationIds,
    publishedBy: today,
  };
}
