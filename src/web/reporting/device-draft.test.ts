import { describe, expect, it } from "vitest";
import { emptyContent } from "../../modules/reporting/reporting.schema";
import { deviceDraftKey, deviceDraftOf, draftChanged, keptDraft, readDeviceDraft } from "./device-draft";
import { draftOf, newActivity, newHindrance } from "./report-draft";

const place = "0b9c3f1e-8f5d-4c3a-9a55-2f4f9f3f0a01";
const incident = "1c9c3f1e-8f5d-4c3a-9a55-2f4f9f3f0a02";
const user = "u-1";
const report = "s-1";

function typed() {
  const draft = draftOf({ ...emptyContent(), narrative: "Ivuriro" });
  draft.activities.push({ ...newActivity(), placeId: place, description: "Clinic", women: "7", men: "" });
  draft.hindrances.push({
    ...newHindrance(),
    placeId: place,
    description: "Detention",
    incidentId: incident,
  });
  return draft;
}

describe("the report draft kept on the device", () => {
  it("is one user's draft of one report, read back with what was typed and what waits", () => {
    const base = draftOf(emptyContent());
    const kept = deviceDraftOf(user, report, 4, base, typed(), "submit", new Date("2026-10-02T08:00:00Z"));
    // Through structured clone, as IndexedDB stores it.
    const read = readDeviceDraft(structuredClone(kept), user, report);
    expect(read?.baseVersion).toBe(4);
    expect(read?.pending).toBe("submit");
    expect(read?.draft.narrative).toBe("Ivuriro");
    expect(read?.draft.activities[0]).toMatchObject({
      placeId: place,
      women: "7",
      men: "",
      peopleReached: "",
    });
    expect(draftChanged(read?.draft ?? base, base)).toBe(true);
    expect(draftChanged(keptDraft(base), base)).toBe(false);
    // Another user of the phone, another report, or another shape: nothing.
    expect(readDeviceDraft(structuredClone(kept), "u-2", report)).toBeNull();
    expect(readDeviceDraft(structuredClone(kept), user, "s-2")).toBeNull();
    expect(readDeviceDraft({ ...kept, format: 2 }, user, report)).toBeNull();
    expect(readDeviceDraft({ ...kept, draft: { narrative: 1 } }, user, report)).toBeNull();
    expect(deviceDraftKey(user, report)).not.toBe(deviceDraftKey("u-2", report));
  });

  it("keeps exactly the fields the API takes: a new field of the form needs a decision here (decision 018)", () => {
    const kept = deviceDraftOf(user, report, 1, draftOf(emptyContent()), typed(), null);
    const [hindrance] = kept.draft.hindrances;
    expect(Object.keys(hindrance ?? {}).sort()).toEqual(
      [
        "date",
        "description",
        "incidentId",
        "key",
        "kind",
        "placeId",
        "reportedTo",
        "status",
        "themeCode",
      ].sort(),
    );
    // The incident is linked by its id only; nothing of the confidential record is in the report.
    expect(hindrance?.incidentId).toBe(incident);
    expect(Object.keys(kept.draft.activities[0] ?? {}).sort()).toEqual(
      ["date", "description", "key", "men", "peopleReached", "placeId", "themeCode", "women"].sort(),
    );
    // A field the API does not take is not kept, whatever the form held.
    const extra = { ...typed(), secret: "Name of the victim" };
    expect(JSON.stringify(keptDraft(extra))).not.toContain("Name of the victim");
  });
});
