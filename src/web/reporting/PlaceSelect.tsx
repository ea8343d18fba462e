// A place picker: the report's districts with their sectors first, then the other districts.
import { useTranslation } from "react-i18next";
import type { PlaceChoice } from "./useReportChoices";

type PlaceSelectProps = {
  places: readonly PlaceChoice[];
  value: string;
  onChange(value: string): void;
  control: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean };
};

export function PlaceSelect({ places, value, onChange, control }: PlaceSelectProps) {
  const { t } = useTranslation();
  const groups = [...new Set(places.map((p) => p.group))];
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t("common.choose")}</option>
      {groups.map((group) => (
        <optgroup key={group || "other"} label={group || t("reports.otherDistricts")}>
          {places
            .filter((p) => p.group === group)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}
