// Who keeps an agreement's register when nobody said: pure rules shared by the server's default and the form.
import type { AgreementKeeper } from "./agreements.schema";

/**
 * The user's own organisation when exactly one of theirs is a party: an RCS officer registering an MoU with a
 * partner keeps it. With none or several of theirs among the parties there is no safe guess.
 */
export function ownKeeper(ownOrganisationIds: readonly string[], partyIds: readonly string[]): string | null {
  const parties = new Set(partyIds);
  const own = [...new Set(ownOrganisationIds)].filter((id) => parties.has(id));
  return own.length === 1 ? (own[0] ?? null) : null;
}

/**
 * What the agreement form preselects: the user's own organisation among the parties, else the party that keeps
 * most agreements in the register (`keepers`, most first), else none.
 */
export function preferredKeeper(
  ownOrganisationIds: readonly string[],
  partyIds: readonly string[],
  keepers: readonly Pick<AgreementKeeper, "organisationId">[],
): string | null {
  const own = ownKeeper(ownOrganisationIds, partyIds);
  if (own) return own;
  const parties = new Set(partyIds);
  return keepers.find((k) => parties.has(k.organisationId))?.organisationId ?? null;
}
