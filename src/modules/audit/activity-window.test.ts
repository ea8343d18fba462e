// What the two ends of a breach report's window mean: Kigali days, or exact instants; and which texts they refuse.
import { describe, expect, it } from "vitest";
import { activityCursor, activityWindow, parseActivityCursor } from "./activity-window";
import { ActivityBoundSchema } from "./audit.schema";

describe("activityWindow", () => {
  it("takes days as whole Kigali days, both ends included", () => {
    expect(activityWindow("2026-12-01", "2026-12-01")).toEqual({
      from: new Date("2026-11-30T22:00:00.000Z"),
      toExclusive: new Date("2026-12-01T22:00:00.000Z"),
    });
  });

  it("takes instants as given, the end included to the millisecond", () => {
    expect(activityWindow("2026-12-01T08:30:00+02:00", "2026-12-01T10:00:00Z")).toEqual({
      from: new Date("2026-12-01T06:30:00.000Z"),
      toExclusive: new Date("2026-12-01T10:00:00.001Z"),
    });
  });
});

describe("ActivityBoundSchema", () => {
  it.each(["2026-12-01", "2026-12-01T10:00Z", "2026-12-01T10:00:00+02:00", "2026-12-01T10:00:00.123456Z"])(
    "accepts %s",
    (text) => {
      expect(ActivityBoundSchema.safeParse(text).success).toBe(true);
    },
  );

  it.each([
    "2026-02-30",
    "2026-13-01",
    "yesterday",
    "2026-12-01T25:00Z",
    "2026-12-01T10:00:00",
    "1066-10-14",
    "",
  ])("refuses %j", (text) => {
    expect(ActivityBoundSchema.safeParse(text).success).toBe(false);
  });
});

describe("activity cursors", () => {
  it("round-trip the last row's time and id", () => {
    const row = { occurredAt: "2026-12-01T10:00:00.123456Z", id: 42 };
    expect(parseActivityCursor(activityCursor(row))).toEqual(row);
  });
});
