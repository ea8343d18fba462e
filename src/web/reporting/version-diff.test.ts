import { describe, expect, it } from "vitest";
import { emptyContent, type SubmissionContent } from "../../modules/reporting/reporting.schema";
import { compareVersions } from "./version-diff";

const place = "0b9c3f1e-8f5d-4c3a-9a55-2f4f9f3f0a01";
const clinic = { placeId: place, description: "Legal aid clinic", peopleReached: 120, women: 70, men: 50 };
const v1: SubmissionContent = {
  ...emptyContent(),
  narrative: "Clinics in four sectors.",
  activities: [clinic],
  nothingToReport: ["hindrances"],
};

describe("compareVersions", () => {
  it("finds nothing between equal versions", () => {
    expect(compareVersions(v1, structuredClone(v1))).toEqual([]);
  });

  it("names each changed section: text before and after, list items removed and added", () => {
    const v2: SubmissionContent = {
      ...v1,
      narrative: "Clinics in five sectors.",
      activities: [
        { ...clinic, peopleReached: 130, men: 60 },
        { ...clinic, description: "School talk" },
      ],
      hindrances: [
        {
          kind: "human_rights_concern",
          placeId: place,
          description: "Cells without light.",
          reportedTo: ["nchr"],
          status: "open",
        },
      ],
      nothingToReport: [],
    };
    expect(compareVersions(v1, v2)).toEqual([
      {
        section: "narrative",
        kind: "text",
        before: "Clinics in four sectors.",
        after: "Clinics in five sectors.",
      },
      {
        section: "activities",
        kind: "list",
        removed: [0],
        added: [0, 1],
        nothingBefore: false,
        nothingAfter: false,
      },
      {
        section: "hindrances",
        kind: "list",
        removed: [],
        added: [0],
        nothingBefore: true,
        nothingAfter: false,
      },
    ]);
  });

  it("keeps to the sections asked for, in their order", () => {
    const v2 = { ...v1, narrative: "x", plans: "y" };
    expect(compareVersions(v1, v2, ["plans", "activities"]).map((c) => c.section)).toEqual(["plans"]);
  });
});
