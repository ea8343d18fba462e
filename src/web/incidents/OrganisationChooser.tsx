// Organisations found by name and chosen as chips: the bodies a consent allows sharing with, a provider's organisation.
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, unwrap } from "../api";
import { Combobox } from "../ui/Combobox";
import { RemovableChip } from "../ui/RemovableChip";
import { useAsync } from "../ui/useAsync";

export type ChosenOrganisation = { id: string; name: string };

type Props = {
  label: string;
  chosen: ChosenOrganisation[];
  onChange(chosen: ChosenOrganisation[]): void;
  /** One organisation only: choosing another replaces it. */
  single?: boolean;
  error?: string;
  required?: boolean;
};

export function OrganisationChooser({ label, chosen, onChange, single = false, error, required }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const holder = useRef<HTMLDivElement>(null);
  const found = useAsync(
    () =>
      q.trim().length < 2
        ? Promise.resolve({ items: [], total: 0 })
        : unwrap(client.api.organisations.$get({ query: { q, limit: "8" } })),
    [q],
  );
  const choose = (o: ChosenOrganisation) => {
    onChange(single ? [o] : [...chosen.filter((c) => c.id !== o.id), o]);
    setQ("");
  };
  return (
    <div ref={holder}>
      {chosen.length > 0 ? (
        <ul className="chips plain-list">
          {chosen.map((o) => (
            <RemovableChip
              key={o.id}
              as="li"
              name={o.name}
              onRemove={() => onChange(chosen.filter((c) => c.id !== o.id))}
              searchIn={holder}
            />
          ))}
        </ul>
      ) : null}
      {single && chosen.length > 0 ? null : (
        <Combobox
          label={label}
          hint={t("incidents.organisations.hint")}
          error={error}
          required={required}
          value={q}
          onValueChange={setQ}
          options={
            found.loading
              ? undefined
              : found.data?.items.map((o) => ({
                  key: o.id,
                  content: `${o.name}${o.acronym ? ` (${o.acronym})` : ""}`,
                  choose: () => choose({ id: o.id, name: o.name }),
                }))
          }
        />
      )}
    </div>
  );
}
