// Seals and opens single text values for columns kept encrypted at rest (AES-256-GCM, decision 020).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { z } from "zod";

/** Version tag of the sealed format: a later format gets another tag, so old values stay readable. */
const FORMAT = "uf1";
const IV_BYTES = 12;

/** How every value sealed with `keyId` starts: what a query tests to find values sealed with another key. */
export const sealedPrefix = (keyId: FieldKeyId): string => `${FORMAT}.${keyId}.`;

/** How every sealed value starts, whatever its key. */
export const SEALED_FORMAT_PREFIX = `${FORMAT}.`;
const TAG_BYTES = 16;
export const FIELD_KEY_BYTES = 32;

/**
 * A key id appears in every sealed value and in the keys file. Letters, digits, "_" and "-" only: a "." would make
 * `uf1.<keyId>.…` ambiguous, and a short id keeps each sealed value short.
 */
export const FieldKeyIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "a key id is 1-64 letters, digits, _ or -");
export type FieldKeyId = z.infer<typeof FieldKeyIdSchema>;

/** The keys a process can open values with, and the one it seals new values with. */
export type FieldKeyring = {
  currentKeyId: FieldKeyId;
  keys: ReadonlyMap<FieldKeyId, Buffer>;
};

export const FieldCipherFailureSchema = z.enum(["unknown-key", "tampered", "malformed"]);
export type FieldCipherFailure = z.infer<typeof FieldCipherFailureSchema>;

/**
 * A value could not be sealed or opened. The message names the reason and the key id at most: never the value,
 * the context (which holds a row id, harmless but not needed) or a key, since these errors reach logs.
 */
export class FieldCipherError extends Error {
  readonly reason: FieldCipherFailure;
  readonly keyId: string | undefined;

  constructor(reason: FieldCipherFailure, message: string, keyId?: string) {
    super(message);
    this.name = "FieldCipherError";
    this.reason = reason;
    this.keyId = keyId;
  }
}

/**
 * The additional authenticated data: the format and key id as well as the caller's context, so that a sealed value
 * opens only under its own header and only where it was sealed (its table, column and row).
 */
const additionalData = (keyId: string, context: string): Buffer =>
  Buffer.from(`${FORMAT}.${keyId}.${context}`, "utf8");

function keyOf(keyring: FieldKeyring, keyId: string): Buffer {
  const key = keyring.keys.get(keyId);
  if (!key) throw new FieldCipherError("unknown-key", `No key "${keyId}" in the keyring.`, keyId);
  // A keyring built by hand (tests, a future source) must not slip a short key past AES-256.
  if (key.length !== FIELD_KEY_BYTES)
    throw new FieldCipherError("unknown-key", `Key "${keyId}" is not ${FIELD_KEY_BYTES} bytes.`, keyId);
  return key;
}

/**
 * Encrypts `plaintext` with the keyring's current key, bound to `context` (e.g. "incident_person_identity.name:<id>"):
 * `uf1.<keyId>.<iv>.<ciphertext and tag>`, base64url. Each call draws a fresh IV, so equal values seal differently.
 */
export function sealField(keyring: FieldKeyring, plaintext: string, context: string): string {
  const keyId = keyring.currentKeyId;
  const key = keyOf(keyring, keyId);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(keyId, context));
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${FORMAT}.${keyId}.${iv.toString("base64url")}.${sealed.toString("base64url")}`;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

type SealedParts = { keyId: string; iv: Buffer; body: Buffer };

function parseSealed(sealed: string): SealedParts {
  const malformed = (why: string) => new FieldCipherError("malformed", `Not a sealed value: ${why}.`);
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== FORMAT) throw malformed(`it does not start with "${FORMAT}."`);
  const [, keyId = "", ivText = "", bodyText = ""] = parts;
  if (!FieldKeyIdSchema.safeParse(keyId).success) throw malformed("its key id is not one");
  if (!BASE64URL.test(ivText) || !BASE64URL.test(bodyText)) throw malformed("it is not base64url");
  const iv = Buffer.from(ivText, "base64url");
  const body = Buffer.from(bodyText, "base64url");
  // Node's decoder ignores stray trailing bits; re-encoding catches a value that only looks like base64url.
  if (iv.toString("base64url") !== ivText || body.toString("base64url") !== bodyText)
    throw malformed("it is not canonical base64url");
  if (iv.length !== IV_BYTES) throw malformed(`its IV is not ${IV_BYTES} bytes`);
  if (body.length < TAG_BYTES) throw malformed("it is shorter than its authentication tag");
  return { keyId, iv, body };
}

/** The id of the key `sealed` was sealed with (throws FieldCipherError "malformed" when it is not a sealed value). */
export function sealedKeyId(sealed: string): FieldKeyId {
  return parseSealed(sealed).keyId;
}

/**
 * Decrypts a value made by `sealField` with the same `context`. Throws FieldCipherError: "unknown-key" when its
 * key is not in the keyring, "tampered" when the value or its context differ from what was sealed (GCM cannot
 * tell the two apart), "malformed" when it is not a sealed value.
 */
export function openField(keyring: FieldKeyring, sealed: string, context: string): string {
  const { keyId, iv, body } = parseSealed(sealed);
  const key = keyOf(keyring, keyId);
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(additionalData(keyId, context));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    const plain = Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return plain.toString("utf8");
  } catch {
    // OpenSSL's own message says only "Unsupported state or unable to authenticate data"; ours says what it means.
    throw new FieldCipherError(
      "tampered",
      `A value sealed with key "${keyId}" does not open: it was altered, or it belongs to another row or column.`,
      keyId,
    );
  }
}

/** `sealField` for a column that may be empty: null and undefined stay null. */
export function sealOptional(
  keyring: FieldKeyring,
  plaintext: string | null | undefined,
  context: string,
): string | null {
  return plaintext == null ? null : sealField(keyring, plaintext, context);
}

/** `openField` for a column that may be empty: null and undefined stay null. */
export function openOptional(
  keyring: FieldKeyring,
  sealed: string | null | undefined,
  context: string,
): string | null {
  return sealed == null ? null : openField(keyring, sealed, context);
}
