// The controlled list of themes as checkboxes, for every form that tags its record with themes.

import { useId } from "react";
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
  const errorId = useId();
  const describedBy = props.error ? errorId : undefined;
  return (
    // The error is read with the group and with each box, the first of which takes focus after a refused save.
    <fieldset aria-describedby={describedBy}>
      <legend>{props.legend}</legend>
      <div className="check-grid">
        {props.themes.map((th) => (
          <label key={th.code} className="check">
            <input
              type="checkbox"
              aria-invalid={props.error ? true : undefined}
              aria-describedby={describedBy}
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
      {props.error ? (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}
