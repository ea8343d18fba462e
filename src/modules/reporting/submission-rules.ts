// Pure rules of a submission: which sections are missing, what its list status is, what may happen next.
import { dateInPeriod } from "./periods";
import type { AddresseeStatus, SectionKey, SubmissionContent, SubmissionStatus } from "./reporting.schema";

/**
 * Is this section filled in? A list section also counts when declared "nothing to report"; attachments, when at
 * least one file is attached.
 */
export function sectionFilled(content: SubmissionContent, section: SectionKey, attachmentCount = 0): boolean {
  switch (section) {
    case "attachments":
      return attachmentCount > 0;
    case "narrative":
    case "challenges":
    case "plans":
      return content[section].trim().length > 0;
    case "activities":
    case "indicators":
    case "hindrances":
      return content[section].length > 0 || content.nothingToReport.includes(section);
  }
}

export const missingSections = (
  content: SubmissionContent,
  required: readonly SectionKey[],
  attachmentCount = 0,
): SectionKey[] => required.filter((section) => !sectionFilled(content, section, attachmentCount));

/** The one status a list shows: returned if any body returned it, accepted once all accepted, else submitted. */
export function submissionStatusOf(statuses: readonly AddresseeStatus[]): SubmissionStatus {
  if (statuses.length === 0 || statuses.every((s) => s === "draft")) return "draft";
  if (statuses.some((s) => s === "returned")) return "returned";
  if (statuses.every((s) => s === "accepted")) return "accepted";
  return "submitted";
}

/** Sections may change while some body has it as a draft or returned it. */
export const isEditable = (statuses: readonly AddresseeStatus[]): boolean =>
  statuses.some((s) => s === "draft" || s === "returned");

/** Dates given in the content that fall outside the period, as field paths. */
export function datesOutsidePeriod(content: SubmissionContent, period: string): string[] {
  const paths: string[] = [];
  content.activities.forEach((a, i) => {
    if (a.date && !dateInPeriod(a.date, period)) paths.push(`content.activities.${i}.date`);
  });
  content.hindrances.forEach((h, i) => {
    if (h.date && !dateInPeriod(h.date, period)) paths.push(`content.hindrances.${i}.date`);
  });
  return paths;
}
