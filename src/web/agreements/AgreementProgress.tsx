// What happened since signature: progress entries (achievements, planned steps with due dates), and a form to add one.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type AgreementDetail,
  PROGRESS_KINDS,
  type ProgressEntry,
  type ProgressKind,
} from "../../modules/agreements/agreements.schema";
import { formatDate } from "../../shared/dates";
import { client, ifMatch, unwrap } from "../api";
import { EditBehindButton } from "../ui/EditBehindButton";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { ProgressDate } from "./AgreementBits";
import type { OnDone } from "./AgreementPage";

export function AgreementProgress({ agreement: a, onDone }: { agreement: AgreementDetail; onDone: OnDone }) {
  const { t } = useTranslation();
  return (
    <section>
      <h2>{t("agreements.progress")}</h2>
      {a.canEdit ? (
        <EditBehindButton label={t("agreements.addProgress")}>
          {(close) => <ProgressForm agreementId={a.id} onDone={onDone} onClose={close} />}
        </EditBehindButton>
      ) : null}
      {a.progress.length === 0 ? <p className="muted">{t("agreements.noProgress")}</p> : null}
      <ol className="timeline">
        {a.progress.map((p) => (
          <ProgressRow key={p.id} agreementId={a.id} entry={p} canEdit={a.canEdit} onDone={onDone} />
        ))}
      </ol>
    </section>
  );
}

function ProgressRow({
  agreementId,
  entry,
  canEdit,
  onDone,
}: {
  agreementId: string;
  entry: ProgressEntry;
  canEdit: boolean;
  onDone: OnDone;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const markDone = () =>
    onDone(() =>
      unwrap(
        client.api.agreements[":id"].progress[":entryId"].$patch({
          param: { id: agreementId, entryId: entry.id },
          header: ifMatch(entry.version),
          json: { done: true },
        }),
      ),
    );
  return (
    <li className={`timeline-entry progress-${entry.kind}${entry.overdue ? " overdue" : ""}`}>
      <div className="card-meta">
        <span className={`tag kind-${entry.kind}`}>{t(`agreements.progressKinds.${entry.kind}`)}</span>
        <ProgressDate entry={entry} />
        {entry.kind === "planned" && entry.dueOn ? (
          <span className={entry.overdue ? "flag flag-danger" : "muted"}>
            {entry.overdue
              ? t("agreements.overdueSince", { date: formatDate(entry.dueOn, locale) })
              : t("agreements.dueOn", { date: formatDate(entry.dueOn, locale) })}
          </span>
        ) : null}
        {entry.kind === "planned" && entry.done ? <span className="tag">{t("agreements.done")}</span> : null}
      </div>
      <p className="timeline-text">{entry.text}</p>
      {canEdit && entry.kind === "planned" && !entry.done ? (
        <button type="button" className="link-button" onClick={() => void markDone()}>
          {t("agreements.markDone")}
        </button>
      ) : null}
    </li>
  );
}

function ProgressForm({
  agreementId,
  onDone,
  onClose,
}: {
  agreementId: string;
  onDone: OnDone;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ProgressKind>("achievement");
  const [text, setText] = useState("");
  const [entryDate, setEntryDate] = useState("");
  const [dueOn, setDueOn] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onDone(async () => {
      await unwrap(
        client.api.agreements[":id"].progress.$post({
          param: { id: agreementId },
          json: {
            kind,
            text,
            ...(entryDate ? { entryDate } : {}),
            ...(kind === "planned" && dueOn ? { dueOn } : {}),
          },
        }),
      );
      setText("");
      setDueOn("");
      onClose();
    });
  };
  return (
    <form className="form form-inline-card" onSubmit={submit}>
      <h3>{t("agreements.addProgress")}</h3>
      <div className="form-row">
        <Field label={t("agreements.progressKind")}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as ProgressKind)}>
              {PROGRESS_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`agreements.progressKinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("agreements.entryDate")}>
          {(p) => (
            <input {...p} type="date" value={entryDate} onChange={(e) => setEntryDate(e.target.value)} />
          )}
        </Field>
      </div>
      <Field label={t("agreements.progressText")}>
        {(p) => <textarea {...p} rows={3} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      {kind === "planned" ? (
        <Field label={t("agreements.dueDate")}>
          {(p) => <input {...p} type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />}
        </Field>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={text.trim().length < 2}>
          {t("agreements.addProgressButton")}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
