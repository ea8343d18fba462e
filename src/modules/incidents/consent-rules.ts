// Whether a person's consent allows something on a given day (law No 058/2021): the latest record that speaks to the
// purpose decides; a withdrawal counts from its day on and never undoes what was done before; a child under 16 is
// answered for by a guardian.
import { type AgeGroup, type ConsentPurpose, isUnder16 } from "./incidents.schema";

export type ConsentRecord = {
  id: string;
  given: boolean;
  givenOn: string;
  givenBy: "person" | "guardian";
  purposes: readonly string[];
  recordedAt: string;
  withdrawnOn: string | null;
};

export type ConsentVerdict =
  | { allowed: true; consentId: string }
  | { allowed: false; reason: "none" | "refused" | "withdrawn" | "guardian_required" };

/** The consent in force on `day` for `purpose`, for a person of this age group. */
export function consentFor(
  records: readonly ConsentRecord[],
  purpose: ConsentPurpose,
  ageGroup: AgeGroup,
  day: string,
): ConsentVerdict {
  const guardianRequired = isUnder16(ageGroup);
  const relevant = records
    .filter((r) => r.purposes.includes(purpose) && r.givenOn <= day)
    // A child's own word is heard, but it is not the consent the law asks for.
    .filter((r) => !guardianRequired || r.givenBy === "guardian" || !r.given)
    .sort((a, b) =>
      a.givenOn === b.givenOn ? a.recordedAt.localeCompare(b.recordedAt) : a.givenOn.localeCompare(b.givenOn),
    );
  const latest = relevant.at(-1);
  if (!latest) {
    const childOnly =
      guardianRequired && records.some((r) => r.given && r.purposes.includes(purpose) && r.givenOn <= day);
    return { allowed: false, reason: childOnly ? "guardian_required" : "none" };
  }
  if (!latest.given) return { allowed: false, reason: "refused" };
  if (latest.withdrawnOn !== null && latest.withdrawnOn <= day)
    return { allowed: false, reason: "withdrawn" };
  return { allowed: true, consentId: latest.id };
}
