// Who must set up a second factor and when administrator grants are withheld.
import { describe, expect, it } from "vitest";
import type { Grant } from "./access.schema";
import { actingGrants, secondFactorStatus } from "./second-factor-rule";

const admin: Grant = { role: "administrator", scopeType: "national", scopeId: null };
const editor: Grant = { role: "coordinator", scopeType: "national", scopeId: null };
const createdAt = new Date("2026-01-01T08:00:00Z");

describe("secondFactorStatus", () => {
  it("asks nothing of a user who is not an administrator", () => {
    expect(secondFactorStatus({ twoFactorEnabled: false, createdAt }, [editor])).toMatchObject({
      required: false,
    });
  });
  it("gives a new administrator 24 hours, then withholds only the administrator grants", () => {
    const early = secondFactorStatus(
      { twoFactorEnabled: false, createdAt },
      [admin, editor],
      new Date("2026-01-02T07:59:00Z"),
    );
    expect(early).toEqual({
      enabled: false,
      required: true,
      requiredBy: "2026-01-02T08:00:00.000Z",
      overdue: false,
    });
    expect(actingGrants([admin, editor], early)).toEqual([admin, editor]);
    const late = secondFactorStatus(
      { twoFactorEnabled: false, createdAt },
      [admin, editor],
      new Date("2026-01-02T08:00:00Z"),
    );
    expect(late.overdue).toBe(true);
    expect(actingGrants([admin, editor], late)).toEqual([editor]);
  });
  it("is satisfied by a verified second factor", () => {
    const status = secondFactorStatus({ twoFactorEnabled: true, createdAt }, [admin], new Date("2027-01-01"));
    expect(status).toMatchObject({ enabled: true, required: false, overdue: false });
    expect(actingGrants([admin], status)).toEqual([admin]);
  });
});
