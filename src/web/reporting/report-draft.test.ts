import { describe, expect, it } from "vitest";
import { emptyContent, type Submission } from "../../modules/reporting/reporting.schema";
import { checkDraft, contentOf, draftOf, newActivity } from "./report-draft";

const place = "0b9c3f1e-8f5d-4c3a-9a55-2f4f9f3f0a01";
const submission = {
  period: "2026-Q3",
  requiredSections: ["narrative", "activities", "challenges"],
  attachments: [],
} as Pick<Submission, "period" | "requiredSections" | "attachments"> as Submission;

describe("the report draft", () => {
  it("round-trips the sections, and people reached left empty is women plus men", () => {
    const draft = draftOf({ ...emptyContent(), narrative: "Clinics." });
    draft.activities.push({
      ...newActivity(),
      placeId: place,
      description: "Clinic",
      women: "70",
      men: "50",
    });
    const content = contentOf(draft);
    expect(content.activities[0]).toEqual({
      placeId: place,
      themeCode: null,
      date: null,
      description: "Clinic",
      peopleReached: 120,
      women: 70,
      men: 50,
    });
    expect(contentOf(draftOf(content))).toEqual(content);
  });

  it("names what is wrong by the API's paths before anything is sent", () => {
    const draft = draftOf({ ...emptyContent(), narrative: "Clinics." });
    draft.activities.push({
      ...newActivity(),
      description: "Clinic",
      peopleReached: "-3",
      date: "2026-01-10",
    });
    const errors = checkDraft(draft, submission, true);
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ["content.activities.0.placeId", "required"],
      ["content.activities.0.peopleReached", "too_small"],
      ["content.activities.0.date", "outside_period"],
    ]);
  });

  it("asks for the required sections only when submitting, and checks dates against the period", () => {
    const draft = draftOf({ ...emptyContent(), narrative: "Clinics." });
    draft.activities.push({
      ...newActivity(),
      placeId: place,
      description: "Clinic",
      peopleReached: "5",
      date: "2026-01-10",
    });
    expect(checkDraft(draft, submission, false).map((e) => e.path)).toEqual(["content.activities.0.date"]);
    draft.activities[0] = { ...draft.activities[0], date: "2026-08-10" } as (typeof draft.activities)[number];
    expect(checkDraft(draft, submission, true).map((e) => [e.path, e.code])).toEqual([
      ["content.challenges", "section_required"],
    ]);
    expect(checkDraft({ ...draft, challenges: "Rain." }, submission, true)).toEqual([]);
    // Attachments, when asked for, are filled by a file attached (not by the draft's text).
    const withFiles = {
      ...submission,
      requiredSections: [...submission.requiredSections, "attachments" as const],
    };
    expect(checkDraft({ ...draft, challenges: "Rain." }, withFiles, true).map((e) => e.path)).toEqual([
      "content.attachments",
    ]);
    const attached = { ...withFiles, attachments: [{ id: place } as Submission["attachments"][number]] };
    expect(checkDraft({ ...draft, challenges: "Rain." }, attached, true)).toEqual([]);
  });
});
