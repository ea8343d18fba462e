// Sealed values open only with their key and their context, differ on every seal, and fail without telling their secret.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  FieldCipherError,
  type FieldKeyring,
  openField,
  openOptional,
  sealedKeyId,
  sealField,
  sealOptional,
} from "./field-cipher";

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const onlyA: FieldKeyring = { currentKeyId: "kA", keys: new Map([["kA", keyA]]) };
const bothBCurrent: FieldKeyring = {
  currentKeyId: "kB",
  keys: new Map([
    ["kA", keyA],
    ["kB", keyB],
  ]),
};
const context = "incident_person_identity.name:0193c4d2-0000-7000-8000-000000000001";

/** A value that must never appear in an error: if a message or stack quotes it, the test names the leak. */
const CANARY = "Canary Mukamana-7f3e";

function failureOf(run: () => unknown): FieldCipherError {
  try {
    run();
  } catch (error) {
    if (error instanceof FieldCipherError) return error;
    throw error;
  }
  throw new Error("expected a FieldCipherError, and nothing was thrown");
}

/** Swaps one character of the base64url part at `part` (2: IV, 3: ciphertext and tag) for another. */
function alter(sealed: string, part: 2 | 3, at: number): string {
  const parts = sealed.split(".");
  const text = parts[part] ?? "";
  const i = at < 0 ? text.length + at : at;
  // "A" and "Q" differ in the top bits of a base64 digit, so the byte changes even where the last digit's low bits
  // are padding.
  parts[part] = `${text.slice(0, i)}${text[i] === "A" ? "Q" : "A"}${text.slice(i + 1)}`;
  return parts.join(".");
}

describe("sealField and openField", () => {
  it("round-trips text, including the empty string, Kinyarwanda, French, emoji and a long value", () => {
    for (const value of [
      "",
      "Uwimana Jeanne",
      "Ntibagiranwa Émilienne — Nyarugenge",
      "👩🏾‍⚖️ 電話",
      "x".repeat(100_000),
    ]) {
      const sealed = sealField(onlyA, value, context);
      expect(sealed).toMatch(/^uf1\.kA\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
      expect(openField(onlyA, sealed, context)).toBe(value);
    }
  });

  it("never writes the value in the clear, and seals the same value differently each time", () => {
    const first = sealField(onlyA, CANARY, context);
    const second = sealField(onlyA, CANARY, context);
    expect(first).not.toContain("Canary");
    expect(first).not.toBe(second);
    // Different IVs, not merely different tags.
    expect(first.split(".")[2]).not.toBe(second.split(".")[2]);
    expect(openField(onlyA, second, context)).toBe(CANARY);
  });

  it("seals with the current key and opens with any key of the keyring", () => {
    const underA = sealField(onlyA, CANARY, context);
    const underB = sealField(bothBCurrent, CANARY, context);
    expect(sealedKeyId(underA)).toBe("kA");
    expect(sealedKeyId(underB)).toBe("kB");
    expect(openField(bothBCurrent, underA, context)).toBe(CANARY);
    expect(openField(bothBCurrent, underB, context)).toBe(CANARY);
  });

  it("refuses a value moved to another row or column (the context is authenticated)", () => {
    const sealed = sealField(onlyA, CANARY, context);
    for (const elsewhere of [
      "incident_person_identity.name:0193c4d2-0000-7000-8000-000000000002",
      "incident_person_identity.contact:0193c4d2-0000-7000-8000-000000000001",
      "",
    ]) {
      const error = failureOf(() => openField(onlyA, sealed, elsewhere));
      expect(error.reason).toBe("tampered");
      expect(error.keyId).toBe("kA");
    }
  });

  it("refuses a value with one byte changed in its ciphertext, its tag or its IV", () => {
    const sealed = sealField(onlyA, CANARY, context);
    for (const altered of [alter(sealed, 3, 0), alter(sealed, 3, -2), alter(sealed, 2, 0)]) {
      expect(altered).not.toBe(sealed);
      expect(failureOf(() => openField(onlyA, altered, context)).reason).toBe("tampered");
    }
  });

  it("refuses a value whose key id was changed to another key of the keyring (the header is authenticated)", () => {
    const sealed = sealField(bothBCurrent, CANARY, context);
    const relabelled = sealed.replace(/^uf1\.kB\./, "uf1.kA.");
    expect(failureOf(() => openField(bothBCurrent, relabelled, context)).reason).toBe("tampered");
  });

  it("names an unknown key as such", () => {
    const sealed = sealField(bothBCurrent, CANARY, context);
    const error = failureOf(() => openField(onlyA, sealed, context));
    expect(error.reason).toBe("unknown-key");
    expect(error.keyId).toBe("kB");
    expect(error.message).toContain('"kB"');
  });

  it("refuses a current key that is missing or not 32 bytes when sealing", () => {
    expect(failureOf(() => sealField({ currentKeyId: "kZ", keys: onlyA.keys }, "x", context)).reason).toBe(
      "unknown-key",
    );
    const short: FieldKeyring = { currentKeyId: "k16", keys: new Map([["k16", randomBytes(16)]]) };
    expect(failureOf(() => sealField(short, "x", context)).reason).toBe("unknown-key");
  });

  it("calls anything else malformed", () => {
    const sealed = sealField(onlyA, CANARY, context);
    const [, , iv = "", body = ""] = sealed.split(".");
    for (const notSealed of [
      CANARY,
      "",
      "uf1.kA",
      `uf2.kA.${iv}.${body}`,
      `uf1.k.A.${iv}.${body}`,
      `uf1..${iv}.${body}`,
      `uf1.kA.${iv}.${body}.extra`,
      `uf1.kA.${iv.slice(0, -1)}.${body}`,
      `uf1.kA.${iv}.${body.slice(0, 10)}`,
      `uf1.kA.${iv}+.${body}`,
      `uf1.kA.${iv}.${body}=`,
    ]) {
      expect(failureOf(() => openField(onlyA, notSealed, context)).reason, notSealed).toBe("malformed");
      expect(failureOf(() => sealedKeyId(notSealed)).reason).toBe("malformed");
    }
  });

  it("never puts the value, the context or a key in an error's message or stack", () => {
    const sealed = sealField(bothBCurrent, CANARY, context);
    const errors = [
      failureOf(() => openField(bothBCurrent, sealed, "another:context")),
      failureOf(() => openField(onlyA, sealed, context)),
      failureOf(() => openField(bothBCurrent, CANARY, context)),
      failureOf(() => openField(bothBCurrent, alter(sealed, 3, 5), context)),
      failureOf(() => sealedKeyId(`uf1.kA.${CANARY}.x`)),
    ];
    const secrets = [CANARY, "Mukamana", context, keyA.toString("base64"), keyB.toString("base64")];
    for (const error of errors) {
      const told = `${error.message}\n${error.stack ?? ""}\n${JSON.stringify(error)}`;
      for (const secret of secrets) expect(told).not.toContain(secret);
    }
  });
});

describe("sealOptional and openOptional", () => {
  it("keep null and undefined as null and seal everything else", () => {
    expect(sealOptional(onlyA, null, context)).toBeNull();
    expect(sealOptional(onlyA, undefined, context)).toBeNull();
    expect(openOptional(onlyA, null, context)).toBeNull();
    expect(openOptional(onlyA, undefined, context)).toBeNull();
    const sealed = sealOptional(onlyA, "", context);
    expect(sealed).toMatch(/^uf1\.kA\./);
    expect(openOptional(onlyA, sealed, context)).toBe("");
  });
});
