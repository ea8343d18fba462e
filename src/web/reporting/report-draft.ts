// The report form's draft (counts typed as text) and its conversion to and from the sections the API takes.
import {
  type HINDRANCE_KINDS,
  type HINDRANCE_STATUSES,
  type REPORTED_TO,
  type SectionKey,
  type Submission,
  type SubmissionContent,
  SubmissionContentSchema,
} from "../../modules/reporting/reporting.schema";
import { datesOutsidePeriod, missingSections } from "../../modules/reporting/submission-rules";
import type { FieldError } from "../../shared/app-errors";
import { fieldErrorsFromZod } from "../../shared/validation";

export type ListSection = SubmissionContent["nothingToReport"][number];
export const LIST_SECTIONS: readonly ListSection[] = ["activities", "indicators", "hindrances"];
export const isListSection = (s: SectionKey): s is ListSection =>
  (LIST_SECTIONS as readonly string[]).includes(s);

export type HindranceKind = (typeof HINDRANCE_KINDS)[number];
export type ReportedTo = (typeof REPORTED_TO)[number];
export type HindranceStatus = (typeof HINDRANCE_STATUSES)[number];

/** Each item's key for React: stays with the item while others are added or removed. */
let nextItemKey = 1;
const itemKey = () => nextItemKey++;

export type ActivityDraft = {
  key: number;
  placeId: string;
  themeCode: string;
  date: string;
  description: string;
  peopleReached: string;
  women: string;
  men: string;
};
export type HindranceDraft = {
  key: number;
  kind: HindranceKind;
  placeId: string;
  themeCode: string;
  date: string;
  description: string;
  reportedTo: ReportedTo[];
  status: HindranceStatus;
  incidentId: string | null;
};
export type IndicatorDraft = {
  key: number;
  programmeId: string;
  indicatorId: string;
  value: string;
  note: string;
};

export type ReportDraft = {
  narrative: string;
  activities: ActivityDraft[];
  indicators: IndicatorDraft[];
  hindrances: HindranceDraft[];
  challenges: string;
  plans: string;
  nothingToReport: ListSection[];
};

const text = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));
/** "" stays empty (null), anything else becomes a number the schema then checks (NaN is refused there). */
const count = (s: string): number | null => (s.trim() === "" ? null : Number(s.trim().replace(/[\s,]/g, "")));

export const newActivity = (): ActivityDraft => ({
  key: itemKey(),
  placeId: "",
  themeCode: "",
  date: "",
  description: "",
  peopleReached: "",
  women: "",
  men: "",
});
export const newHindrance = (): HindranceDraft => ({
  key: itemKey(),
  kind: "hindrance_to_justice",
  placeId: "",
  themeCode: "",
  date: "",
  description: "",
  reportedTo: [],
  status: "open",
  incidentId: null,
});
export const newIndicator = (): IndicatorDraft => ({
  key: itemKey(),
  programmeId: "",
  indicatorId: "",
  value: "",
  note: "",
});

export function draftOf(content: SubmissionContent): ReportDraft {
  return {
    narrative: content.narrative,
    challenges: content.challenges,
    plans: content.plans,
    nothingToReport: [...content.nothingToReport],
    activities: content.activities.map((a) => ({
      key: itemKey(),
      placeId: a.placeId,
      themeCode: a.themeCode ?? "",
      date: a.date ?? "",
      description: a.description,
      peopleReached: text(a.peopleReached),
      women: text(a.women),
      men: text(a.men),
    })),
    hindrances: content.hindrances.map((h) => ({
      key: itemKey(),
      kind: h.kind,
      placeId: h.placeId,
      themeCode: h.themeCode ?? "",
      date: h.date ?? "",
      description: h.description,
      reportedTo: [...h.reportedTo],
      status: h.status,
      incidentId: h.incidentId ?? null,
    })),
    indicators: content.indicators.map((i) => ({
      key: itemKey(),
      programmeId: i.programmeId,
      indicatorId: i.indicatorId,
      value: String(i.value),
      note: i.note ?? "",
    })),
  };
}

/**
 * The sections as the API takes them. People reached left empty is the sum of women and men when either is given;
 * a list section with items is no longer "nothing to report".
 */
export function contentOf(d: ReportDraft): SubmissionContent {
  return {
    narrative: d.narrative,
    challenges: d.challenges,
    plans: d.plans,
    nothingToReport: d.nothingToReport.filter((s) => d[s].length === 0),
    activities: d.activities.map((a) => {
      const women = count(a.women);
      const men = count(a.men);
      const given = count(a.peopleReached);
      const sum = women !== null || men !== null ? (women ?? 0) + (men ?? 0) : null;
      return {
        placeId: a.placeId,
        themeCode: a.themeCode || null,
        date: a.date || null,
        description: a.description,
        // The schema refuses NaN with the field's path; an empty count with no split is refused the same way.
        peopleReached: given ?? sum ?? Number.NaN,
        women,
        men,
      };
    }),
    hindrances: d.hindrances.map((h) => ({
      kind: h.kind,
      placeId: h.placeId,
      themeCode: h.themeCode || null,
      date: h.date || null,
      description: h.description,
      reportedTo: h.reportedTo,
      status: h.status,
      incidentId: h.incidentId,
    })),
    indicators: d.indicators.map((i) => ({
      programmeId: i.programmeId,
      indicatorId: i.indicatorId,
      value: count(i.value) ?? Number.NaN,
      ...(i.note.trim() ? { note: i.note } : {}),
    })),
  };
}

/** A choice left empty is "required", not "wrong format" (the id of nothing). */
const CHOICES = /\.(placeId|programmeId|indicatorId)$/;

export function checkDraft(draft: ReportDraft, submission: Submission, submitting: boolean): FieldError[] {
  const content = contentOf(draft);
  const parsed = SubmissionContentSchema.safeParse(content);
  const errors: FieldError[] = parsed.success
    ? []
    : fieldErrorsFromZod(parsed.error).map((e) => ({
        ...e,
        path: `content.${e.path}`,
        code: CHOICES.test(e.path) ? "required" : e.code,
      }));
  for (const path of datesOutsidePeriod(parsed.success ? parsed.data : content, submission.period)) {
    errors.push({ path, message: "This date is outside the period.", code: "outside_period", in: "body" });
  }
  if (submitting && parsed.success) {
    for (const section of missingSections(
      parsed.data,
      submission.requiredSections,
      submission.attachments.length,
    )) {
      errors.push({
        path: `content.${section}`,
        message: "This section is required before submitting.",
        code: "section_required",
        params: { section },
        in: "body",
      });
    }
  }
  return errors;
}
