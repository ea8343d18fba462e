// The sections a report's obligations require, editable: save a draft, or submit to every body it is due to; what
// the device holds of it (kept, waiting for the connection) is said above the buttons.
import { lazy, Suspense, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { DEFAULT_SECTIONS, type SectionKey, type Submission } from "../../modules/reporting/reporting.schema";
import { fieldErrorText } from "../ui/errors";
import { FormFailure } from "../ui/FormFailure";
import { ActivitiesSection } from "./ActivitiesSection";
import type { DeviceDraft } from "./device-draft";
import { HindrancesSection } from "./HindrancesSection";
import { IndicatorsSection } from "./IndicatorsSection";
import { TextSection } from "./TextSections";
import type { ReportChoices } from "./useReportChoices";
import { useReportForm } from "./useReportForm";

// The comparison shown after a 412 loads when one happens (the route's size budget, decision 018); the service
// worker keeps it with the shell, so it also opens offline.
const EditConflict = lazy(() => import("../ui/EditConflict").then((m) => ({ default: m.EditConflict })));

type ReportFormProps = {
  submission: Submission;
  /** This user's draft of the report kept on the device, if any. */
  kept: DeviceDraft | null;
  userId: string;
  choices: ReportChoices;
  onSaved(saved: Submission, submitted: boolean): void;
  /** A 412 came back: an earlier "saved" no longer describes the form. */
  onConflict(): void;
};

export const sectionsOf = (s: Submission): readonly SectionKey[] =>
  s.requiredSections.length > 0 ? s.requiredSections : DEFAULT_SECTIONS;

export function ReportForm({ submission, kept, userId, choices, onSaved, onConflict }: ReportFormProps) {
  const { t } = useTranslation();
  const { form, online, device, saveDraft, submitReport } = useReportForm(
    submission,
    kept,
    userId,
    choices,
    onSaved,
  );
  const conflicted = form.conflict !== null;
  const conflictSeen = useRef(onConflict);
  conflictSeen.current = onConflict;
  useEffect(() => {
    if (conflicted) conflictSeen.current();
  }, [conflicted]);
  const err = (path: string) => {
    const e = form.fieldError(path);
    return e ? fieldErrorText(t, e) : undefined;
  };
  const { addressees } = submission;
  const toSubmit = addressees.filter((a) => a.status === "draft" || a.status === "returned");
  return (
    <form
      className="form report-form"
      noValidate
      aria-label={t("reports.formLabel")}
      onSubmit={(e) => {
        e.preventDefault();
        void submitReport();
      }}
    >
      {sectionsOf(submission).map((section) => {
        switch (section) {
          case "narrative":
          case "challenges":
          case "plans":
            return (
              <TextSection key={section} section={section} form={form} addressees={addressees} err={err} />
            );
          case "activities":
            return (
              <ActivitiesSection
                key={section}
                form={form}
                addressees={addressees}
                choices={choices}
                err={err}
              />
            );
          case "hindrances":
            return (
              <HindrancesSection
                key={section}
                form={form}
                addressees={addressees}
                choices={choices}
                err={err}
              />
            );
          case "indicators":
            return (
              <IndicatorsSection
                key={section}
                form={form}
                addressees={addressees}
                organisationId={submission.organisationId}
                err={err}
              />
            );
          default:
            return null;
        }
      })}
      <FormFailure failure={form.failure} staleText={t("reports.stale")} />
      {form.conflict ? (
        <Suspense fallback={null}>
          <EditConflict
            conflict={form.conflict}
            choose={form.choose}
            changesTitle={t("form.conflict.othersChanges")}
            fieldLabel={(field) => t(`reports.sections.${field}`, { defaultValue: field })}
          />
        </Suspense>
      ) : null}
      {form.conflict && form.conflict.rows.length > 1 ? (
        <div className="form-actions">
          {(["mine", "theirs"] as const).map((choice) => (
            <button
              key={choice}
              type="button"
              className="button"
              onClick={() => {
                for (const row of form.conflict?.rows ?? []) form.choose(row.key, choice);
              }}
            >
              {t(`reports.device.all.${choice}`)}
            </button>
          ))}
        </div>
      ) : null}
      {!online || device !== "none" ? (
        <p className="alert alert-warning device-draft" role="status" data-testid="device-draft">
          {!online ? `${t("reports.device.offline")} ` : null}
          {device !== "none" ? t(`reports.device.${device}`) : null}
        </p>
      ) : null}
      <div className="form-actions report-actions">
        <button type="button" className="button" disabled={form.saving} onClick={() => void saveDraft()}>
          {form.saving ? t("common.working") : t("reports.saveDraft")}
        </button>
        <button type="submit" className="button button-primary" disabled={form.saving}>
          {t("reports.submitTo", { bodies: toSubmit.map((a) => a.bodyName).join(", ") })}
        </button>
      </div>
    </form>
  );
}
