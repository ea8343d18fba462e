// On a conducted follow-up visit, the recommendations it may verify (the monitoring body's for this place or for all
// facilities, which is exactly what the server accepts as verified by this visit), each with its current status and
// a form to record the status the visit found, dated by default on the visit's last day.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { RECOMMENDATION_STATUSES } from "../../modules/monitoring/recommendation-status";
import type {
  RecommendationSummary,
  StatusChangeInput,
} from "../../modules/monitoring/recommendations.schema";
import type { Visit } from "../../modules/monitoring/visits.schema";
import { ApiError } from "../api";
import { errorsByPath, errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { FormFailure } from "../ui/FormFailure";
import { useAsync } from "../ui/useAsync";
import { OverdueBadge, RecommendationStatusBadge } from "./RecommendationListPage";
import { recommendationRequests } from "./recommendation-requests";

type SettableStatus = StatusChangeInput["status"];
const SETTABLE = RECOMMENDATION_STATUSES.filter((s): s is SettableStatus => s !== "not_answered");

function VerifiedStatusForm(props: { visit: Visit; rec: RecommendationSummary; onSaved(): void }) {
  const { t } = useTranslation();
  const { visit, rec } = props;
  const [status, setStatus] = useState<SettableStatus>("partly_implemented");
  const [changedOn, setChangedOn] = useState(visit.endsOn ?? visit.startsOn);
  const [note, setNote] = useState("");
  const [failure, setFailure] = useState<unknown>(null);
  const errors = errorsByPath(failure instanceof ApiError ? failure.fieldErrors : []);
  const errorAt = (path: string) => (errors[path] ? fieldErrorText(t, errors[path]) : undefined);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    try {
      await recommendationRequests.changeStatus(rec.id, {
        status,
        changedOn,
        note: note || null,
        visitId: visit.id,
      });
      setNote("");
      props.onSaved();
    } catch (error) {
      setFailure(error);
    }
  }
  return (
    <form
      className="form"
      onSubmit={submit}
      noValidate
      aria-label={`${t("monitoring.recommendations.verify.record")} ${rec.reference}`}
    >
      <Field label={t("monitoring.recommendations.status")} required error={errorAt("status")}>
        {(control) => (
          <select {...control} value={status} onChange={(e) => setStatus(e.target.value as SettableStatus)}>
            {SETTABLE.map((s) => (
              <option key={s} value={s}>
                {t(`monitoring.recommendations.statuses.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("monitoring.recommendations.changedOn")} required error={errorAt("changedOn")}>
        {(control) => (
          <input {...control} type="date" value={changedOn} onChange={(e) => setChangedOn(e.target.value)} />
        )}
      </Field>
      <Field label={t("monitoring.recommendations.note")} error={errorAt("note")}>
        {(control) => (
          <textarea {...control} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        )}
      </Field>
      <FormFailure failure={failure} />
      <button type="submit" className="button button-primary">
        {t("monitoring.recommendations.verify.record")}
      </button>
    </form>
  );
}

export function VisitFollowUpSection({ visit }: { visit: Visit }) {
  const { t } = useTranslation();
  const [recorded, setRecorded] = useState<string | null>(null);
  const recs = useAsync(
    () =>
      recommendationRequests.list({
        placeId: visit.placeId,
        monitoringOrganisationId: visit.monitoringOrganisationId,
        limit: "500",
      }),
    [visit.placeId, visit.monitoringOrganisationId],
  );
  const items = recs.data?.items ?? [];
  return (
    <section aria-labelledby="visit-follow-up">
      <h2 id="visit-follow-up">{t("monitoring.recommendations.verify.title")}</h2>
      <p className="field-hint">{t("monitoring.recommendations.verify.intro")}</p>
      {recs.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, recs.error)}
        </p>
      ) : null}
      {recorded ? (
        <p className="alert alert-success" role="status">
          {t("monitoring.recommendations.verify.recorded")} ({recorded})
        </p>
      ) : null}
      {recs.data && items.length === 0 ? (
        <p className="muted">{t("monitoring.recommendations.verify.empty")}</p>
      ) : null}
      <ul className="follow-up-list">
        {items.map((rec) => (
          <li key={rec.id}>
            <p>
              <Link to={`/monitoring/recommendations/${rec.id}`}>{rec.reference}</Link> ·{" "}
              {t(`monitoring.themes.${rec.theme}`)} · {rec.addressee.name}{" "}
              <RecommendationStatusBadge status={rec.status} /> {rec.overdue ? <OverdueBadge /> : null}
            </p>
            <p>{rec.text}</p>
            <details>
              <summary>{t("monitoring.recommendations.verify.record")}</summary>
              <VerifiedStatusForm
                visit={visit}
                rec={rec}
                onSaved={() => {
                  setRecorded(rec.reference);
                  recs.reload();
                }}
              />
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
