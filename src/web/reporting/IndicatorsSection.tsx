// Indicator values for the period: a programme, one of its indicators, the value and a note.
import { useTranslation } from "react-i18next";
import type { Addressee } from "../../modules/reporting/reporting.schema";
import { client, unwrap } from "../api";
import { Field } from "../ui/Field";
import { useAsync } from "../ui/useAsync";
import type { EditForm } from "../ui/useEditForm";
import { type IndicatorDraft, newIndicator, type ReportDraft } from "./report-draft";
import { SectionFrame } from "./SectionFrame";

type Props = {
  form: EditForm<ReportDraft>;
  addressees: readonly Addressee[];
  /** The reporting organisation: only the programmes it leads or implements are offered. */
  organisationId: string;
  err(path: string): string | undefined;
};

function IndicatorPicker({
  programmeId,
  value,
  onChange,
  control,
}: {
  programmeId: string;
  value: string;
  onChange(id: string): void;
  control: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean };
}) {
  const { t } = useTranslation();
  const programme = useAsync(
    () =>
      programmeId
        ? unwrap(client.api.programmes[":id"].$get({ param: { id: programmeId } }))
        : Promise.resolve(undefined),
    [programmeId],
  );
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t("common.choose")}</option>
      {programme.data?.indicators.map((ind) => (
        <option key={ind.id} value={ind.id}>
          {ind.title}
        </option>
      ))}
    </select>
  );
}

export function IndicatorsSection({ form, addressees, organisationId, err }: Props) {
  const { t } = useTranslation();
  const { draft, setDraft } = form;
  const programmes = useAsync(
    () => unwrap(client.api.programmes.$get({ query: { organisationId, limit: "200" } })),
    [organisationId],
  );
  const change = (i: number, patch: Partial<IndicatorDraft>) =>
    setDraft((d) => ({ ...d, indicators: d.indicators.map((v, j) => (j === i ? { ...v, ...patch } : v)) }));
  return (
    <SectionFrame
      section="indicators"
      addressees={addressees}
      error={err("content.indicators")}
      nothing={{
        checked: draft.nothingToReport.includes("indicators") && draft.indicators.length === 0,
        disabled: draft.indicators.length > 0,
        onChange: (on) =>
          setDraft((d) => ({
            ...d,
            nothingToReport: on
              ? [...d.nothingToReport, "indicators"]
              : d.nothingToReport.filter((s) => s !== "indicators"),
          })),
      }}
    >
      {draft.indicators.map((v, i) => {
        const path = `content.indicators.${i}`;
        return (
          <fieldset key={v.key} className="report-item">
            <legend>{t("reports.indicatorN", { n: i + 1 })}</legend>
            <Field label={t("reports.fields.programme")} required error={err(`${path}.programmeId`)}>
              {(p) => (
                <select
                  {...p}
                  value={v.programmeId}
                  onChange={(e) => change(i, { programmeId: e.target.value, indicatorId: "" })}
                >
                  <option value="">{t("common.choose")}</option>
                  {programmes.data?.items.map((pr) => (
                    <option key={pr.id} value={pr.id}>
                      {pr.title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("reports.fields.indicator")} required error={err(`${path}.indicatorId`)}>
              {(p) => (
                <IndicatorPicker
                  control={p}
                  programmeId={v.programmeId}
                  value={v.indicatorId}
                  onChange={(indicatorId) => change(i, { indicatorId })}
                />
              )}
            </Field>
            <div className="form-row">
              <Field label={t("reports.fields.value")} required error={err(`${path}.value`)}>
                {(p) => (
                  <input
                    {...p}
                    inputMode="decimal"
                    value={v.value}
                    onChange={(e) => change(i, { value: e.target.value })}
                  />
                )}
              </Field>
              <Field label={t("reports.fields.note")} error={err(`${path}.note`)}>
                {(p) => <input {...p} value={v.note} onChange={(e) => change(i, { note: e.target.value })} />}
              </Field>
            </div>
            <button
              type="button"
              className="link-button"
              onClick={() => setDraft((d) => ({ ...d, indicators: d.indicators.filter((_, j) => j !== i) }))}
            >
              {t("reports.removeIndicator", { n: i + 1 })}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="button"
        onClick={() => setDraft((d) => ({ ...d, indicators: [...d.indicators, newIndicator()] }))}
      >
        {t("reports.addIndicator")}
      </button>
    </SectionFrame>
  );
}
