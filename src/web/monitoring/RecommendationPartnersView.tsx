// What the register offers to act on a recommendation: the addressee's agreements on the linked themes (those that
// reach its places first) and the partners at work on them around its places. Presentational: the recommendation's
// page fetches GET /api/recommendations/{id}/partners and passes the answer in.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { RecommendationPartners } from "../../modules/monitoring/partner-links.schema";
import { useUiLocale } from "../ui/locale";
import { OrganisationLink, PartnerRecords } from "./PartnerRecords";
import "./roadmap.css";

export function RecommendationPartnersView({ partners }: { partners: RecommendationPartners }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const themeName = (code: string) => partners.themes.find((th) => th.code === code)?.names[locale] ?? code;
  return (
    <section className="recommendation-partners" aria-labelledby="recommendation-partners-heading">
      <h2 id="recommendation-partners-heading">{t("monitoring.partners.recommendation.title")}</h2>
      {partners.themes.length > 0 ? (
        <p className="muted">
          {t("monitoring.partners.recommendation.themes", {
            themes: partners.themes.map((th) => th.names[locale]).join(", "),
          })}
        </p>
      ) : null}
      <div className="partners-theme">
        <h3>{t("monitoring.partners.recommendation.agreements")}</h3>
        {partners.agreements.length === 0 ? (
          <p className="empty">{t("monitoring.partners.recommendation.noAgreement")}</p>
        ) : (
          <ul>
            {partners.agreements.map((a) => (
              <li key={a.id}>
                <Link to={`/agreements/${a.id}`}>{a.title}</Link>{" "}
                <span className={a.coversPlaces ? "tag" : "tag tag-quiet"}>
                  {a.coversPlaces
                    ? t("monitoring.partners.recommendation.coversPlaces")
                    : t("monitoring.partners.recommendation.elsewhere")}
                </span>
                <br />
                <span className="muted">
                  {a.partners.map((o, i) => (
                    <span key={o.id}>
                      {i > 0 ? ", " : ""}
                      <OrganisationLink organisation={o} />
                    </span>
                  ))}
                  {a.partners.length > 0 && a.themes.length > 0 ? " · " : ""}
                  {a.themes.map(themeName).join(", ")}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="partners-theme">
        <h3>{t("monitoring.partners.recommendation.partners")}</h3>
        {partners.partners.length === 0 ? (
          <p className="empty">{t("monitoring.partners.recommendation.noPartner")}</p>
        ) : (
          <ul>
            {partners.partners.map((p) => (
              <li key={p.organisation.id}>
                <strong>
                  <OrganisationLink organisation={p.organisation} />
                </strong>{" "}
                <span className="muted">{p.themes.map(themeName).join(", ")}</span>
                <br />
                <PartnerRecords records={p.records} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
