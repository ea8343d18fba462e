// An agreement's facts: signature, validity, renewal, follow-up, parties and keeper, themes, areas, amendments.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { AgreementDetail, Theme } from "../../modules/agreements/agreements.schema";
import { formatDate } from "../../shared/dates";
import { useUiLocale } from "../ui/locale";
import { SignedOn, StatusBadge, themeName } from "./AgreementBits";

export const organisationLabel = (p: { organisationName: string; acronym: string | null }) =>
  p.acronym ? `${p.organisationName} (${p.acronym})` : p.organisationName;

export function AgreementFacts({
  agreement: a,
  themes,
}: {
  agreement: AgreementDetail;
  themes: Theme[] | undefined;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const keeper = a.parties.find((p) => p.organisationId === a.keeperOrganisationId);
  const placeLabel = (area: AgreementDetail["areas"][number]) =>
    area.placeSet ? t(`agreements.sets.${area.placeSet}`) : area.label;
  return (
    <dl className="facts">
      <dt>{t("agreements.signed")}</dt>
      <dd>
        <SignedOn date={a.signedOn} />
      </dd>
      {a.validFrom || a.validUntil ? (
        <>
          <dt>{t("agreements.validity")}</dt>
          <dd>
            {a.validFrom ? formatDate(a.validFrom, locale) : "…"} –{" "}
            {a.validUntil ? formatDate(a.validUntil, locale) : "…"}
            {a.daysUntilExpiry !== null && a.daysUntilExpiry >= 0 && a.daysUntilExpiry <= 90 ? (
              <span className="flag flag-warn">
                {" "}
                {t("agreements.expiresIn", { count: a.daysUntilExpiry })}
              </span>
            ) : null}
          </dd>
        </>
      ) : null}
      {a.renewalTerms ? (
        <>
          <dt>{t("agreements.renewalTerms")}</dt>
          <dd>{a.renewalTerms}</dd>
        </>
      ) : null}
      {a.followUpBody ? (
        <>
          <dt>{t("agreements.followUpBody")}</dt>
          <dd>{a.followUpBody}</dd>
        </>
      ) : null}
      <dt>{t("agreements.parties")}</dt>
      <dd>
        <ul className="plain-list">
          {a.parties.map((p) => (
            <li key={`${p.organisationId}-${p.role}`}>
              <Link to={`/organisations/${p.organisationId}`}>{p.organisationName}</Link>{" "}
              <span className="muted">({t(`agreements.roles.${p.role}`)})</span>
            </li>
          ))}
        </ul>
      </dd>
      {keeper ? (
        <>
          <dt>{t("agreements.keeper")}</dt>
          <dd>
            <Link to={`/organisations/${keeper.organisationId}`}>{organisationLabel(keeper)}</Link>
          </dd>
        </>
      ) : null}
      {a.themes.length > 0 ? (
        <>
          <dt>{t("agreements.themes")}</dt>
          <dd>
            {a.themes.map((code) => (
              <span key={code} className="tag">
                {themeName(themes, code, locale)}
              </span>
            ))}
          </dd>
        </>
      ) : null}
      {a.areas.length > 0 ? (
        <>
          <dt>{t("agreements.areas")}</dt>
          <dd>{a.areas.map(placeLabel).join(" · ")}</dd>
        </>
      ) : null}
      {a.amends ? (
        <>
          <dt>{t("agreements.amends")}</dt>
          <dd>
            <Link to={`/agreements/${a.amends.id}`}>{a.amends.title}</Link>{" "}
            <StatusBadge status={a.amends.status} />
          </dd>
        </>
      ) : null}
      {a.amendments.length > 0 ? (
        <>
          <dt>{t("agreements.amendments")}</dt>
          <dd>
            <ul className="plain-list">
              {a.amendments.map((m) => (
                <li key={m.id}>
                  <Link to={`/agreements/${m.id}`}>{m.title}</Link> <StatusBadge status={m.status} />
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
    </dl>
  );
}
