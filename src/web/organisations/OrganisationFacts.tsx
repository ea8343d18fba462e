// An organisation's facts: kind, country, other names and contacts.
import { useTranslation } from "react-i18next";
import type { OrganisationDetail } from "../../modules/organisations/organisations.schema";
import { countryName } from "../ui/country-name";
import { useUiLocale } from "../ui/locale";

export function OrganisationFacts({ organisation: o }: { organisation: OrganisationDetail }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  return (
    <dl className="facts">
      <dt>{t("organisation.kind")}</dt>
      <dd>{t(`organisation.kinds.${o.kind}`)}</dd>
      <dt>{t("organisation.country")}</dt>
      <dd>{o.countryCode ? countryName(o.countryCode, locale) : t("organisation.international")}</dd>
      {o.aliases.length > 0 ? (
        <>
          <dt>{t("organisation.aliases")}</dt>
          <dd>{o.aliases.join(" · ")}</dd>
        </>
      ) : null}
      {o.email ? (
        <>
          <dt>{t("organisation.email")}</dt>
          <dd>
            <a href={`mailto:${o.email}`}>{o.email}</a>
          </dd>
        </>
      ) : null}
      {o.phone ? (
        <>
          <dt>{t("organisation.phone")}</dt>
          <dd>
            <a href={`tel:${o.phone.replace(/[^\d+]/g, "")}`}>{o.phone}</a>
          </dd>
        </>
      ) : null}
      {o.website ? (
        <>
          <dt>{t("organisation.website")}</dt>
          <dd>
            <a href={o.website} rel="noopener noreferrer" target="_blank">
              {o.website}
            </a>
          </dd>
        </>
      ) : null}
      {o.address ? (
        <>
          <dt>{t("organisation.address")}</dt>
          <dd>{o.address}</dd>
        </>
      ) : null}
    </dl>
  );
}
