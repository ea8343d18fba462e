// A search field that offers matches to choose from, after the ARIA practices' combobox with a list box: the field
// keeps the focus while the arrow keys move through the matches (aria-activedescendant), Enter chooses, Escape clears;
// how many matches there are is announced; a click on a match leaves the focus in the field, ready for the next.
import { type ReactNode, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "./Field";

export type ComboboxOption = {
  key: string;
  /** What the option shows. */
  content: ReactNode;
  choose(): void;
};

type Props = {
  label: string;
  value: string;
  onValueChange(value: string): void;
  /** The matches for `value`; undefined while they load (nothing is announced then). */
  options: ComboboxOption[] | undefined;
  /** Fewer characters than this: no matches are looked for, and none are offered. */
  minLength?: number;
  hint?: string;
  error?: string;
  required?: boolean;
  placeholder?: string;
};

export function Combobox({
  label,
  value,
  onValueChange,
  options,
  minLength = 2,
  hint,
  error,
  required,
  placeholder,
}: Props) {
  const { t } = useTranslation();
  const listId = useId();
  const [active, setActive] = useState(-1);
  const searching = value.trim().length >= minLength;
  const shown = searching ? (options ?? []) : [];
  const open = searching && shown.length > 0;
  // A new list: nothing is highlighted until the reader moves into it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new list of matches resets the highlight
  useEffect(() => setActive(-1), [options]);
  const optionId = (i: number) => `${listId}-${i}`;
  const choose = (option: ComboboxOption | undefined) => {
    if (!option) return;
    option.choose();
    setActive(-1);
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" && shown.length > 0) {
      e.preventDefault();
      setActive((i) => (i + 1) % shown.length);
    } else if (e.key === "ArrowUp" && shown.length > 0) {
      e.preventDefault();
      setActive((i) => (i <= 0 ? shown.length - 1 : i - 1));
    } else if (e.key === "Enter" && open && active >= 0) {
      // Enter chooses the highlighted match; it must not send the form around the field.
      e.preventDefault();
      choose(shown[active]);
    } else if (e.key === "Escape" && value) {
      e.preventDefault();
      onValueChange("");
    }
  };
  const announcement = !searching
    ? ""
    : options === undefined
      ? ""
      : t("common.matchCount", { count: options.length });
  return (
    <div className="combobox">
      <Field label={label} hint={hint} error={error} required={required}>
        {(p) => (
          <input
            {...p}
            type="search"
            role="combobox"
            autoComplete="off"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={open ? listId : undefined}
            aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
            value={value}
            placeholder={placeholder}
            onChange={(e) => onValueChange(e.target.value)}
            onKeyDown={onKeyDown}
          />
        )}
      </Field>
      {open ? (
        <div id={listId} role="listbox" aria-label={t("common.suggestions")} className="suggestions">
          {shown.map((option, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the field's (arrows, Enter), as the pattern has it
            <div
              key={option.key}
              id={optionId(i)}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? "suggestion suggestion-active" : "suggestion"}
              // The field keeps the focus: a press does not take it, the click then chooses.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(option)}
            >
              {option.content}
            </div>
          ))}
        </div>
      ) : null}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
