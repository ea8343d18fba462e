// Field encryption at rest (decision 020): seal and open values, the process's keyring, and re-sealing after rotation.
export {
  FieldCipherError,
  type FieldCipherFailure,
  FieldCipherFailureSchema,
  type FieldKeyId,
  FieldKeyIdSchema,
  type FieldKeyring,
  openField,
  openOptional,
  sealedKeyId,
  sealField,
  sealOptional,
} from "./field-cipher";
export {
  addNewKey,
  defaultKeysFile,
  getFieldKeyring,
  INLINE_KEYS_VARIABLE,
  KEYS_FILE_VARIABLE,
  KeyringConfigError,
  type KeyringSource,
  keyringNotice,
  type LoadedKeyring,
  loadFieldKeyring,
  loadFieldKeyringOnce,
  setFieldKeyringForTests,
} from "./keyring";
export {
  countSealedValuesByKey,
  type EncryptedColumn,
  type EncryptedColumns,
  type ResealCount,
  type ResealFailure,
  type ResealOptions,
  type ResealResult,
  resealColumns,
  type SealedValueCount,
} from "./reseal.store";
