// What changed between two submitted versions of a report, section by section (pure, for the comparison view).
import {
  type AttachmentSummary,
  SECTION_KEYS,
  type SectionKey,
  type SubmissionContent,
} from "../../modules/reporting/reporting.schema";

type ListKey = "activities" | "indicators" | "hindrances";

export type SectionChange =
  | { section: "narrative" | "challenges" | "plans"; kind: "text"; before: string; after: string }
  | {
      section: ListKey;
      kind: "list";
      /** Items of the older version not in the newer one, and of the newer not in the older (by indices). */
      removed: number[];
      added: number[];
      nothingBefore: boolean;
      nothingAfter: boolean;
    };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Items compared whole: an edited item shows as the old one removed and the new one added. */
function listChange(
  section: ListKey,
  older: SubmissionContent,
  newer: SubmissionContent,
): SectionChange | null {
  const a: unknown[] = older[section];
  const b: unknown[] = newer[section];
  const removed = a.flatMap((item, i) => (b.some((x) => same(x, item)) ? [] : [i]));
  const added = b.flatMap((item, i) => (a.some((x) => same(x, item)) ? [] : [i]));
  const nothingBefore = older.nothingToReport.includes(section);
  const nothingAfter = newer.nothingToReport.includes(section);
  if (removed.length === 0 && added.length === 0 && nothingBefore === nothingAfter) return null;
  return { section, kind: "list", removed, added, nothingBefore, nothingAfter };
}

export function compareVersions(
  older: SubmissionContent,
  newer: SubmissionContent,
  sections: readonly SectionKey[] = SECTION_KEYS,
): SectionChange[] {
  const changes: SectionChange[] = [];
  for (const section of sections) {
    if (section === "attachments") continue; // files: compareAttachments
    if (section === "narrative" || section === "challenges" || section === "plans") {
      if (older[section] !== newer[section])
        changes.push({ section, kind: "text", before: older[section], after: newer[section] });
    } else {
      const change = listChange(section, older, newer);
      if (change) changes.push(change);
    }
  }
  return changes;
}

/** Files one version listed and the other did not, by name. */
export function compareAttachments(
  older: readonly AttachmentSummary[],
  newer: readonly AttachmentSummary[],
): { removed: string[]; added: string[] } {
  const ids = (list: readonly AttachmentSummary[]) => new Set(list.map((a) => a.id));
  const before = ids(older);
  const after = ids(newer);
  return {
    removed: older.filter((a) => !after.has(a.id)).map((a) => a.fileName),
    added: newer.filter((a) => !before.has(a.id)).map((a) => a.fileName),
  };
}
