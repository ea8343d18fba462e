// The columns `keys rotate` re-seals: a module that seals columns (kernel/crypto) adds its EncryptedColumns here.
import type { EncryptedColumns } from "../../kernel/crypto";
import { INCIDENT_ENCRYPTED_COLUMNS } from "../../modules/incidents";

export const ENCRYPTED_COLUMNS: readonly EncryptedColumns[] = [...INCIDENT_ENCRYPTED_COLUMNS];
