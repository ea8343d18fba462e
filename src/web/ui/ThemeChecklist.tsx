// The controlled list of themes as checkboxes, for every form that tags its record with themes.
import type { Theme } from "../../modules/agreements/agreements.schema";
import { useUiLocale } from "./locale";

export function ThemeChecklist(props: {
  legend: string;
  themes: readonly Theme[];
  selected: readonly string[];
  error?: string;
  onChange(codes: string[]): void;
}) {
  const locale = useUiLocale();
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <div className="check-grid">
        {props.themes.map((th) => (
          <label key={th.code} className="check">
            <input
              type="checkbox"
              checked={props.selected.includes(th.code)}
              onChange={(e) =>
                props.onChange(
                  e.target.checked
                    ? [...props.selected, th.code]
                    : props.selected.filter((c) => c !== th.code),
                )
              }
            />
            {th.names[locale]}
          </label>
        ))}
      </div>
      {props.error ? <p className="field-error">{props.error}</p> : null}
    </fieldset>
  );
}
