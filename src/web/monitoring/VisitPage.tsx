// One monitoring visit: its facts, team and interviews (edited in place), its status moves, the report in Word and
// PDF in a chosen language, publication, and its findings by theme.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { nextVisitStatuses } from "../../modules/monitoring/visit-status";
import type { Visit, VisitStatus } from "../../modules/monitoring/visits.schema";
import type { FieldError } from "../../shared/app-errors";
import { ApiError, client, expectOk, ifMatch, unwrap } from "../api";
import { DateInput } from "../ui/DateInput";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useAsync } from "../ui/useAsync";
import { FindingList } from "./FindingList";
import { MonitoringTabs } from "./MonitoringTabs";
import { type VisitDraft, VisitFields, visitBody } from "./VisitFields";
import { VisitFollowUpSection } from "./VisitFollowUpSection";

const visitApi = client.api["monitoring-visits"][":id"];
const REPORT_LANGUAGES = ["en", "fr", "rw"] as const;

const draftOf = (v: Visit): VisitDraft => ({
  placeId: v.placeId,
  announced: v.announced,
  visitType: v.visitType,
  startsOn: v.startsOn,
  endsOn: v.endsOn ?? "",
  objectives: v.objectives ?? "",
  team: v.team,
  interviews: v.interviews,
  summary: v.summary ?? "",
});

export function VisitPage() {
  const { t, i18n } = useTranslation();
  const k = (key: string, values?: Record<string, unknown>) => t(`monitoring.visits.${key}`, values);
  const navigate = useNavigate();
  const id = useParams().id ?? "";
  const visit = useAsync(() => unwrap(visitApi.$get({ param: { id } })), [id]);
  const [draft, setDraft] = useState<VisitDraft | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [lang, setLang] = useState(
    REPORT_LANGUAGES.find((l) => i18n.language.startsWith(l)) ?? ("en" as const),
  );
  const [publishedOn, setPublishedOn] = useState("");

  if (visit.error)
    return (
      <div className="page">
        <MonitoringTabs />
        <p className="alert alert-error" role="alert">
          {visit.error instanceof ApiError && visit.error.status === 404
            ? k("page.notFound")
            : errorText(t, visit.error)}
        </p>
      </div>
    );
  const v = visit.data;
  if (!v) return <div className="page" aria-busy="true" />;

  const act = async (call: () => Promise<unknown>) => {
    setFailure(null);
    setErrors([]);
    try {
      await call();
      setDraft(null);
      visit.reload();
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors);
      setFailure(errorText(t, err));
    }
  };
  const patch = (json: Parameters<typeof visitApi.$patch>[0]["json"]) =>
    act(() => unwrap(visitApi.$patch({ param: { id }, header: ifMatch(v.version), json })));
  const saveFacts = (e: FormEvent) => {
    e.preventDefault();
    if (draft) void patch(visitBody(draft));
  };
  const publish = (e: FormEvent) => {
    e.preventDefault();
    void act(() =>
      unwrap(visitApi.publish.$post({ param: { id }, header: ifMatch(v.version), json: { publishedOn } })),
    );
  };
  const remove = () =>
    act(async () => {
      await expectOk(
        fetch(`/api/monitoring-visits/${id}`, {
          method: "DELETE",
          credentials: "same-origin",
          headers: ifMatch(v.version),
        }),
      );
      navigate("/monitoring/visits");
    });
  const statusLabel: Record<VisitStatus, string> = {
    planned: "",
    conducted: k("page.markConducted"),
    cancelled: k("page.cancelVisit"),
  };

  return (
    <div className="page monitoring-visit">
      <MonitoringTabs />
      <div className="page-head">
        <h1>
          <Link to={`/monitoring/places/${v.placeId}`}>{v.placeName}</Link> · {v.reference}
        </h1>
      </div>
      <p className={v.publishedOn ? "alert alert-success" : "alert"}>
        {v.publishedOn ? k("page.published", { date: v.publishedOn }) : k("page.confidential")}
      </p>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      ) : null}
      {draft ? (
        <form className="form form-inline-card" onSubmit={saveFacts} noValidate>
          <VisitFields
            draft={draft}
            onChange={(update) => setDraft((latest) => (latest ? update(latest) : latest))}
            errors={errors}
            withSummary
          />
          <div className="form-actions">
            <button type="submit" className="button button-primary">
              {k("page.save")}
            </button>
            <button type="button" className="button" onClick={() => setDraft(null)}>
              {k("page.cancelEdit")}
            </button>
          </div>
        </form>
      ) : (
        <section aria-labelledby="visit-facts">
          <h2 id="visit-facts">{k("page.facts")}</h2>
          <dl className="facts">
            <dt>{k("fields.status")}</dt>
            <dd>{k(`status.${v.status}`)}</dd>
            <dt>{k("fields.monitoringBody")}</dt>
            <dd>{v.monitoringOrganisationName}</dd>
            <dt>{k("fields.startsOn")}</dt>
            <dd>
              {v.endsOn && v.endsOn !== v.startsOn
                ? k("report.dates", { from: v.startsOn, to: v.endsOn })
                : v.startsOn}
            </dd>
            <dt>{k("fields.visitType")}</dt>
            <dd>
              {k(`type.${v.visitType}`)} · {k(`announcedValue.${v.announced}`)}
            </dd>
            {v.objectives ? (
              <>
                <dt>{k("fields.objectives")}</dt>
                <dd className="prose">{v.objectives}</dd>
              </>
            ) : null}
            <dt>{k("fields.team")}</dt>
            <dd>
              {v.team.length === 0
                ? k("page.noTeam")
                : v.team.map((m) => `${m.name} (${k(`teamRoles.${m.role}`)})`).join(", ")}
            </dd>
            <dt>{k("fields.interviews")}</dt>
            <dd>
              {v.interviews.length === 0
                ? k("page.noInterviews")
                : v.interviews.map((i) => `${k(`interviewCategories.${i.category}`)}: ${i.count}`).join(", ")}
            </dd>
            {v.summary ? (
              <>
                <dt>{k("fields.summary")}</dt>
                <dd className="prose">{v.summary}</dd>
              </>
            ) : null}
          </dl>
          {v.can.update ? (
            <div className="row-actions">
              <button type="button" className="button" onClick={() => setDraft(draftOf(v))}>
                {k("page.edit")}
              </button>
              {nextVisitStatuses(v.status).map((status) => (
                <button key={status} type="button" className="button" onClick={() => patch({ status })}>
                  {statusLabel[status]}
                </button>
              ))}
              {v.can.delete ? (
                <button type="button" className="button button-danger" onClick={remove}>
                  {k("page.delete")}
                </button>
              ) : null}
            </div>
          ) : null}
        </section>
      )}
      <section className="visit-report" aria-label={k("page.downloadWord")}>
        <Field label={k("page.reportLanguage")}>
          {(props) => (
            <select {...props} value={lang} onChange={(e) => setLang(e.target.value as typeof lang)}>
              {REPORT_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`language.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="row-actions">
          <a className="button" href={`/api/monitoring-visits/${id}/report.docx?lang=${lang}`} download>
            {k("page.downloadWord")}
          </a>
          <a className="button" href={`/api/monitoring-visits/${id}/report.pdf?lang=${lang}`} download>
            {k("page.downloadPdf")}
          </a>
        </div>
      </section>
      {v.can.publish ? (
        <form className="form form-inline-card" onSubmit={publish}>
          <h2>{k("publish.title")}</h2>
          <p className="field-hint">{k("publish.warning")}</p>
          <Field label={k("publish.date")} required>
            {(props) => <DateInput control={props} value={publishedOn} onChange={setPublishedOn} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button button-primary">
              {k("publish.button")}
            </button>
          </div>
        </form>
      ) : null}
      <FindingList visit={v} onChanged={visit.reload} />
      {v.visitType === "follow_up" && v.status === "conducted" && v.can.update ? (
        <VisitFollowUpSection visit={v} />
      ) : null}
    </div>
  );
}
