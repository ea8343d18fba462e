import { describe, expect, it } from "vitest";
import { createSendGuard } from "./send-guard";

type Draft = { title: string };

describe("createSendGuard: one send per press", () => {
  it("lets one request go at a time: a second press while it is in flight sends nothing", () => {
    const guard = createSendGuard<Draft>();
    const draft = { title: "MoU" };
    expect(guard.begin(draft, undefined)).toBe(true);
    expect(guard.inFlight).toBe(true);
    expect(guard.begin(draft, undefined)).toBe(false);
    expect(guard.begin({ title: "Other" }, undefined)).toBe(false);
  });

  it("never sends again a draft that was saved and ended the form (the double click on Save of a new agreement)", () => {
    const guard = createSendGuard<Draft>();
    const draft = { title: "MoU" };
    expect(guard.begin(draft, undefined)).toBe(true);
    guard.saved(draft, undefined);
    guard.end();
    // The page is still on screen while the next one loads: the second click of the pair.
    expect(guard.inFlight).toBe(false);
    expect(guard.begin(draft, undefined)).toBe(false);
    expect(guard.begin(draft, undefined)).toBe(false);
  });

  it("sends a changed draft, or the same draft at another version, after a save", () => {
    const guard = createSendGuard<Draft>();
    const draft = { title: "MoU" };
    guard.begin(draft, 3);
    guard.saved(draft, 3);
    guard.end();
    expect(guard.begin({ ...draft }, 3)).toBe(true);
    guard.end();
    expect(guard.begin(draft, 4)).toBe(true);
  });

  it("sends the same draft again after a failed save (a retry)", () => {
    const guard = createSendGuard<Draft>();
    const draft = { title: "MoU" };
    expect(guard.begin(draft, undefined)).toBe(true);
    guard.end();
    expect(guard.begin(draft, undefined)).toBe(true);
  });
});
