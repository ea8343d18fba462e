// A date field as the app writes dates (day, month by name, year) in the interface language, instead of the
// browser's own date picker, which shows mm/dd/yyyy to an English-language browser whatever the page's language.
import { useTranslation } from "react-i18next";
import { monthNames } from "../../shared/dates";
import { type DateParts, datePartsOf, isoDateOf } from "./date-parts";
import { useUiLocale } from "./locale";
import { useValueParts } from "./use-value-parts";

type DateInputProps = {
  /** From Field: the id goes on the day, which the field's label names; month and year say what they are. */
  control: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean };
  value: string;
  onChange(value: string): void;
  disabled?: boolean;
};

export function DateInput({ control, value, onChange, disabled }: DateInputProps) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  // A value set from outside (a draft restored, a conflict resolved) replaces what was typed.
  const [parts, change] = useValueParts<DateParts>(value, datePartsOf, isoDateOf, onChange);
  const { id, ...described } = control;
  return (
    <div className="date-input">
      <input
        {...control}
        className="date-input-day"
        disabled={disabled}
        inputMode="numeric"
        autoComplete="off"
        maxLength={2}
        placeholder={t("form.date.day")}
        value={parts.day}
        onChange={(e) => change({ day: e.target.value })}
      />
      <select
        {...described}
        id={`${id}-month`}
        className="date-input-month"
        disabled={disabled}
        aria-label={t("form.date.month")}
        value={parts.month}
        onChange={(e) => change({ month: e.target.value })}
      >
        <option value="">{t("form.date.month")}</option>
        {monthNames(locale).map((name, i) => (
          <option key={name} value={String(i + 1)}>
            {name}
          </option>
        ))}
      </select>
      <input
        {...described}
        id={`${id}-year`}
        className="date-input-year"
        disabled={disabled}
        inputMode="numeric"
        autoComplete="off"
        maxLength={4}
        placeholder={t("form.date.year")}
        aria-label={t("form.date.year")}
        value={parts.year}
        onChange={(e) => change({ year: e.target.value })}
      />
    </div>
  );
}
