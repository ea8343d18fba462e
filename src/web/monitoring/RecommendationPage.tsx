// One recommendation: text, sources, places, the status timeline with evidence, a dated status change, the
// addressee's response and its action plan. Each form appears only for those the server says may use it.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { Recommendation } from "../../modules/monitoring/recommendations.schema";
import { formatDate } from "../../shared/dates";
import { todayInKigali } from "../../shared/today";
import { ApiError } from "../api";
import { errorsByPath, errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { FormFailure } from "../ui/FormFailure";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { FollowUpActions } from "./FollowUpActions";
import { MonitoringTabs } from "./MonitoringTabs";
import { OverdueBadge, RecommendationStatusBadge } from "./RecommendationListPage";
import { RecommendationPartnersSection } from "./RecommendationPartnersSection";
import { recommendationRequests } from "./recommendation-requests";

function useFieldErrors(failure: unknown) {
  const { t } = useTranslation();
  const errors = errorsByPath(failure instanceof ApiError ? failure.fieldErrors : []);
  return (path: string) => (errors[path] ? fieldErrorText(t, errors[path]) : undefined);
}

/** The conducted follow-up visits the server would accept as verifying this recommendation, newest first. */
function VerifyingVisitPicker(props: {
  recommendationId: string;
  value: string;
  onChange(visitId: string): void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const visits = useAsync(
    () => recommendationRequests.verifyingVisits(props.recommendationId),
    [props.recommendationId],
  );
  return (
    <Field
      label={t("monitoring.recommendations.followUpVisit")}
      error={props.error ?? (visits.error ? errorText(t, visits.error) : undefined)}
    >
      {(control) => (
        <select {...control} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          <option value="">{t("monitoring.recommendations.noVerifyingVisit")}</option>
          {(visits.data?.items ?? []).map((v) => (
            <option key={v.id} value={v.id}>
              {v.reference} · {v.placeName} · {formatDate(v.startsOn, locale)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function StatusChangeForm({ rec, onSaved }: { rec: Recommendation; onSaved(r: Recommendation): void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState(rec.can.statuses[0] ?? "accepted");
  const [changedOn, setChangedOn] = useState(todayInKigali());
  const [note, setNote] = useState("");
  const [visitId, setVisitId] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const errorAt = useFieldErrors(failure);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    try {
      let saved = await recommendationRequests.changeStatus(rec.id, {
        status: status as Exclude<Recommendation["status"], "not_answered">,
        changedOn,
        note: note || null,
        visitId: visitId || null,
      });
      const change = saved.history.at(-1);
      if (file && change) saved = await recommendationRequests.addEvidence(rec.id, change.id, file);
      setNote("");
      setFile(null);
      onSaved(saved);
    } catch (error) {
      setFailure(error);
    }
  }
  return (
    <form
      className="form"
      onSubmit={submit}
      noValidate
      aria-label={t("monitoring.recommendations.changeStatus")}
    >
      <h3>{t("monitoring.recommendations.changeStatus")}</h3>
      <Field label={t("monitoring.recommendations.status")} required>
        {(props) => (
          <select {...props} value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            {rec.can.statuses.map((s) => (
              <option key={s} value={s}>
                {t(`monitoring.recommendations.statuses.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("monitoring.recommendations.changedOn")} required error={errorAt("changedOn")}>
        {(props) => (
          <input {...props} type="date" value={changedOn} onChange={(e) => setChangedOn(e.target.value)} />
        )}
      </Field>
      <Field label={t("monitoring.recommendations.note")}>
        {(props) => <textarea {...props} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      {rec.can.edit ? (
        <VerifyingVisitPicker
          recommendationId={rec.id}
          value={visitId}
          onChange={setVisitId}
          error={errorAt("visitId")}
        />
      ) : null}
      <Field label={t("monitoring.recommendations.evidence")} error={errorAt("file")}>
        {(props) => <input {...props} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
      </Field>
      <FormFailure failure={failure} />
      <button type="submit" className="button button-primary">
        {t("monitoring.recommendations.changeStatus")}
      </button>
    </form>
  );
}

function ResponseForm({ rec, onSaved }: { rec: Recommendation; onSaved(r: Recommendation): void }) {
  const { t } = useTranslation();
  const [response, setResponse] = useState(rec.response ?? "");
  const [respondedOn, setRespondedOn] = useState(rec.respondedOn ?? todayInKigali());
  const [failure, setFailure] = useState<unknown>(null);
  const errorAt = useFieldErrors(failure);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    try {
      onSaved(await recommendationRequests.respond(rec.id, rec.version, { response, respondedOn }));
    } catch (error) {
      setFailure(error);
    }
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <Field label={t("monitoring.recommendations.response")} required error={errorAt("response")}>
        {(props) => (
          <textarea {...props} rows={4} value={response} onChange={(e) => setResponse(e.target.value)} />
        )}
      </Field>
      <Field label={t("monitoring.recommendations.respondedOn")} required error={errorAt("respondedOn")}>
        {(props) => (
          <input
            {...props}
            type="date"
            value={respondedOn}
            onChange={(e) => setRespondedOn(e.target.value)}
          />
        )}
      </Field>
      <FormFailure failure={failure} />
      <button type="submit" className="button button-primary">
        {t("monitoring.recommendations.respond")}
      </button>
    </form>
  );
}

export function RecommendationPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { id = "" } = useParams();
  const loaded = useAsync(() => recommendationRequests.get(id), [id]);
  const [current, setCurrent] = useState<Recommendation | null>(null);
  const rec = current?.id === id ? current : loaded.data;
  if (loaded.error)
    return (
      <div className="page">
        <MonitoringTabs />
        <p className="alert alert-error" role="alert">
          {errorText(t, loaded.error)}
        </p>
      </div>
    );
  if (!rec) return <div className="page" aria-busy="true" />;
  const date = (d: string) => formatDate(d, locale);
  return (
    <div className="page">
      <MonitoringTabs />
      <div className="page-head">
        <h1>
          {rec.reference} · {t(`monitoring.themes.${rec.theme}`)}
        </h1>
        <span>
          <RecommendationStatusBadge status={rec.status} /> {rec.overdue ? <OverdueBadge /> : null}
        </span>
        {rec.can.edit ? (
          <Link className="button" to={`/monitoring/recommendations/${rec.id}/edit`}>
            {t("monitoring.recommendations.edit")}
          </Link>
        ) : null}
      </div>
      <p className="lead">{rec.text}</p>
      <dl className="facts">
        <dt>{t("monitoring.recommendations.addressee")}</dt>
        <dd>{rec.addressee.name}</dd>
        <dt>{t("monitoring.recommendations.priority")}</dt>
        <dd>{t(`monitoring.recommendations.priorities.${rec.priority}`)}</dd>
        <dt>{t("monitoring.recommendations.issuedOn")}</dt>
        <dd>{date(rec.issuedOn)}</dd>
        {rec.deadline ? (
          <>
            <dt>{t("monitoring.recommendations.deadline")}</dt>
            <dd>{date(rec.deadline)}</dd>
          </>
        ) : null}
        <dt>{t("monitoring.recommendations.places")}</dt>
        <dd>
          {rec.allFacilities
            ? t("monitoring.recommendations.allFacilities")
            : rec.places.map((p, i) => (
                <span key={p.id}>
                  {i > 0 ? ", " : ""}
                  <Link to={`/monitoring/places/${p.id}`}>{p.name}</Link>
                </span>
              ))}
        </dd>
        {rec.vulnerableGroups.length > 0 ? (
          <>
            <dt>{t("monitoring.recommendations.vulnerableGroups")}</dt>
            <dd>{rec.vulnerableGroups.map((g) => t(`monitoring.vulnerableGroups.${g}`)).join(", ")}</dd>
          </>
        ) : null}
      </dl>
      <section>
        <h2>{t("monitoring.recommendations.sources")}</h2>
        {rec.sources.length === 0 ? (
          <p className="muted">{t("monitoring.recommendations.noSources")}</p>
        ) : null}
        <ul>
          {rec.sources.map((s) => (
            <li key={s.visitId}>
              {s.visitReference} · {s.placeName} · {date(s.startsOn)}
              {s.findings.length > 0 ? (
                <ul>
                  {s.findings.map((f) => (
                    <li key={f.id}>{f.text}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>{t("monitoring.recommendations.history")}</h2>
        {rec.history.length === 0 ? (
          <p className="muted">{t("monitoring.recommendations.noHistory")}</p>
        ) : null}
        <ol className="timeline">
          {rec.history.map((h) => (
            <li key={h.id}>
              <strong>{date(h.changedOn)}</strong> <RecommendationStatusBadge status={h.status} />
              {h.visitReference ? (
                <span> · {t("monitoring.recommendations.verifiedBy", { reference: h.visitReference })}</span>
              ) : null}
              {h.note ? <p>{h.note}</p> : null}
              {h.evidence && h.evidence.length > 0 ? (
                <ul>
                  {h.evidence.map((e) => (
                    <li key={e.id}>
                      <a href={recommendationRequests.evidenceHref(rec.id, e.id)}>{e.fileName}</a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
        {rec.can.statuses.length > 0 ? <StatusChangeForm rec={rec} onSaved={setCurrent} /> : null}
      </section>
      <section>
        <h2>{t("monitoring.recommendations.response")}</h2>
        {rec.response ? (
          <>
            <p className="muted">{rec.respondedOn ? date(rec.respondedOn) : null}</p>
            <p className="response-text">{rec.response}</p>
          </>
        ) : (
          <p className="muted">{t("monitoring.recommendations.noResponse")}</p>
        )}
        {rec.can.respond ? <ResponseForm key={rec.version} rec={rec} onSaved={setCurrent} /> : null}
      </section>
      <FollowUpActions recommendation={rec} />
      <RecommendationPartnersSection id={rec.id} version={rec.version} />
    </div>
  );
}
