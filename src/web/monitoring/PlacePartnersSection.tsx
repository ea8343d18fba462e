// A place of detention's partners per theme, from the 3W: organisations whose work under way reaches the place,
// its district or a wider area, with the agreements and 3W rows behind them. Shown on the place's page.
import { useTranslation } from "react-i18next";
import type { PlacePartners } from "../../modules/monitoring/partner-links.schema";
import { client, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { OrganisationLink, PartnerRecords } from "./PartnerRecords";
import "./roadmap.css";

const loadPartners = (id: string): Promise<PlacePartners> =>
  unwrap(client.api.places[":id"]["partners-by-theme"].$get({ param: { id } }));

export function PlacePartnersSection({ placeId }: { placeId: string }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const partners = useAsync(() => loadPartners(placeId), [placeId]);
  return (
    <section
      className="place-partners"
      aria-labelledby="place-partners-heading"
      aria-busy={partners.loading || undefined}
    >
      <h2 id="place-partners-heading">{t("monitoring.partners.title")}</h2>
      <p className="muted">{t("monitoring.partners.intro")}</p>
      {partners.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, partners.error)}
        </p>
      ) : null}
      {partners.data && partners.data.themes.length === 0 ? (
        <p className="empty">{t("monitoring.partners.none")}</p>
      ) : null}
      {partners.data?.themes.map((theme) => (
        <div key={theme.code} className="partners-theme">
          <h3>{theme.names[locale]}</h3>
          <ul>
            {theme.partners.map((p) => (
              <li key={p.organisation.id}>
                <strong>
                  <OrganisationLink organisation={p.organisation} />
                </strong>{" "}
                <span className="tag tag-quiet">{t(`monitoring.partners.reach.${p.reach}`)}</span>
                <br />
                <PartnerRecords records={p.records} />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
