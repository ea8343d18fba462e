// The agreements a programme is linked to: found by title, shown as chips.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { client, unwrap } from "../api";
import { Field } from "../ui/Field";
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
  const results = useAsync(
    () =>
      q.trim().length < 2
        ? Promise.resolve({ items: [], total: 0 })
        : unwrap(client.api.agreements.$get({ query: { q, limit: "8" } })),
    [q],
  );
  return (
    <fieldset>
      <legend>{t("programmes.editing.agreements")}</legend>
      <div className="chips">
        {agreements.map((a) => (
          <span key={a.id} className="chip">
            {a.name}
            <button
              type="button"
              aria-label={`${t("common.remove")} ${a.name}`}
              onClick={() => onChange(agreements.filter((x) => x.id !== a.id))}
            >
              ×
            </button>
          </span>
        ))}
      </div>
      <Field label={t("programmes.editing.findAgreement")}>
        {(p) => <input {...p} type="search" value={q} onChange={(e) => setQ(e.target.value)} />}
      </Field>
      {q.trim().length >= 2 ? (
        <ul className="suggestions">
          {results.data?.items
            .filter((a) => !agreements.some((x) => x.id === a.id))
            .map((a) => (
              <li key={a.id}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    onChange([...agreements, { id: a.id, name: a.title }]);
                    setQ("");
                  }}
                >
                  {a.title}
                </button>
              </li>
            ))}
        </ul>
      ) : null}
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}
