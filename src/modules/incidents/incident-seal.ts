// Sealing the free texts, names and contacts of incidents (decision 020): every sealed value is bound to its table,
// column and row, so a value copied elsewhere fails to open.
// TEMPORARY until the crypto kernel lands this session: identity functions with the final signatures.

export type SealedColumn =
  | "incident.description"
  | "incident_person_identity.name"
  | "incident_person_identity.contact"
  | "referral.note"
  | "referral.vital_interest_reason"
  | "referral.status_reason"
  | "referral_follow_up.note";

const contextOf = (column: SealedColumn, rowId: string) => `${column}:${rowId}`;

export function sealText(
  column: SealedColumn,
  rowId: string,
  value: string | null | undefined,
): string | null {
  if (value === null || value === undefined || value === "") return null;
  return `plain:${contextOf(column, rowId)}:${value}`;
}

export function openText(column: SealedColumn, rowId: string, sealed: string | null): string | null {
  if (sealed === null) return null;
  const prefix = `plain:${contextOf(column, rowId)}:`;
  if (!sealed.startsWith(prefix)) throw new Error("sealed value does not belong here");
  return sealed.slice(prefix.length);
}
