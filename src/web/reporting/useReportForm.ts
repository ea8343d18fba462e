// The report form: a draft of the sections, "save draft" (PATCH with If-Match) and "submit" (save, then POST submit
// with the new version); missing sections and dates outside the period are named before anything is sent.
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { emptyContent, type Submission } from "../../modules/reporting/reporting.schema";
import { client, ifMatch, unwrap } from "../api";
import { type ConflictField, useEditForm } from "../ui/useEditForm";
import { checkDraft, contentOf, draftOf, type ReportDraft } from "./report-draft";

export function useReportForm(
  submission: Submission,
  onSaved: (saved: Submission, submitted: boolean) => void,
) {
  const { t } = useTranslation();
  const intent = useRef<"save" | "submit">("save");
  const { id } = submission;
  // Lists compare as the API sees them (without the items' React keys).
  const summary = (key: keyof ReportDraft) => (d: ReportDraft) => {
    const value = d[key];
    return typeof value === "string" ? value : JSON.stringify(contentOf(d)[key]);
  };
  const fields: ConflictField<ReportDraft>[] = (
    ["narrative", "activities", "indicators", "hindrances", "challenges", "plans"] as const
  ).map((key) => ({ key, label: t(`reports.sections.${key}`), show: summary(key) }));
  const form = useEditForm<Submission, ReportDraft, Submission>({
    record: submission,
    load: () => unwrap(client.api.submissions[":id"].$get({ param: { id } })),
    empty: () => draftOf(emptyContent()),
    toDraft: (s) => draftOf(s.content),
    versionOf: (s) => s.version,
    fields,
    validate: (draft) => checkDraft(draft, submission, intent.current === "submit"),
    save: async (draft, version) => {
      const saved = await unwrap(
        client.api.submissions[":id"].$patch({
          param: { id },
          header: ifMatch(version ?? submission.version),
          json: { content: contentOf(draft) },
        }),
      );
      if (intent.current !== "submit") return saved;
      return unwrap(
        client.api.submissions[":id"].submit.$post({ param: { id }, header: ifMatch(saved.version) }),
      );
    },
    onSaved: (saved) => {
      onSaved(saved, intent.current === "submit");
      return undefined;
    },
  });
  return {
    form,
    saveDraft: () => {
      intent.current = "save";
      return form.submit();
    },
    submitReport: () => {
      intent.current = "submit";
      return form.submit();
    },
  };
}
