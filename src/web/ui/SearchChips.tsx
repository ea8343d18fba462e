// Records chosen by searching for them: each chosen one a removable chip, a search field offering matches. With
// `max={1}` it picks one record (a lesson's programme): the search field goes away once one is chosen, and comes back
// when its chip is removed.
import { useRef, useState } from "react";
import { Combobox } from "./Combobox";
import { RemovableChip } from "./RemovableChip";
import { useAsync } from "./useAsync";

export type Chosen = { id: string; name: string };
export type SearchMatch = Chosen & { detail?: string };

export function SearchChips({
  legend,
  searchLabel,
  chosen,
  onChange,
  search,
  max,
  error,
  hint,
  required,
}: {
  legend: string;
  searchLabel: string;
  chosen: readonly Chosen[];
  onChange(chosen: Chosen[]): void;
  /** Matches for at least two typed characters. */
  search(q: string): Promise<SearchMatch[]>;
  max?: number;
  error?: string | undefined;
  hint?: string;
  /** At least one must be chosen: marked as the form's other required fields are. */
  required?: boolean;
}) {
  const [q, setQ] = useState("");
  const group = useRef<HTMLFieldSetElement>(null);
  const matches = useAsync(() => (q.trim().length < 2 ? Promise.resolve([]) : search(q)), [q]);
  const full = max !== undefined && chosen.length >= max;
  return (
    <fieldset ref={group}>
      <legend>
        {legend}
        {required ? <span aria-hidden="true"> *</span> : null}
      </legend>
      {chosen.length > 0 ? (
        <div className="chips">
          {chosen.map((c) => (
            <RemovableChip
              key={c.id}
              name={c.name}
              onRemove={() => onChange(chosen.filter((x) => x.id !== c.id))}
              searchIn={group}
            />
          ))}
        </div>
      ) : null}
      {full ? null : (
        <Combobox
          label={searchLabel}
          value={q}
          onValueChange={setQ}
          error={error}
          required={required}
          {...(hint ? { hint } : {})}
          options={
            matches.loading
              ? undefined
              : matches.data
                  ?.filter((m) => !chosen.some((c) => c.id === m.id))
                  .map((m) => ({
                    key: m.id,
                    content: (
                      <>
                        {m.name}
                        {m.detail ? <span className="muted"> ({m.detail})</span> : null}
                      </>
                    ),
                    choose: () => {
                      onChange([...chosen, { id: m.id, name: m.name }]);
                      setQ("");
                    },
                  }))
          }
        />
      )}
    </fieldset>
  );
}
