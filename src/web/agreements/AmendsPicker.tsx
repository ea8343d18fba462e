// The agreement an amendment amends, found by title.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { client, unwrap } from "../api";
import { Combobox } from "../ui/Combobox";
import { useAsync } from "../ui/useAsync";

export function AmendsPicker({
  value,
  title,
  exceptId,
  error,
  onChange,
}: {
  value: string;
  title: string;
  exceptId?: string;
  error?: string;
  onChange(id: string, title: string): void;
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
      <legend>
        {t("agreements.amends")}
        <span aria-hidden="true"> *</span>
      </legend>
      {value ? <p>{title}</p> : <p className="muted">{t("agreements.chooseAmended")}</p>}
      {/* The choice's error is the search field's: it is where focus goes after a refused save. */}
      <Combobox
        label={t("agreements.findAgreement")}
        required={!value}
        value={q}
        onValueChange={setQ}
        error={error}
        options={
          results.loading
            ? undefined
            : results.data?.items
                .filter((a) => a.id !== exceptId)
                .map((a) => ({
                  key: a.id,
                  content: a.title,
                  choose: () => {
                    onChange(a.id, a.title);
                    setQ("");
                  },
                }))
        }
      />
    </fieldset>
  );
}
