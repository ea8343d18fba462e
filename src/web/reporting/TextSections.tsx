// The free-text sections of a report: narrative, challenges, plans.
import { useTranslation } from "react-i18next";
import type { Addressee } from "../../modules/reporting/reporting.schema";
import { Field } from "../ui/Field";
import type { EditForm } from "../ui/useEditForm";
import type { ReportDraft } from "./report-draft";
import { SectionFrame } from "./SectionFrame";

type TextSectionProps = {
  section: "narrative" | "challenges" | "plans";
  form: EditForm<ReportDraft>;
  addressees: readonly Addressee[];
  err(path: string): string | undefined;
};

export function TextSection({ section, form, addressees, err }: TextSectionProps) {
  const { t } = useTranslation();
  return (
    <SectionFrame section={section} addressees={addressees} error={err(`content.${section}`)}>
      <Field label={t(`reports.sectionPrompts.${section}`)}>
        {(p) => (
          <textarea
            {...p}
            rows={section === "narrative" ? 6 : 3}
            value={form.draft[section]}
            onChange={form.set(section)}
          />
        )}
      </Field>
    </SectionFrame>
  );
}
