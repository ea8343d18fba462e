// The action plan of a recommendation: the addressee's actions serving it (add one, link one that serves other
// recommendations, update progress); monitors read it.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  FOLLOW_UP_ACTION_STATUSES,
  type FollowUpAction,
} from "../../modules/monitoring/follow-up-actions.schema";
import type { Recommendation } from "../../modules/monitoring/recommendations.schema";
import { formatDate } from "../../shared/dates";
import { ApiError } from "../api";
import { errorsByPath, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { FormFailure } from "../ui/FormFailure";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { followUpActionRequests } from "./recommendation-requests";

type Status = (typeof FOLLOW_UP_ACTION_STATUSES)[number];

function ProgressForm({ action, onSaved }: { action: FollowUpAction; onSaved(): void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status>(action.status);
  const [progress, setProgress] = useState(String(action.progress));
  const [progressNote, setProgressNote] = useState(action.progressNote ?? "");
  const [failure, setFailure] = useState<unknown>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    try {
      await followUpActionRequests.update(action.id, action.version, {
        status,
        progress: Number(progress),
        progressNote: progressNote || null,
      });
      onSaved();
    } catch (error) {
      setFailure(error);
    }
  }
  return (
    <form
      className="form form-inline"
      onSubmit={submit}
      aria-label={`${t("monitoring.recommendations.update")} ${action.title}`}
    >
      <Field label={t("monitoring.recommendations.status")}>
        {(props) => (
          <select {...props} value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            {FOLLOW_UP_ACTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`monitoring.recommendations.actionStatuses.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("monitoring.recommendations.progress")}>
        {(props) => (
          <input
            {...props}
            type="number"
            min={0}
            max={100}
            value={progress}
            onChange={(e) => setProgress(e.target.value)}
          />
        )}
      </Field>
      <Field label={t("monitoring.recommendations.progressNote")}>
        {(props) => (
          <input {...props} value={progressNote} onChange={(e) => setProgressNote(e.target.value)} />
        )}
      </Field>
      <FormFailure failure={failure} />
      <button type="submit" className="button">
        {t("monitoring.recommendations.update")}
      </button>
    </form>
  );
}

function NewActionForm({ recommendation, onSaved }: { recommendation: Recommendation; onSaved(): void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState("");
  const [dueOn, setDueOn] = useState("");
  const [failure, setFailure] = useState<unknown>(null);
  const errors = errorsByPath(failure instanceof ApiError ? failure.fieldErrors : []);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    try {
      await followUpActionRequests.create({
        organisationId: recommendation.addressee.id,
        title,
        dueOn: dueOn || null,
        recommendationIds: [recommendation.id],
      });
      setTitle("");
      setDueOn("");
      onSaved();
    } catch (error) {
      setFailure(error);
    }
  }
  return (
    <form
      className="form"
      onSubmit={submit}
      noValidate
      aria-label={t("monitoring.recommendations.addAction")}
    >
      <h3>{t("monitoring.recommendations.addAction")}</h3>
      <Field
        label={t("monitoring.recommendations.actionTitle")}
        required
        error={errors.title ? fieldErrorText(t, errors.title) : undefined}
      >
        {(props) => <input {...props} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <Field label={t("monitoring.recommendations.dueOn")}>
        {(props) => <input {...props} type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />}
      </Field>
      <FormFailure failure={failure} />
      <button type="submit" className="button button-primary">
        {t("monitoring.recommendations.addAction")}
      </button>
    </form>
  );
}

export function FollowUpActions({ recommendation }: { recommendation: Recommendation }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const [generation, setGeneration] = useState(0);
  const reload = () => setGeneration((g) => g + 1);
  const mine = useAsync(
    () => followUpActionRequests.list({ recommendationId: recommendation.id }),
    [recommendation.id, generation],
  );
  // Actions of the addressee serving other recommendations, which this one may join.
  const others = useAsync(
    () =>
      recommendation.can.respond
        ? followUpActionRequests.list({ organisationId: recommendation.addressee.id })
        : Promise.resolve({ items: [] }),
    [recommendation.id, recommendation.can.respond, generation],
  );
  const serving = new Set((mine.data?.items ?? []).map((a) => a.id));
  const linkable = (others.data?.items ?? []).filter((a) => !serving.has(a.id) && a.can.edit);
  const link = async (action: FollowUpAction) => {
    await followUpActionRequests.update(action.id, action.version, {
      recommendationIds: [...action.recommendations.map((r) => r.id), recommendation.id],
    });
    reload();
  };
  return (
    <section>
      <h2>{t("monitoring.recommendations.actionPlan")}</h2>
      {mine.data && mine.data.items.length === 0 ? (
        <p className="muted">{t("monitoring.recommendations.noActions")}</p>
      ) : null}
      <ul className="plain-list cards">
        {(mine.data?.items ?? []).map((a) => (
          <li key={a.id} className="card">
            <div className="card-top">
              <strong>{a.title}</strong>
              <span className="status">{t(`monitoring.recommendations.actionStatuses.${a.status}`)}</span>
            </div>
            <div className="card-meta">
              <span>
                <progress
                  max={100}
                  value={a.progress}
                  aria-label={t("monitoring.recommendations.progress")}
                />{" "}
                {a.progress} %
              </span>
              {a.dueOn ? (
                <span className="muted">
                  {t("monitoring.recommendations.dueOn")}: {formatDate(a.dueOn, locale)}
                </span>
              ) : null}
              <span className="muted">
                {t("monitoring.recommendations.serves")}:{" "}
                {a.recommendations.map((r) => r.reference).join(", ")}
              </span>
            </div>
            {a.progressNote ? <p>{a.progressNote}</p> : null}
            {a.can.edit ? <ProgressForm key={a.version} action={a} onSaved={reload} /> : null}
          </li>
        ))}
      </ul>
      {linkable.length > 0 ? (
        <>
          <h3>{t("monitoring.recommendations.otherActions")}</h3>
          <ul>
            {linkable.map((a) => (
              <li key={a.id}>
                {a.title}{" "}
                <button type="button" className="button" onClick={() => void link(a)}>
                  {t("monitoring.recommendations.linkAction")}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {recommendation.can.respond ? <NewActionForm recommendation={recommendation} onSaved={reload} /> : null}
    </section>
  );
}
