// Sections of the indicator form: how it is measured (unit, calculation, baseline, disaggregation) and its targets.
import { useTranslation } from "react-i18next";
import {
  CALCULATIONS,
  type Calculation,
  DISAGGREGATIONS,
  INDICATOR_UNITS,
  type IndicatorUnit,
} from "../../modules/programmes/programmes.schema";
import { Field } from "../ui/Field";
import type { EditForm } from "../ui/useEditForm";
import { type IndicatorDraft, newTarget, sentTargets } from "./useIndicatorForm";

type SectionProps = { form: EditForm<IndicatorDraft>; err(path: string): string | undefined };

/** A percent is averaged as a percent and words keep the latest; leaving percent goes back to a sum. */
function calculationFor(unit: IndicatorUnit, current: Calculation): Calculation {
  if (unit === "percent") return "percent";
  if (unit === "text") return "latest";
  return current === "percent" ? "sum" : current;
}

export function IndicatorMeasureSection({ form, err }: SectionProps) {
  const { t } = useTranslation();
  const { draft, setDraft, set } = form;
  return (
    <>
      <div className="form-row">
        <Field label={t("programmes.fields.unit")} error={err("unit")}>
          {(p) => (
            <select
              {...p}
              value={draft.unit}
              onChange={(e) => {
                const unit = e.target.value as IndicatorUnit;
                setDraft((d) => ({ ...d, unit, calculation: calculationFor(unit, d.calculation) }));
              }}
            >
              {INDICATOR_UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`programmes.units.${u}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {draft.unit === "text" ? null : (
          <Field label={t("programmes.editing.calculation")} error={err("calculation")}>
            {(p) => (
              <select {...p} value={draft.calculation} onChange={set("calculation")}>
                {CALCULATIONS.map((c) => (
                  <option key={c} value={c}>
                    {t(`programmes.editing.calculations.${c}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <div className="form-row">
        {draft.unit === "text" ? (
          <Field label={t("programmes.editing.baselineText")} error={err("baselineText")}>
            {(p) => <input {...p} value={draft.baselineText} onChange={set("baselineText")} />}
          </Field>
        ) : (
          <Field label={t("programmes.baseline")} error={err("baselineValue")}>
            {(p) => (
              <input
                {...p}
                className="input-short"
                inputMode="decimal"
                value={draft.baselineValue}
                onChange={set("baselineValue")}
              />
            )}
          </Field>
        )}
        <Field label={t("programmes.editing.baselineDate")} error={err("baselineDate")}>
          {(p) => <input {...p} type="date" value={draft.baselineDate} onChange={set("baselineDate")} />}
        </Field>
      </div>
      <fieldset>
        <legend>{t("programmes.editing.disaggregations")}</legend>
        {DISAGGREGATIONS.map((d) => (
          <label key={d} className="check">
            <input
              type="checkbox"
              checked={draft.disaggregations.includes(d)}
              onChange={(e) =>
                setDraft((x) => ({
                  ...x,
                  disaggregations: e.target.checked
                    ? [...x.disaggregations, d]
                    : x.disaggregations.filter((y) => y !== d),
                }))
              }
            />
            {t(`programmes.editing.dimensions.${d}`)}
          </label>
        ))}
        {err("disaggregations") ? <p className="field-error">{err("disaggregations")}</p> : null}
      </fieldset>
    </>
  );
}

export function IndicatorTargetsSection({ form, err }: SectionProps) {
  const { t } = useTranslation();
  const { draft, setDraft } = form;
  const setTarget = (key: number, patch: Partial<IndicatorDraft["targets"][number]>) =>
    setDraft((d) => ({ ...d, targets: d.targets.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));
  const sent = sentTargets(draft).map((r) => r.key);
  return (
    <fieldset>
      <legend>{t("programmes.editing.targets")}</legend>
      {draft.targets.map((r) => {
        const i = sent.indexOf(r.key);
        return (
          <div className="form-row target-row" key={r.key} data-testid="target-row">
            <Field label={t("programmes.fields.periodStart")} error={err(`targets.${i}.periodStart`)}>
              {(p) => (
                <input
                  {...p}
                  type="date"
                  value={r.periodStart}
                  onChange={(e) => setTarget(r.key, { periodStart: e.target.value })}
                />
              )}
            </Field>
            <Field label={t("programmes.fields.periodEnd")} error={err(`targets.${i}.periodEnd`)}>
              {(p) => (
                <input
                  {...p}
                  type="date"
                  value={r.periodEnd}
                  onChange={(e) => setTarget(r.key, { periodEnd: e.target.value })}
                />
              )}
            </Field>
            <Field label={t("programmes.target")} error={err(`targets.${i}.value`)}>
              {(p) => (
                <input
                  {...p}
                  className="input-short"
                  inputMode="decimal"
                  value={r.value}
                  onChange={(e) => setTarget(r.key, { value: e.target.value })}
                />
              )}
            </Field>
            <button
              type="button"
              className="link-button"
              onClick={() => setDraft((d) => ({ ...d, targets: d.targets.filter((x) => x.key !== r.key) }))}
            >
              {t("programmes.editing.removeTarget")}
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="link-button"
        onClick={() => setDraft((d) => ({ ...d, targets: [...d.targets, newTarget()] }))}
      >
        {t("programmes.editing.addTarget")}
      </button>
      {err("targets") ? <p className="field-error">{err("targets")}</p> : null}
    </fieldset>
  );
}
