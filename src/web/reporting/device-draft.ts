// A report's draft as kept on the device (IndexedDB): what the user typed, the version it began from, and whether a
// save or a submit waits for the connection. Only the sections' fields listed here are kept (decision 018).
import { contentOf, draftOf, type ReportDraft } from "./report-draft";

/** Bumped when the kept shape changes: a draft of another shape is dropped, never half-read. */
const FORMAT = 1;

export type PendingSend = "save" | "submit";

export type DeviceDraft = {
  format: typeof FORMAT;
  userId: string;
  submissionId: string;
  /** The version the draft began from: sent as If-Match, so an edit made elsewhere since answers 412. */
  baseVersion: number;
  base: ReportDraft;
  draft: ReportDraft;
  pending: PendingSend | null;
  savedAt: string;
};

/** One user's draft of one report: another user of the same phone never opens it. */
export const deviceDraftKey = (userId: string, submissionId: string) => `report:${userId}:${submissionId}`;

/**
 * The draft as kept: each section through the API's own shape and back, so only the fields the API takes are
 * stored (a field the form shows but marks confidential would be left out here). Counts typed but not yet numbers
 * keep their text.
 */
export function keptDraft(draft: ReportDraft): ReportDraft {
  const content = contentOf(draft);
  const back = draftOf(content);
  return {
    ...back,
    activities: back.activities.map((a, i) => {
      const typed = draft.activities[i];
      return typed ? { ...a, peopleReached: typed.peopleReached, women: typed.women, men: typed.men } : a;
    }),
    indicators: back.indicators.map((v, i) => ({ ...v, value: draft.indicators[i]?.value ?? v.value })),
  };
}

/** Whether the user changed anything since the version the draft began from. */
export const draftChanged = (draft: ReportDraft, base: ReportDraft) =>
  JSON.stringify(contentOf(draft)) !== JSON.stringify(contentOf(base));

export function deviceDraftOf(
  userId: string,
  submissionId: string,
  baseVersion: number,
  base: ReportDraft,
  draft: ReportDraft,
  pending: PendingSend | null,
  now = new Date(),
): DeviceDraft {
  return {
    format: FORMAT,
    userId,
    submissionId,
    baseVersion,
    base: keptDraft(base),
    draft: keptDraft(draft),
    pending,
    savedAt: now.toISOString(),
  };
}

const isDraft = (d: unknown): d is ReportDraft =>
  typeof d === "object" &&
  d !== null &&
  ["narrative", "challenges", "plans"].every((k) => typeof (d as Record<string, unknown>)[k] === "string") &&
  ["activities", "indicators", "hindrances", "nothingToReport"].every((k) =>
    Array.isArray((d as Record<string, unknown>)[k]),
  );

/** What was read from the device, if it is this user's draft of this report in the current shape. */
export function readDeviceDraft(value: unknown, userId: string, submissionId: string): DeviceDraft | null {
  if (typeof value !== "object" || value === null) return null;
  const d = value as Partial<DeviceDraft>;
  if (d.format !== FORMAT || d.userId !== userId || d.submissionId !== submissionId) return null;
  if (typeof d.baseVersion !== "number" || !isDraft(d.base) || !isDraft(d.draft)) return null;
  const pending = d.pending === "save" || d.pending === "submit" ? d.pending : null;
  // React keys are per page load: the items get fresh ones.
  return { ...(d as DeviceDraft), pending, base: keptDraft(d.base), draft: keptDraft(d.draft) };
}
