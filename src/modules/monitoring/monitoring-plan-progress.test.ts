import { describe, expect, it } from "vitest";
import { isPlanItemOverdue, type ProgressItem, planProgress } from "./monitoring-plan-progress";

const item = (overrides: Partial<ProgressItem>): ProgressItem => ({
  area: "npm_work",
  status: "in_progress",
  progress: 0,
  dueOn: null,
  ...overrides,
});

describe("isPlanItemOverdue", () => {
  it("is overdue only when the due date is before today and the item is not done", () => {
    expect(isPlanItemOverdue(item({ dueOn: "2026-12-05" }), "2026-12-06")).toBe(true);
    expect(isPlanItemOverdue(item({ dueOn: "2026-12-06" }), "2026-12-06")).toBe(false);
    expect(isPlanItemOverdue(item({ dueOn: "2026-12-05", status: "done" }), "2026-12-06")).toBe(false);
    expect(isPlanItemOverdue(item({ dueOn: "2026-12-05", status: "postponed" }), "2026-12-06")).toBe(true);
    expect(isPlanItemOverdue(item({ dueOn: null }), "2026-12-06")).toBe(false);
  });
});

describe("planProgress", () => {
  it("weighs every item the same, counts a done item as 100 % and rounds", () => {
    const result = planProgress(
      [
        item({ area: "internal_organisation", status: "done", progress: 40 }),
        item({ area: "internal_organisation", progress: 25 }),
        item({ area: "npm_work", progress: 50, dueOn: "2026-01-01" }),
        item({ area: "npm_work", status: "not_started", progress: 0, dueOn: "2027-01-01" }),
        item({ area: "npm_work", status: "done", progress: 0, dueOn: "2026-01-01" }),
      ],
      "2026-12-06",
    );
    expect(result.areas).toEqual([
      { area: "internal_organisation", progress: 63, items: 2, done: 1, overdue: 0 },
      { area: "npm_work", progress: 50, items: 3, done: 1, overdue: 1 },
      { area: "communication_and_cooperation", progress: null, items: 0, done: 0, overdue: 0 },
    ]);
    // (100 + 25 + 50 + 0 + 100) / 5 = 55: by item, not the mean of the areas' means (56.5).
    expect(result.progress).toBe(55);
    expect(result.items).toBe(5);
    expect(result.overdue).toBe(1);
  });

  it("has no progress for an empty plan", () => {
    expect(planProgress([], "2026-12-06").progress).toBeNull();
  });
});
