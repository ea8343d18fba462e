// The agreements a programme is linked to: found by title, shown as chips.
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, unwrap } from "../api";
import { Combobox } from "../ui/Combobox";
import { RemovableChip } from "../ui/RemovableChip";
import { useAsync } from "../ui/useAsync";

type Ref = { id: string; name: string };

/** Linked agreements: found by title, shown as chips. */
export function LinkedAgreementPicker({
  agreements,
  error,
  onChange,
}: {
  agreements: Ref[];
  error?: string;
  onChange(agreements: Ref[]): void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const group = useRef<HTMLFieldSetElement>(null);
  const results = useAsync(
    () =>
      q.trim().length < 2
        ? Promise.resolve({ items: [], total: 0 })
        : unwrap(client.api.agreements.$get({ query: { q, limit: "8" } })),
    [q],
  );
  return (
    <fieldset ref={group}>
      <legend>{t("programmes.editing.agreements")}</legend>
      <div className="chips">
        {agreements.map((a) => (
          <RemovableChip
            key={a.id}
            name={a.name}
            onRemove={() => onChange(agreements.filter((x) => x.id !== a.id))}
            searchIn={group}
          />
        ))}
      </div>
      <Combobox
        label={t("programmes.editing.findAgreement")}
        value={q}
        onValueChange={setQ}
        error={error}
        options={
          results.loading
            ? undefined
            : results.data?.items
                .filter((a) => !agreements.some((x) => x.id === a.id))
                .map((a) => ({
                  key: a.id,
                  content: a.title,
                  choose: () => {
                    onChange([...agreements, { id: a.id, name: a.title }]);
                    setQ("");
                  },
                }))
        }
      />
    </fieldset>
  );
}
