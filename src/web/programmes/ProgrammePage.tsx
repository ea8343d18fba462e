// One programme: its facts, logframe (edited in place), indicators with targets and results, events, people reached.
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { client, unwrap } from "../api";
import { PageFailure } from "../ui/PageFailure";
import { useAsync } from "../ui/useAsync";
import { Logframe } from "./Logframe";
import { PeopleReachedSection } from "./PeopleReachedSection";
import { ProgrammeEventsSection } from "./ProgrammeEventsSection";
import { ProgrammeFacts } from "./ProgrammeFacts";
import { ProgrammeIndicatorsSection } from "./ProgrammeIndicatorsSection";

export function ProgrammePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const programme = useAsync(() => unwrap(client.api.programmes[":id"].$get({ param: { id } })), [id]);
  const p = programme.data;
  if (programme.error) return <PageFailure error={programme.error} />;
  if (!p) return <p className="page">{t("common.loading")}</p>;

  return (
    <div className="page">
      <div className="page-head">
        <h1>{p.title}</h1>
        <div className="page-actions">
          {p.canEdit ? (
            <Link to={`/programmes/${p.id}/edit`} className="button">
              {t("programmes.editing.editProgramme")}
            </Link>
          ) : null}
          {p.canEdit ? (
            <Link to={`/programmes/${p.id}/results-table`} className="button">
              {t("programmes.resultsTable.open")}
            </Link>
          ) : null}
          <Link to={`/programmes/${p.id}/dashboard`} className="button button-primary">
            {t("programmes.dashboard")}
          </Link>
        </div>
      </div>
      <ProgrammeFacts programme={p} />
      {p.description ? <p className="prose">{p.description}</p> : null}
      <section>
        <h2>{t("programmes.logframe")}</h2>
        <Logframe programme={p} parentId={null} onChanged={programme.reload} />
      </section>
      <ProgrammeIndicatorsSection programme={p} onChanged={programme.reload} />
      <PeopleReachedSection programme={p} />
      <ProgrammeEventsSection programme={p} onChanged={programme.reload} />
    </div>
  );
}
