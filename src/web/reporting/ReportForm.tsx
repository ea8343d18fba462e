// The sections a report's obligations require, editable: save a draft, or submit to every body it is due to.
import { useTranslation } from "react-i18next";
import { DEFAULT_SECTIONS, type SectionKey, type Submission } from "../../modules/reporting/reporting.schema";
import { EditConflict, FormFailure } from "../ui/EditConflict";
import { fieldErrorText } from "../ui/errors";
import { ActivitiesSection } from "./ActivitiesSection";
import { HindrancesSection } from "./HindrancesSection";
import { IndicatorsSection } from "./IndicatorsSection";
import { TextSection } from "./TextSections";
import type { ReportChoices } from "./useReportChoices";
import { useReportForm } from "./useReportForm";

type ReportFormProps = {
  submission: Submission;
  choices: ReportChoices;
  onSaved(saved: Submission, submitted: boolean): void;
};

export const sectionsOf = (s: Submission): readonly SectionKey[] =>
  s.requiredSections.length > 0 ? s.requiredSections : DEFAULT_SECTIONS;

export function ReportForm({ submission, choices, onSaved }: ReportFormProps) {
  const { t } = useTranslation();
  const { form, saveDraft, submitReport } = useReportForm(submission, onSaved);
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
            return <IndicatorsSection key={section} form={form} addressees={addressees} err={err} />;
          default:
            return null;
        }
      })}
      <FormFailure failure={form.failure} staleText={t("reports.stale")} />
      <EditConflict
        conflict={form.conflict}
        choose={form.choose}
        changesTitle={t("form.conflict.othersChanges")}
        fieldLabel={(field) => t(`reports.sections.${field}`, { defaultValue: field })}
      />
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
