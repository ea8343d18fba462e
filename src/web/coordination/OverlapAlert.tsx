// The duplication alert of the agreement form: who else already works on these themes, there, in this period.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PlaceSet } from "../../modules/agreements/agreements.schema";
import type { OverlapList } from "../../modules/coordination/coordination.schema";
import { themeName } from "../agreements/AgreementBits";
import { client, unwrap } from "../api";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import "./coordination.css";

/** Waits for the officer to stop ticking themes and adding places before asking. */
const DEBOUNCE_MS = 350;

export function OverlapAlert({
  themes,
  areas,
  validFrom,
  validUntil,
  partyIds,
  agreementId,
}: {
  themes: readonly string[];
  areas: readonly { placeId: string | null; placeSet: PlaceSet | null }[];
  validFrom: string;
  validUntil: string;
  partyIds: readonly string[];
  agreementId?: string;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const allThemes = useAsync(() => unwrap(client.api.themes.$get()), []);
  const [result, setResult] = useState<OverlapList | null>(null);
  const key = JSON.stringify([themes, areas, validFrom, validUntil, partyIds, agreementId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for every input
  useEffect(() => {
    if (themes.length === 0 || areas.length === 0) {
      setResult(null);
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      unwrap(
        client.api.coordination.overlaps.$post({
          json: {
            themes: [...themes],
            areas: areas.map((a) => (a.placeSet ? { placeSet: a.placeSet } : { placeId: a.placeId })),
            validFrom: validFrom || null,
            validUntil: validUntil && (!validFrom || validFrom <= validUntil) ? validUntil : null,
            excludeOrganisationIds: [...partyIds],
            excludeAgreementId: agreementId ?? null,
          },
        }),
      ).then(
        (r) => {
          if (!cancelled) setResult(r);
        },
        // A warning that cannot be fetched must not stop the officer saving: show nothing.
        () => {
          if (!cancelled) setResult(null);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key]);

  if (!result || result.overlaps.length === 0) return <div aria-live="polite" />;
  const byTheme = new Map<string, OverlapList["overlaps"]>();
  for (const o of result.overlaps) byTheme.set(o.theme, [...(byTheme.get(o.theme) ?? []), o]);
  return (
    <div className="alert overlap-alert" role="status" aria-live="polite">
      <p>
        <strong>{t("coordination.overlap.title")}</strong> {t("coordination.overlap.notBlocking")}
      </p>
      {[...byTheme.entries()].map(([theme, list]) => (
        <div key={theme}>
          <p className="overlap-theme">{themeName(allThemes.data?.items, theme, locale)}</p>
          <ul>
            {list.map((o) => (
              <li key={o.organisation.id}>
                <strong>{o.organisation.acronym ?? o.organisation.name}</strong>
                {o.organisation.acronym ? <span className="muted"> ({o.organisation.name})</span> : null}
                {" — "}
                {o.places
                  .slice(0, 4)
                  .map((p) => p.names[locale])
                  .join(", ")}
                {o.places.length > 4 ? ` +${o.places.length - 4}` : ""}
                {o.coverage.includes("all_correctional_facilities") ? (
                  <span className="muted"> · {t("coordination.coverage.all_correctional_facilities")}</span>
                ) : null}
                {o.coverage.includes("national") ? (
                  <span className="muted"> · {t("coordination.coverage.national")}</span>
                ) : null}
                {o.coverage.includes("within") ? (
                  <span className="muted"> · {t("coordination.coverage.within")}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
