// A programme's facts: status, lead, partners, donors with funding, period, themes, places, linked agreements.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ProgrammeDetail } from "../../modules/programmes/programmes.schema";
import { formatDate } from "../../shared/dates";
import { themeName } from "../agreements/AgreementBits";
import { client, unwrap } from "../api";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { formatNumber } from "./ProgrammeBits";

export function ProgrammeFacts({ programme: p }: { programme: ProgrammeDetail }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  return (
    <dl className="facts">
      <dt>{t("programmes.fields.status")}</dt>
      <dd>{t(`programmes.statuses.${p.status}`)}</dd>
      <dt>{t("programmes.fields.lead")}</dt>
      <dd>
        <Link to={`/organisations/${p.lead.id}`}>{p.lead.name}</Link>
      </dd>
      {p.partners.length > 0 ? (
        <>
          <dt>{t("programmes.fields.partners")}</dt>
          <dd>{p.partners.map((o) => o.name).join(", ")}</dd>
        </>
      ) : null}
      {p.donors.length > 0 ? (
        <>
          <dt>{t("programmes.fields.donors")}</dt>
          <dd>
            {p.donors
              .map((d) =>
                d.amount !== null
                  ? `${d.name} (${formatNumber(d.amount, locale)} ${d.currency ?? ""})`
                  : d.name,
              )
              .join(", ")}
          </dd>
        </>
      ) : null}
      <dt>{t("programmes.fields.period")}</dt>
      <dd>
        {formatDate(p.startDate, locale)} – {formatDate(p.endDate, locale)}
      </dd>
      {p.themes.length > 0 ? (
        <>
          <dt>{t("programmes.fields.themes")}</dt>
          <dd>{p.themes.map((code) => themeName(themes.data?.items, code, locale)).join(", ")}</dd>
        </>
      ) : null}
      {p.places.length > 0 ? (
        <>
          <dt>{t("programmes.fields.places")}</dt>
          <dd>{p.places.map((x) => x.name).join(", ")}</dd>
        </>
      ) : null}
      {p.agreements.length > 0 ? (
        <>
          <dt>{t("programmes.editing.agreements")}</dt>
          <dd>
            {p.agreements.map((a, i) => (
              <span key={a.id}>
                {i > 0 ? ", " : null}
                <Link to={`/agreements/${a.id}`}>{a.title}</Link>
              </span>
            ))}
          </dd>
        </>
      ) : null}
    </dl>
  );
}
