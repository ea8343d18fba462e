import { describe, expect, it } from "vitest";
import { nextVisitStatuses, visitStatusChangeError } from "./visit-status";

describe("visit status", () => {
  const today = "2026-06-10";

  it("lets a planned visit be conducted once it has started, or cancelled", () => {
    expect(visitStatusChangeError("planned", "conducted", "2026-06-10", today)).toBeNull();
    expect(visitStatusChangeError("planned", "conducted", "2026-05-01", today)).toBeNull();
    expect(visitStatusChangeError("planned", "cancelled", "2026-09-01", today)).toBeNull();
    expect(nextVisitStatuses("planned")).toEqual(["conducted", "cancelled"]);
  });

  it("refuses conducting a visit that starts in the future", () => {
    expect(visitStatusChangeError("planned", "conducted", "2026-06-11", today)).toMatch(/future/);
  });

  it("keeps a conducted or cancelled visit where it is", () => {
    expect(visitStatusChangeError("conducted", "planned", "2026-05-01", today)).toMatch(/keeps/);
    expect(visitStatusChangeError("cancelled", "conducted", "2026-05-01", today)).toMatch(/keeps/);
    expect(visitStatusChangeError("conducted", "cancelled", "2026-05-01", today)).toMatch(/keeps/);
    expect(nextVisitStatuses("conducted")).toEqual([]);
  });

  it("treats staying put as no change", () => {
    expect(visitStatusChangeError("conducted", "conducted", "2030-01-01", today)).toBeNull();
  });
});
