// One partnership: what it is for (objectives, period, description), its members with their roles, the agreements
// and programmes that belong to it, and its members' work side by side by theme and place, with where they overlap
// in the 3W and the events they held together.
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { LinkedRecords } from "./LinkedRecords";
import { MembersSection } from "./MembersSection";
import { PeriodText } from "./PartnershipBits";
import { partnershipRequests } from "./partnership-requests";
import { WorkSections } from "./WorkSections";

export function PartnershipPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { id = "" } = useParams();
  const loaded = useAsync(() => partnershipRequests.get(id), [id]);
  const work = useAsync(() => partnershipRequests.work(id), [id, loaded.data?.version]);
  const themes = useAsync(() => partnershipRequests.themes(), []);
  const p = loaded.data;
  if (loaded.error)
    return (
      <div className="page">
        <h1>{t("partnerships.title")}</h1>
        <p className="alert alert-error" role="alert">
          {errorText(t, loaded.error)}
        </p>
        <Link to="/partnerships">{t("partnerships.back")}</Link>
      </div>
    );
  if (!p) return <p className="page">{t("common.loading")}</p>;
  const themeName = (code: string) => {
    const theme = themes.data?.items.find((th) => th.code === code);
    return theme ? theme.names[locale] || theme.names.en : code;
  };
  return (
    <div className="page partnership">
      <p className="muted">
        <Link to="/partnerships">{t("partnerships.back")}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>
            {p.name}
            {p.acronym ? ` (${p.acronym})` : ""}
          </h1>
          <p className="muted">
            {t(`partnerships.kinds.${p.kind}`)} · <PeriodText period={p.period} locale={locale} />
          </p>
        </div>
        {p.canEdit ? (
          <div className="actions">
            <Link to={`/partnerships/${p.id}/edit`} className="button">
              {t("common.edit")}
            </Link>
          </div>
        ) : null}
      </div>
      {p.description ? <p className="prose">{p.description}</p> : null}
      <section>
        <h2>{t("partnerships.fields.objectives")}</h2>
        {p.objectives.length === 0 ? (
          <p className="muted">{t("partnerships.noObjectives")}</p>
        ) : (
          <ul>
            {p.objectives.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        )}
      </section>
      <MembersSection partnership={p} onChanged={loaded.reload} />
      <LinkedRecords partnership={p} items={work.data?.items ?? []} onChanged={loaded.reload} />
      {work.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, work.error)}
        </p>
      ) : work.data ? (
        <WorkSections partnership={p} work={work.data} themeName={themeName} locale={locale} />
      ) : (
        <p className="muted">{t("common.loading")}</p>
      )}
    </div>
  );
}
