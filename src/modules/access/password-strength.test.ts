// The password rule: what it refuses and why, and what it lets through.
import { describe, expect, it } from "vitest";
import { assertPasswordStrong, checkPasswordStrength } from "./password-strength";

const person = { email: "uwase@rcs.gov.rw", name: "Jean Mukamana" };

describe("checkPasswordStrength", () => {
  it.each([
    ["aaaaaaaaaa", "password_too_short"],
    ["Kigali 2026", "password_too_short"],
    ["aaaaaaaaaaaa", "password_too_common"],
    ["ubufatanye2026", "password_too_weak"],
    ["password1234", "password_too_common"],
    ["azertyuiop123", "password_too_common"],
    ["qwertyuiop123", "password_too_common"],
    ["iloveyou12345", "password_too_common"],
    ["123456789012", "password_too_common"],
    ["uwase@rcs.gov.rw.long", "password_contains_email"],
    ["UWASE@RCS.GOV.RW!!!!", "password_contains_email"],
    ["my uwase secret 99 days", "password_contains_email"],
    ["Jean was born in 1990 here", "password_contains_name"],
    ["x".repeat(129), "password_too_long"],
  ])("refuses %j: %s", (password, code) => {
    expect(checkPasswordStrength(password, person)?.code).toBe(code);
  });

  it("lets long unusual passphrases through", () => {
    for (const password of [
      "Amahoro 2026 kuri bose",
      "correct horse battery staple",
      "inzira ndende y'amahoro",
    ])
      expect(checkPasswordStrength(password, person)).toBeNull();
  });

  it("says why in a 422 with the field path", () => {
    let thrown: unknown;
    try {
      assertPasswordStrong("password1234", person);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      kind: "validation",
      errors: [{ path: "password", code: "password_too_common", in: "body" }],
    });
    expect(() => assertPasswordStrong("Amahoro 2026 kuri bose", person)).not.toThrow();
  });
});
