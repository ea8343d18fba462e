// Adds an indicator (from the sector library or custom) or edits one: level, unit, calculation, baseline,
// disaggregation and targets per period (rows added and removed). The server's rules name each bad field.
import { useTranslation } from "react-i18next";
import type { Indicator, ProgrammeDetail } from "../../modules/programmes/programmes.schema";
import { client, unwrap } from "../api";
import { EditConflict, FormFailure } from "../ui/EditConflict";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { IndicatorMeasureSection, IndicatorTargetsSection } from "./IndicatorFormSections";
import { programmeFieldError } from "./ProgrammeBits";
import { useIndicatorForm } from "./useIndicatorForm";

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
  const form = useIndicatorForm(programme, indicator, onSaved);
  const { draft, setDraft, set } = form;
  const err = (path: string) => {
    const e = form.fieldError(path);
    return e ? programmeFieldError(t, e) : undefined;
  };
  const pickFromLibrary = (code: string) => {
    const entry = library.data?.items.find((e) => e.code === code);
    setDraft((d) =>
      entry
        ? {
            ...d,
            libraryCode: code,
            title: entry.names[locale],
            unit: entry.unit,
            calculation: entry.calculation,
            disaggregations: entry.disaggregations,
          }
        : { ...d, libraryCode: code },
    );
  };

  const heading = indicator ? t("programmes.editing.editIndicator") : t("programmes.addIndicator");
  return (
    <form className="form form-inline-card" onSubmit={form.submit} noValidate aria-label={heading}>
      <h3>{heading}</h3>
      <FormFailure failure={form.failure} />
      {indicator ? null : (
        <Field label={t("programmes.editing.fromLibrary")} hint={t("programmes.editing.libraryHint")}>
          {(p) => (
            <select {...p} value={draft.libraryCode} onChange={(e) => pickFromLibrary(e.target.value)}>
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
        {(p) => <input {...p} value={draft.title} onChange={set("title")} />}
      </Field>
      <Field label={t("programmes.fields.level")} error={err("logframeItemId")}>
        {(p) => (
          <select {...p} value={draft.logframeItemId} onChange={set("logframeItemId")}>
            {programme.logframe.map((i) => (
              <option key={i.id} value={i.id}>
                {t(`programmes.levels.${i.level}`)}: {i.text.slice(0, 60)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <IndicatorMeasureSection form={form} err={err} />
      <IndicatorTargetsSection form={form} err={err} />
      <EditConflict
        conflict={form.conflict}
        choose={form.choose}
        changesTitle={t("programmes.editing.othersChanges")}
        fieldLabel={(field) => t(`programmes.fields.${field}`, { defaultValue: field })}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.saving}>
          {indicator ? t("common.save") : t("programmes.add")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
