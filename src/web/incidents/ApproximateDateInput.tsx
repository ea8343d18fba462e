// A date as precise as it is known: day, month and year as the app writes dates, where the day and the month may be
// left empty ("March 2026", "2026"). The value is the API's approximate date.
import { useTranslation } from "react-i18next";
import { monthNames } from "../../shared/dates";
import type { DateParts } from "../ui/date-parts";
import { useUiLocale } from "../ui/locale";
import { useValueParts } from "../ui/use-value-parts";
import { approximateDateOf, approximateDatePartsOf } from "./approximate-date";

type Props = {
  control: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean };
  value: string;
  onChange(value: string): void;
};

export function ApproximateDateInput({ control, value, onChange }: Props) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const [parts, change] = useValueParts<DateParts>(
    value,
    approximateDatePartsOf,
    approximateDateOf,
    onChange,
  );
  const { id, ...described } = control;
  return (
    <div className="date-input">
      <input
        {...control}
        className="date-input-day"
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
        aria-label={t("form.date.month")}
        value={parts.month}
        onChange={(e) => change({ month: e.target.value })}
      >
        <option value="">{t("incidents.form.monthUnknown")}</option>
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
