// The sections an obligation asks for, as checkboxes.
import { useTranslation } from "react-i18next";
import { SECTION_KEYS, type SectionKey } from "../../modules/reporting/reporting.schema";

export function SectionChecklist({
  value,
  onChange,
  error,
}: {
  value: readonly SectionKey[];
  onChange(next: SectionKey[]): void;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className={error ? "field field-invalid" : "field"}>
      <legend>{t("reports.obligations.sections")}</legend>
      <div className="check-grid">
        {SECTION_KEYS.map((s) => (
          <label key={s} className="check">
            <input
              type="checkbox"
              checked={value.includes(s)}
              onChange={(e) =>
                onChange(
                  e.target.checked
                    ? SECTION_KEYS.filter((k) => k === s || value.includes(k))
                    : value.filter((k) => k !== s),
                )
              }
            />
            <span>{t(`reports.sections.${s}`)}</span>
          </label>
        ))}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
