// Hindrances to access to justice and human-rights concerns as structured items, written without names.
import { useTranslation } from "react-i18next";
import {
  type Addressee,
  HINDRANCE_KINDS,
  HINDRANCE_STATUSES,
  REPORTED_TO,
} from "../../modules/reporting/reporting.schema";
import { DateInput } from "../ui/DateInput";
import { Field } from "../ui/Field";
import type { EditForm } from "../ui/useEditForm";
import { PlaceSelect } from "./PlaceSelect";
import { type HindranceDraft, newHindrance, type ReportDraft } from "./report-draft";
import { SectionFrame } from "./SectionFrame";
import type { ReportChoices } from "./useReportChoices";

type Props = {
  form: EditForm<ReportDraft>;
  addressees: readonly Addressee[];
  choices: ReportChoices;
  err(path: string): string | undefined;
};

export function HindrancesSection({ form, addressees, choices, err }: Props) {
  const { t } = useTranslation();
  const { draft, setDraft } = form;
  const change = (i: number, patch: Partial<HindranceDraft>) =>
    setDraft((d) => ({ ...d, hindrances: d.hindrances.map((h, j) => (j === i ? { ...h, ...patch } : h)) }));
  return (
    <SectionFrame
      section="hindrances"
      addressees={addressees}
      error={err("content.hindrances")}
      nothing={{
        checked: draft.nothingToReport.includes("hindrances") && draft.hindrances.length === 0,
        disabled: draft.hindrances.length > 0,
        onChange: (on) =>
          setDraft((d) => ({
            ...d,
            nothingToReport: on
              ? [...d.nothingToReport, "hindrances"]
              : d.nothingToReport.filter((s) => s !== "hindrances"),
          })),
      }}
    >
      <p className="alert alert-warning">{t("reports.noNames")}</p>
      {draft.hindrances.map((h, i) => {
        const path = `content.hindrances.${i}`;
        return (
          <fieldset key={h.key} className="report-item">
            <legend>{t("reports.hindranceN", { n: i + 1 })}</legend>
            <div className="form-row">
              <Field label={t("reports.fields.kind")} error={err(`${path}.kind`)}>
                {(p) => (
                  <select
                    {...p}
                    value={h.kind}
                    onChange={(e) => change(i, { kind: e.target.value as HindranceDraft["kind"] })}
                  >
                    {HINDRANCE_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`reports.hindranceKinds.${k}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t("reports.fields.status")} error={err(`${path}.status`)}>
                {(p) => (
                  <select
                    {...p}
                    value={h.status}
                    onChange={(e) => change(i, { status: e.target.value as HindranceDraft["status"] })}
                  >
                    {HINDRANCE_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {t(`reports.hindranceStatuses.${s}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <Field
              label={t("reports.fields.whatHappened")}
              hint={t("reports.noNamesHint")}
              required
              error={err(`${path}.description`)}
            >
              {(p) => (
                <textarea
                  {...p}
                  rows={3}
                  value={h.description}
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
                    value={h.placeId}
                    onChange={(placeId) => change(i, { placeId })}
                  />
                )}
              </Field>
              <Field label={t("reports.fields.date")} error={err(`${path}.date`)}>
                {(p) => <DateInput control={p} value={h.date} onChange={(date) => change(i, { date })} />}
              </Field>
            </div>
            <Field label={t("reports.fields.theme")} error={err(`${path}.themeCode`)}>
              {(p) => (
                <select {...p} value={h.themeCode} onChange={(e) => change(i, { themeCode: e.target.value })}>
                  <option value="">—</option>
                  {choices.themes.map((th) => (
                    <option key={th.code} value={th.code}>
                      {th.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <fieldset className="report-reported-to">
              <legend>{t("reports.fields.reportedTo")}</legend>
              <div className="check-grid">
                {REPORTED_TO.map((r) => (
                  <label key={r} className="check">
                    <input
                      type="checkbox"
                      checked={h.reportedTo.includes(r)}
                      onChange={(e) =>
                        change(i, {
                          reportedTo: e.target.checked
                            ? [...h.reportedTo, r]
                            : h.reportedTo.filter((x) => x !== r),
                        })
                      }
                    />
                    <span>{t(`reports.reportedTo.${r}`)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <button
              type="button"
              className="link-button"
              onClick={() => setDraft((d) => ({ ...d, hindrances: d.hindrances.filter((_, j) => j !== i) }))}
            >
              {t("reports.removeHindrance", { n: i + 1 })}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="button"
        onClick={() => setDraft((d) => ({ ...d, hindrances: [...d.hindrances, newHindrance()] }))}
      >
        {t("reports.addHindrance")}
      </button>
    </SectionFrame>
  );
}
