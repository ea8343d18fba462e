// The areas an agreement covers: a set (all prisons…), or districts, sectors and facilities found by name.
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { PLACE_SETS } from "../../modules/agreements/agreements.schema";
import { client, unwrap } from "../api";
import { Combobox } from "../ui/Combobox";
import { useUiLocale } from "../ui/locale";
import { RemovableChip } from "../ui/RemovableChip";
import { useAsync } from "../ui/useAsync";
import type { AreaDraft } from "./useAgreementForm";

export function AreaPicker({
  areas,
  error,
  onChange,
}: {
  areas: AreaDraft[];
  error?: string;
  onChange(areas: AreaDraft[]): void;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const [q, setQ] = useState("");
  const group = useRef<HTMLFieldSetElement>(null);
  const results = useAsync(
    () =>
      q.trim().length < 2
        ? Promise.resolve({ items: [], total: 0 })
        : unwrap(client.api.places.$get({ query: { q, limit: "8" } })),
    [q],
  );
  const has = (a: AreaDraft) =>
    areas.some((x) => (a.placeSet ? x.placeSet === a.placeSet : x.placeId === a.placeId));
  const add = (a: AreaDraft) => {
    if (!has(a)) onChange([...areas, a]);
    setQ("");
  };
  return (
    <fieldset ref={group}>
      <legend>{t("agreements.areas")}</legend>
      <div className="chips">
        {areas.map((a, i) => (
          <RemovableChip
            key={a.placeSet ?? a.placeId}
            name={a.placeSet ? t(`agreements.sets.${a.placeSet}`) : a.label}
            onRemove={() => onChange(areas.filter((_, j) => j !== i))}
            searchIn={group}
          />
        ))}
      </div>
      <div className="inline-form">
        {PLACE_SETS.map((s) => (
          <button
            key={s}
            type="button"
            className="button"
            onClick={() => add({ placeId: null, placeSet: s, label: s })}
          >
            + {t(`agreements.sets.${s}`)}
          </button>
        ))}
      </div>
      {/* The areas' error is the search field's: it is where focus goes after a refused save. */}
      <Combobox
        label={t("agreements.findPlace")}
        value={q}
        onValueChange={setQ}
        error={error}
        options={
          results.loading
            ? undefined
            : results.data?.items.map((p) => ({
                key: p.id,
                content: (
                  <>
                    {p.names[locale]}{" "}
                    <span className="muted">
                      ({t(`agreements.placeKinds.${p.kind}`)}
                      {p.parentName ? `, ${p.parentName}` : ""})
                    </span>
                  </>
                ),
                choose: () => add({ placeId: p.id, placeSet: null, label: p.names[locale] }),
              }))
        }
      />
    </fieldset>
  );
}
