import { describe, expect, it } from "vitest";
import { canChangeStatus, daysUntil, effectiveStatus, STATUS_TRANSITIONS } from "./agreement-status";
import { AGREEMENT_STATUSES } from "./agreements.schema";

describe("agreement status rules", () => {
  it("follows the lifecycle draft → negotiating → awaiting approval → active → under revision → expired / terminated", () => {
    expect(canChangeStatus("draft", "negotiating")).toBe(true);
    expect(canChangeStatus("negotiating", "awaiting_approval")).toBe(true);
    expect(canChangeStatus("awaiting_approval", "active")).toBe(true);
    expect(canChangeStatus("active", "under_revision")).toBe(true);
    expect(canChangeStatus("under_revision", "active")).toBe(true);
    expect(canChangeStatus("active", "expired")).toBe(true);
    expect(canChangeStatus("expired", "active")).toBe(true);
  });

  it("refuses going back to draft from an active agreement, staying in place, and leaving terminated", () => {
    expect(canChangeStatus("active", "draft")).toBe(false);
    expect(canChangeStatus("awaiting_approval", "expired")).toBe(false);
    for (const status of AGREEMENT_STATUSES) {
      expect(canChangeStatus(status, status)).toBe(false);
      expect(canChangeStatus("terminated", status)).toBe(false);
    }
    expect(STATUS_TRANSITIONS.terminated).toEqual([]);
  });

  it("lets every status but terminated and expired be ended by terminating", () => {
    for (const status of AGREEMENT_STATUSES) {
      expect(canChangeStatus(status, "terminated")).toBe(status !== "terminated" && status !== "expired");
    }
  });

  it("shows an active or under-revision agreement past its end as expired, from the day after", () => {
    expect(effectiveStatus("active", "2026-03-14", "2026-03-15")).toBe("expired");
    expect(effectiveStatus("under_revision", "2026-03-14", "2026-03-15")).toBe("expired");
    expect(effectiveStatus("active", "2026-03-15", "2026-03-15")).toBe("active");
    expect(effectiveStatus("active", null, "2026-03-15")).toBe("active");
    expect(effectiveStatus("draft", "2020-01-01", "2026-03-15")).toBe("draft");
    expect(effectiveStatus("terminated", "2020-01-01", "2026-03-15")).toBe("terminated");
  });

  it("counts whole days until the end of validity, negative when past, across a leap day", () => {
    expect(daysUntil("2026-03-15", "2026-03-15")).toBe(0);
    expect(daysUntil("2026-04-14", "2026-03-15")).toBe(30);
    expect(daysUntil("2026-03-01", "2026-03-15")).toBe(-14);
    expect(daysUntil("2028-03-01", "2028-02-28")).toBe(2);
    expect(daysUntil(null, "2026-03-15")).toBeNull();
  });
});
