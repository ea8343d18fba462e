// Activities by place with people reached (women, men): one card per activity.
import { useTranslation } from "react-i18next";
import type { Addressee } from "../../modules/reporting/reporting.schema";
import { DateInput } from "../ui/DateInput";
import { Field } from "../ui/Field";
import type { EditForm } from "../ui/useEditForm";
import { PlaceSelect } from "./PlaceSelect";
import { type ActivityDraft, newActivity, type ReportDraft } from "./report-draft";
import { SectionFrame } from "./SectionFrame";
import type { ReportChoices } from "./useReportChoices";

type Props = {
  form: EditForm<ReportDraft>;
  addressees: readonly Addressee[];
  choices: ReportChoices;
  err(path: string): string | undefined;
};

export function ActivitiesSection({ form, addressees, choices, err }: Props) {
  const { t } = useTranslation();
  const { draft, setDraft } = form;
  const change = (i: number, patch: Partial<ActivityDraft>) =>
    setDraft((d) => ({ ...d, activities: d.activities.map((a, j) => (j === i ? { ...a, ...patch } : a)) }));
  const nothing = draft.nothingToReport.includes("activities");
  return (
    <SectionFrame
      section="activities"
      addressees={addressees}
      error={err("content.activities")}
      nothing={{
        checked: nothing && draft.activities.length === 0,
        disabled: draft.activities.length > 0,
        onChange: (on) =>
          setDraft((d) => ({
            ...d,
            nothingToReport: on
              ? [...d.nothingToReport, "activities"]
              : d.nothingToReport.filter((s) => s !== "activities"),
          })),
      }}
    >
      {draft.activities.map((a, i) => {
        const path = `content.activities.${i}`;
        return (
          <fieldset key={a.key} className="report-item">
            <legend>{t("reports.activityN", { n: i + 1 })}</legend>
            <Field label={t("reports.fields.description")} required error={err(`${path}.description`)}>
              {(p) => (
                <textarea
                  {...p}
                  rows={2}
                  value={a.description}
                  onChange={(e) => change(i, { description: e.target.value })}
                />
              )}
            </Field>
            <div className="form-row">
              <Field label={t("reports.fields.place")} required error={err(`${path}.placeId`)}>
                {(p) => (
                  <PlaceSelect
                    control={p}
                    places={choices.places}
                    value={a.placeId}
                    onChange={(placeId) => change(i, { placeId })}
                  />
                )}
              </Field>
              <Field label={t("reports.fields.date")} error={err(`${path}.date`)}>
                {(p) => <DateInput control={p} value={a.date} onChange={(date) => change(i, { date })} />}
              </Field>
            </div>
            <Field label={t("reports.fields.theme")} error={err(`${path}.themeCode`)}>
              {(p) => (
                <select {...p} value={a.themeCode} onChange={(e) => change(i, { themeCode: e.target.value })}>
                  <option value="">—</option>
                  {choices.themes.map((th) => (
                    <option key={th.code} value={th.code}>
                      {th.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div className="form-row report-counts">
              <Field label={t("reports.fields.women")} error={err(`${path}.women`)}>
                {(p) => (
                  <input
                    {...p}
                    inputMode="numeric"
                    value={a.women}
                    onChange={(e) => change(i, { women: e.target.value })}
                  />
                )}
              </Field>
              <Field label={t("reports.fields.men")} error={err(`${path}.men`)}>
                {(p) => (
                  <input
                    {...p}
                    inputMode="numeric"
                    value={a.men}
                    onChange={(e) => change(i, { men: e.target.value })}
                  />
                )}
              </Field>
              <Field
                label={t("reports.fields.peopleReached")}
                hint={t("reports.peopleReachedHint")}
                error={err(`${path}.peopleReached`)}
              >
                {(p) => (
                  <input
                    {...p}
                    inputMode="numeric"
                    value={a.peopleReached}
                    onChange={(e) => change(i, { peopleReached: e.target.value })}
                  />
                )}
              </Field>
            </div>
            <button
              type="button"
              className="link-button"
              onClick={() => setDraft((d) => ({ ...d, activities: d.activities.filter((_, j) => j !== i) }))}
            >
              {t("reports.removeActivity", { n: i + 1 })}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="button"
        onClick={() => setDraft((d) => ({ ...d, activities: [...d.activities, newActivity()] }))}
      >
        {t("reports.addActivity")}
      </button>
    </SectionFrame>
  );
}
