// Adds an indicator (from the sector library or custom) or edits one: level, unit, calculation, baseline,
// disaggregation and targets per period (rows added and removed). The server's rules name each bad field.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  CALCULATIONS,
  type Calculation,
  DISAGGREGATIONS,
  type Disaggregation,
  INDICATOR_UNITS,
  type Indicator,
  type IndicatorUnit,
  type ProgrammeDetail,
} from "../../modules/programmes/programmes.schema";
import type { FieldError } from "../../shared/app-errors";
import { ApiError, client, unwrap } from "../api";
import { errorsByPath, errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { programmeFieldError } from "./ProgrammeBits";

type TargetRow = { key: number; periodStart: string; periodEnd: string; value: string };
let nextKey = 0;
const newTarget = (periodStart = "", periodEnd = "", value = ""): TargetRow => ({
  key: nextKey++,
  periodStart,
  periodEnd,
  value,
});
const toNumber = (s: string) => (s.trim() === "" ? null : Number(s.replace(/[\s,]/g, "")));

export function IndicatorForm({
  programme,
  indicator,
  onSaved,
  onCancel,
}: {
  programme: ProgrammeDetail;
  /** The indicator to edit; none to add one. */
  indicator?: Indicator;
  onSaved(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const library = useAsync(
    () =>
      indicator ? Promise.resolve({ items: [] }) : unwrap(client.api.programmes["indicator-library"].$get()),
    [indicator],
  );
  const [libraryCode, setLibraryCode] = useState(indicator?.libraryCode ?? "");
  const [title, setTitle] = useState(indicator?.title ?? "");
  const [logframeItemId, setItem] = useState(indicator?.logframeItemId ?? programme.logframe[0]?.id ?? "");
  const [unit, setUnit] = useState<IndicatorUnit>(indicator?.unit ?? "people");
  const [calculation, setCalculation] = useState<Calculation>(indicator?.calculation ?? "sum");
  const [baselineValue, setBaselineValue] = useState(
    indicator?.baselineValue == null ? "" : String(indicator.baselineValue),
  );
  const [baselineText, setBaselineText] = useState(indicator?.baselineText ?? "");
  const [baselineDate, setBaselineDate] = useState(indicator?.baselineDate ?? "");
  const [dimensions, setDimensions] = useState<Disaggregation[]>(
    indicator?.disaggregations ?? ["sex", "category"],
  );
  const [targets, setTargets] = useState<TargetRow[]>(() =>
    indicator
      ? indicator.targets.map((x) => newTarget(x.periodStart, x.periodEnd, String(x.value)))
      : [newTarget(programme.startDate, programme.endDate)],
  );
  const [errors, setErrors] = useState<FieldError[]>([]);
  /** The rows sent, in order: the server's targets.N errors name the Nth of these, not the Nth row shown. */
  const [sentKeys, setSentKeys] = useState<number[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const byPath = errorsByPath(errors);
  const err = (path: string) => (byPath[path] ? programmeFieldError(t, byPath[path]) : undefined);
  const setTarget = (key: number, patch: Partial<TargetRow>) =>
    setTargets((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const pickFromLibrary = (code: string) => {
    setLibraryCode(code);
    const entry = library.data?.items.find((e) => e.code === code);
    if (!entry) return;
    setTitle(entry.names[locale]);
    setUnit(entry.unit);
    setCalculation(entry.calculation);
    setDimensions(entry.disaggregations);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors([]);
    setFailure(null);
    setBusy(true);
    const text = unit === "text";
    const sent = targets.filter((r) => r.value.trim() !== "");
    setSentKeys(sent.map((r) => r.key));
    const body = {
      logframeItemId,
      title,
      unit,
      calculation,
      baselineValue: text ? null : toNumber(baselineValue),
      baselineText: text ? baselineText || null : null,
      baselineDate: baselineDate || null,
      disaggregations: dimensions,
      // A row with no value is no target; a typed value goes to the server, which names what is wrong.
      targets: sent.map((r) => ({
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        value: toNumber(r.value) ?? 0,
      })),
    };
    try {
      if (indicator)
        await unwrap(
          client.api.programmes[":id"].indicators[":indicatorId"].$patch({
            param: { id: programme.id, indicatorId: indicator.id },
            json: body,
          }),
        );
      else
        await unwrap(
          client.api.programmes[":id"].indicators.$post({
            param: { id: programme.id },
            json: { ...body, libraryCode: libraryCode || null },
          }),
        );
      onSaved();
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors);
      setFailure(errorText(t, error));
    } finally {
      setBusy(false);
    }
  };

  const heading = indicator ? t("programmes.editing.editIndicator") : t("programmes.addIndicator");
  return (
    <form className="form form-inline-card" onSubmit={submit} noValidate aria-label={heading}>
      <h3>{heading}</h3>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      ) : null}
      {indicator ? null : (
        <Field label={t("programmes.editing.fromLibrary")} hint={t("programmes.editing.libraryHint")}>
          {(p) => (
            <select {...p} value={libraryCode} onChange={(e) => pickFromLibrary(e.target.value)}>
              <option value="">{t("programmes.editing.customIndicator")}</option>
              {library.data?.items.map((entry) => (
                <option key={entry.code} value={entry.code}>
                  {entry.names[locale]}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label={t("programmes.indicator")} error={err("title")} required>
        {(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <Field label={t("programmes.fields.level")} error={err("logframeItemId")}>
        {(p) => (
          <select {...p} value={logframeItemId} onChange={(e) => setItem(e.target.value)}>
            {programme.logframe.map((i) => (
              <option key={i.id} value={i.id}>
                {t(`programmes.levels.${i.level}`)}: {i.text.slice(0, 60)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="form-row">
        <Field label={t("programmes.fields.unit")} error={err("unit")}>
          {(p) => (
            <select
              {...p}
              value={unit}
              onChange={(e) => {
                const next = e.target.value as IndicatorUnit;
                setUnit(next);
                if (next === "percent") setCalculation("percent");
                else if (next === "text") setCalculation("latest");
                else if (calculation === "percent") setCalculation("sum");
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
        {unit === "text" ? null : (
          <Field label={t("programmes.editing.calculation")} error={err("calculation")}>
            {(p) => (
              <select
                {...p}
                value={calculation}
                onChange={(e) => setCalculation(e.target.value as Calculation)}
              >
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
        {unit === "text" ? (
          <Field label={t("programmes.editing.baselineText")} error={err("baselineText")}>
            {(p) => <input {...p} value={baselineText} onChange={(e) => setBaselineText(e.target.value)} />}
          </Field>
        ) : (
          <Field label={t("programmes.baseline")} error={err("baselineValue")}>
            {(p) => (
              <input
                {...p}
                className="input-short"
                inputMode="decimal"
                value={baselineValue}
                onChange={(e) => setBaselineValue(e.target.value)}
              />
            )}
          </Field>
        )}
        <Field label={t("programmes.editing.baselineDate")} error={err("baselineDate")}>
          {(p) => (
            <input
              {...p}
              type="date"
              value={baselineDate}
              onChange={(e) => setBaselineDate(e.target.value)}
            />
          )}
        </Field>
      </div>
      <fieldset>
        <legend>{t("programmes.editing.disaggregations")}</legend>
        {DISAGGREGATIONS.map((d) => (
          <label key={d} className="check">
            <input
              type="checkbox"
              checked={dimensions.includes(d)}
              onChange={(e) =>
                setDimensions((all) => (e.target.checked ? [...all, d] : all.filter((x) => x !== d)))
              }
            />
            {t(`programmes.editing.dimensions.${d}`)}
          </label>
        ))}
        {err("disaggregations") ? <p className="field-error">{err("disaggregations")}</p> : null}
      </fieldset>
      <fieldset>
        <legend>{t("programmes.editing.targets")}</legend>
        {targets.map((r) => {
          const i = sentKeys.indexOf(r.key);
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
                onClick={() => setTargets((all) => all.filter((x) => x.key !== r.key))}
              >
                {t("programmes.editing.removeTarget")}
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className="link-button"
          onClick={() => setTargets((all) => [...all, newTarget()])}
        >
          {t("programmes.editing.addTarget")}
        </button>
        {err("targets") ? <p className="field-error">{err("targets")}</p> : null}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {indicator ? t("common.save") : t("programmes.add")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
