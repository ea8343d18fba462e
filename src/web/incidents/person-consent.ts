// What a person's consent records say on the incident page: whether a child under 16 lacks a guardian's consent
// (law No 058/2021: a guardian answers for them), and whether one record is still in force.
import { type Consent, isUnder16, type Person } from "../../modules/incidents/incidents.schema";

/** A consent given, from its day, and not withdrawn by `day`. */
export const consentStands = (c: Consent, day: string): boolean =>
  c.given && c.givenOn <= day && (c.withdrawnOn === null || c.withdrawnOn > day);

/** True for a person under 16 with no guardian's consent standing today: the page warns. */
export function lacksGuardianConsent(person: Pick<Person, "ageGroup" | "consents">, day: string): boolean {
  return (
    isUnder16(person.ageGroup) &&
    !person.consents.some((c) => c.givenBy === "guardian" && consentStands(c, day))
  );
}
