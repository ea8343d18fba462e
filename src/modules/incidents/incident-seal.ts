// Sealing the free texts, names and contacts of incidents (decision 020): AES-256-GCM with the process's field key,
// every value bound to its table, column and row, so a value copied into another row or column fails to open.
import { type EncryptedColumns, getFieldKeyring, openOptional, sealOptional } from "../../kernel/crypto";

const SEALED = {
  incident: { idColumn: "id", columns: { description: "description_sealed" } },
  incident_person_identity: {
    idColumn: "person_id",
    columns: { name: "name_sealed", contact: "contact_sealed" },
  },
  referral: {
    idColumn: "id",
    columns: {
      note: "note_sealed",
      vital_interest_reason: "vital_interest_reason_sealed",
      status_reason: "status_reason_sealed",
    },
  },
  referral_follow_up: { idColumn: "id", columns: { note: "note_sealed" } },
} as const;

type Sealed = typeof SEALED;
export type SealedColumn = {
  [T in keyof Sealed]: `${T}.${keyof Sealed[T]["columns"] & string}`;
}[keyof Sealed];

const contextOf = (column: SealedColumn, rowId: string) => `${column}:${rowId}`;

/** Seals a value for this column of this row; null and "" stay null (nothing to keep). */
export function sealText(
  column: SealedColumn,
  rowId: string,
  value: string | null | undefined,
): string | null {
  if (value === "") return null;
  return sealOptional(getFieldKeyring(), value, contextOf(column, rowId));
}

/** Opens a value sealed for this column of this row; throws (without the value) if it was moved or tampered with. */
export function openText(column: SealedColumn, rowId: string, sealed: string | null): string | null {
  return openOptional(getFieldKeyring(), sealed, contextOf(column, rowId));
}

/** What `keys rotate` re-seals: every sealed column of the incidents module, with the contexts used above. */
export const INCIDENT_ENCRYPTED_COLUMNS: readonly EncryptedColumns[] = Object.entries(SEALED).map(
  ([table, spec]) => ({
    table,
    idColumn: spec.idColumn,
    columns: Object.entries(spec.columns).map(([key, name]) => ({
      name,
      context: (id: string) => contextOf(`${table}.${key}` as SealedColumn, id),
    })),
  }),
);
