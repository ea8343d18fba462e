// Pseudonymous person codes (P-7K3Q9M2X): random, so that a code says nothing of the person, the incident or the
// order of recording; eight Crockford base-32 characters (no I, L, O, U to misread on paper).
import { randomInt } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newPersonCode(): string {
  let code = "P-";
  for (let n = 0; n < 8; n++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export const PERSON_CODE_PATTERN = /^P-[0-9A-HJKMNP-TV-Z]{8}$/;
