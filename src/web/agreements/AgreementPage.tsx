// One agreement: who signed it, what they committed to, where, what happened since — and its lifecycle.
import type { TFunction } from "i18next";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import {
  type AgreementDetail,
  type AgreementDocument,
  type AgreementStatus,
  COMMITMENT_STATUSES,
  type Commitment,
  type CommitmentStatus,
  DOCUMENT_KINDS,
  type DocumentKind,
  MAX_DOCUMENT_BYTES,
  PROGRESS_KINDS,
  type ProgressEntry,
  type ProgressKind,
} from "../../modules/agreements/agreements.schema";
import { formatDate } from "../../shared/dates";
import { ApiError, client, expectOk, ifMatch, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { History } from "../ui/History";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { SignedOn, StatusBadge, themeName } from "./AgreementBits";

export function AgreementPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const justSaved = (useLocation().state as { saved?: boolean } | null)?.saved === true;
  const [actionError, setActionError] = useState<string | null>(null);
  const detail = useAsync(() => unwrap(client.api.agreements[":id"].$get({ param: { id } })), [id]);
  const history = useAsync(() => unwrap(client.api.agreements[":id"].history.$get({ param: { id } })), [id]);
  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  const reload = () => {
    detail.reload();
    history.reload();
  };
  const act = async (action: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await action();
      reload();
    } catch (e) {
      setActionError(errorText(t, e));
      reload();
    }
  };

  if (detail.error) {
    return (
      <div className="page">
        <p className="alert alert-error" role="alert">
          {errorText(t, detail.error)}
        </p>
        <Link to="/agreements">← {t("agreements.title")}</Link>
      </div>
    );
  }
  const a = detail.data;
  if (!a) return <p className="page">{t("common.loading")}</p>;

  const remove = () =>
    act(async () => {
      if (!window.confirm(t("agreements.deleteConfirm", { title: a.title }))) return;
      await expectOk(client.api.agreements[":id"].$delete({ param: { id }, header: ifMatch(a.version) }));
      navigate("/agreements");
    });
  const keeper = a.parties.find((p) => p.organisationId === a.keeperOrganisationId);
  const organisationLabel = (p: { organisationName: string; acronym: string | null }) =>
    p.acronym ? `${p.organisationName} (${p.acronym})` : p.organisationName;
  const placeLabel = (area: AgreementDetail["areas"][number]) =>
    area.placeSet ? t(`agreements.sets.${area.placeSet}`) : area.label;
  const fieldLabel = (field: string) => t(`agreements.fields.${field}`, { defaultValue: field });
  /** A commitment, progress entry or document as the history keeps it, in the reader's language. */
  const historyLine = (field: string, v: Record<string, unknown>): string | undefined => {
    const text = typeof v.text === "string" ? v.text : "";
    if (field === "commitment" && typeof v.status === "string") {
      return `${text} (${t(`agreements.commitmentStatuses.${v.status}`, { defaultValue: v.status })})`;
    }
    if (field === "progress" && typeof v.kind === "string") {
      const kind = t(`agreements.progressKinds.${v.kind}`, { defaultValue: v.kind });
      const parts = [t("agreements.historyProgress", { kind, text })];
      if (typeof v.dueOn === "string")
        parts.push(t("agreements.dueOn", { date: formatDate(v.dueOn, locale) }));
      if (v.done === true) parts.push(t("agreements.done"));
      return parts.join(" · ");
    }
    if (field === "amendment" && typeof v.title === "string" && typeof v.status === "string") {
      return `${v.title} (${t(`agreements.statuses.${v.status}`, { defaultValue: v.status })})`;
    }
    if (field === "document" && typeof v.kind === "string" && typeof v.fileName === "string") {
      const kind = t(`agreements.documents.kinds.${v.kind}`, { defaultValue: v.kind });
      const size = typeof v.sizeBytes === "number" ? ` (${formatFileSize(v.sizeBytes, locale)})` : "";
      return `${kind}: ${v.fileName}${size}`;
    }
    return undefined;
  };
  const formatValue = (field: string, value: unknown): string | undefined => {
    if (Array.isArray(value) && field === "areas") {
      return value.map((v) => t(`agreements.sets.${String(v)}`, { defaultValue: String(v) })).join(", ");
    }
    if (Array.isArray(value) && field === "parties") {
      return value
        .map((v) => {
          if (typeof v !== "object" || v === null) return String(v); // written before roles were kept apart
          const { name, role } = v as { name?: unknown; role?: unknown };
          return `${String(name)} (${t(`agreements.roles.${String(role)}`, { defaultValue: String(role) })})`;
        })
        .join(", ");
    }
    if (Array.isArray(value) && field === "themes") {
      return value.map((v) => themeName(themes.data?.items, String(v), locale)).join(", ");
    }
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const line = historyLine(field, value as Record<string, unknown>);
      if (line !== undefined) return line;
    }
    if (typeof value !== "string") return undefined;
    if (field === "keeperOrganisationId") {
      // The history keeps the id: name it when it is still a party.
      const party = a.parties.find((p) => p.organisationId === value);
      return party ? organisationLabel(party) : undefined;
    }
    if (field === "status" || field === "toStatus")
      return t(`agreements.statuses.${value}`, { defaultValue: value });
    if (field === "kind") return t(`agreements.kinds.${value}`, { defaultValue: value });
    if (field === "document") {
      // "report: name.pdf (1234 bytes)" as the service writes it, shown with a translated kind.
      const match = /^(\w+): (.*) \((\d+) bytes\)$/.exec(value);
      if (match?.[1] && match[2] !== undefined && match[3]) {
        const kind = t(`agreements.documents.kinds.${match[1]}`, { defaultValue: match[1] });
        return `${kind}: ${match[2]} (${formatFileSize(Number(match[3]), locale)})`;
      }
    }
    return undefined;
  };

  return (
    <div className="page">
      <p>
        <Link to="/agreements">← {t("agreements.title")}</Link>
      </p>
      {justSaved ? (
        <p className="alert alert-success" role="status">
          {t("common.saved")}
        </p>
      ) : null}
      <div className="page-head">
        <h1>{a.title}</h1>
        <div className="actions">
          {a.canEdit ? (
            <Link to={`/agreements/${a.id}/edit`} className="button">
              {t("common.edit")}
            </Link>
          ) : null}
          {a.canDelete ? (
            <button type="button" className="button button-danger" onClick={() => void remove()}>
              {t("common.delete")}
            </button>
          ) : null}
        </div>
      </div>
      <div className="card-meta">
        <StatusBadge status={a.effectiveStatus} />
        <span className="tag tag-quiet">{t(`agreements.kinds.${a.kind}`)}</span>
        {a.reference ? <span className="muted">{a.reference}</span> : null}
        {a.overduePlanned > 0 ? (
          <span className="flag flag-danger">
            {t("agreements.overdueCount", { count: a.overduePlanned })}
          </span>
        ) : null}
      </div>
      {actionError ? (
        <p className="alert alert-error" role="alert">
          {actionError}
        </p>
      ) : null}

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
                  {themeName(themes.data?.items, code, locale)}
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
      {a.purpose ? <p className="prose">{a.purpose}</p> : null}
      {a.canEdit && a.kind !== "amendment" ? (
        <p>
          <Link to={`/agreements/new?amends=${a.id}`}>{t("agreements.registerAmendment")}</Link>
        </p>
      ) : null}

      {a.canEdit && a.allowedTransitions.length > 0 ? <StatusChanger agreement={a} onDone={act} /> : null}

      <section>
        <h2>{t("agreements.commitments")}</h2>
        {a.commitments.length === 0 ? <p className="muted">{t("agreements.noCommitments")}</p> : null}
        <ol className="commitments">
          {a.commitments.map((c) => (
            <CommitmentRow key={c.id} agreementId={a.id} commitment={c} canEdit={a.canEdit} onDone={act} />
          ))}
        </ol>
        {a.canEdit ? <CommitmentForm agreementId={a.id} onDone={act} /> : null}
      </section>

      <section>
        <h2>{t("agreements.progress")}</h2>
        {a.canEdit ? <ProgressForm agreementId={a.id} onDone={act} /> : null}
        {a.progress.length === 0 ? <p className="muted">{t("agreements.noProgress")}</p> : null}
        <ol className="timeline">
          {a.progress.map((p) => (
            <ProgressRow key={p.id} agreementId={a.id} entry={p} canEdit={a.canEdit} onDone={act} />
          ))}
        </ol>
      </section>

      <DocumentsSection agreement={a} onDone={act} />

      <section>
        <h2>{t("agreements.statusHistory")}</h2>
        <ol className="timeline">
          {a.statusHistory.map((s) => (
            <li key={s.id} className="timeline-entry">
              <span className="muted">{formatDate(s.changedOn, locale)}</span>{" "}
              {s.fromStatus ? (
                <>
                  <StatusBadge status={s.fromStatus} /> →{" "}
                </>
              ) : null}
              <StatusBadge status={s.toStatus} /> <span className="muted">{s.changedBy}</span>
              {s.reason && !(s.fromStatus === null && s.reason === LEGACY_REGISTERED_REASON) ? (
                <p className="timeline-text">{s.reason}</p>
              ) : s.fromStatus === null ? (
                <p className="timeline-text">{t("agreements.registered")}</p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      <section>
        <h2>{t("history.title")}</h2>
        {history.data ? (
          <History entries={history.data.items} fieldLabel={fieldLabel} formatValue={formatValue} />
        ) : (
          <p>{t("common.loading")}</p>
        )}
      </section>
    </div>
  );
}

type OnDone = (action: () => Promise<unknown>) => Promise<void>;

/** The English reason the first status step was stored with until registration got a translated label. */
const LEGACY_REGISTERED_REASON = "Registered";

function StatusChanger({ agreement, onDone }: { agreement: AgreementDetail; onDone: OnDone }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<AgreementStatus | "">("");
  const [reason, setReason] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!status) return;
    void onDone(async () => {
      await unwrap(
        client.api.agreements[":id"].status.$post({
          param: { id: agreement.id },
          header: ifMatch(agreement.version),
          json: { status, reason },
        }),
      );
      setStatus("");
      setReason("");
    });
  };
  return (
    <form className="form form-inline-card" onSubmit={submit}>
      <h3>{t("agreements.changeStatus")}</h3>
      <div className="form-row">
        <Field label={t("agreements.newStatus")}>
          {(p) => (
            <select {...p} value={status} onChange={(e) => setStatus(e.target.value as AgreementStatus)}>
              <option value="">{t("common.choose")}</option>
              {agreement.allowedTransitions.map((s) => (
                <option key={s} value={s}>
                  {t(`agreements.statuses.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("agreements.reason")}>
          {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
      </div>
      <button type="submit" className="button button-primary" disabled={!status || reason.trim().length < 3}>
        {t("agreements.changeStatusButton")}
      </button>
    </form>
  );
}

function CommitmentRow({
  agreementId,
  commitment,
  canEdit,
  onDone,
}: {
  agreementId: string;
  commitment: Commitment;
  canEdit: boolean;
  onDone: OnDone;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const setStatus = (status: CommitmentStatus) =>
    onDone(() =>
      unwrap(
        client.api.agreements[":id"].commitments[":commitmentId"].$patch({
          param: { id: agreementId, commitmentId: commitment.id },
          header: ifMatch(commitment.version),
          json: { status },
        }),
      ),
    );
  return (
    <li className={`commitment commitment-${commitment.status}`}>
      <p className="commitment-text">{commitment.text}</p>
      <div className="card-meta">
        {canEdit ? (
          <select
            aria-label={t("agreements.commitmentStatus")}
            value={commitment.status}
            onChange={(e) => void setStatus(e.target.value as CommitmentStatus)}
          >
            {COMMITMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`agreements.commitmentStatuses.${s}`)}
              </option>
            ))}
          </select>
        ) : (
          <span className="tag">{t(`agreements.commitmentStatuses.${commitment.status}`)}</span>
        )}
        {commitment.responsibleOrganisationName ? (
          <span className="muted">{commitment.responsibleOrganisationName}</span>
        ) : null}
        {commitment.dueOn ? (
          <span className="muted">
            {t("agreements.dueOn", { date: formatDate(commitment.dueOn, locale) })}
          </span>
        ) : null}
      </div>
    </li>
  );
}

function CommitmentForm({ agreementId, onDone }: { agreementId: string; onDone: OnDone }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onDone(async () => {
      await unwrap(
        client.api.agreements[":id"].commitments.$post({ param: { id: agreementId }, json: { text } }),
      );
      setText("");
    });
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label className="visually-hidden" htmlFor="new-commitment">
        {t("agreements.newCommitment")}
      </label>
      <input
        id="new-commitment"
        value={text}
        placeholder={t("agreements.newCommitment")}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="button" disabled={text.trim().length < 2}>
        {t("common.add")}
      </button>
    </form>
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
        <span className="muted">{formatDate(entry.entryDate, locale)}</span>
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

function ProgressForm({ agreementId, onDone }: { agreementId: string; onDone: OnDone }) {
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
      <button type="submit" className="button button-primary" disabled={text.trim().length < 2}>
        {t("agreements.addProgressButton")}
      </button>
    </form>
  );
}

/** Bytes as KB below one megabyte, MB above, in the reader's number format. */
function formatFileSize(bytes: number, locale: string): string {
  const format = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
  return bytes < 1024 * 1024
    ? `${format(Math.max(bytes / 1024, 0.1))} KB`
    : `${format(bytes / (1024 * 1024))} MB`;
}

const DOCUMENT_ACCEPT = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.webp";

function DocumentsSection({ agreement, onDone }: { agreement: AgreementDetail; onDone: OnDone }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const remove = (document: AgreementDocument) =>
    onDone(async () => {
      if (!window.confirm(t("agreements.documents.deleteConfirm", { name: document.fileName }))) return;
      await expectOk(
        client.api.agreements[":id"].documents[":documentId"].$delete({
          param: { id: agreement.id, documentId: document.id },
        }),
      );
    });
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">{t("agreements.documents.title")}</h2>
      {agreement.documents.length === 0 ? <p className="muted">{t("agreements.documents.none")}</p> : null}
      <ul className="plain-list documents">
        {agreement.documents.map((d) => (
          <li key={d.id} className="document">
            <span className="tag">{t(`agreements.documents.kinds.${d.kind}`)}</span>{" "}
            <a href={`/api/agreements/${agreement.id}/documents/${d.id}`} download={d.fileName}>
              {d.fileName}
            </a>{" "}
            <span className="muted">
              {t("agreements.documents.meta", {
                size: formatFileSize(d.sizeBytes, locale),
                date: formatDate(d.uploadedAt.slice(0, 10), locale),
                name: d.uploadedBy,
              })}
            </span>
            {agreement.canEdit ? (
              <>
                {" "}
                <button
                  type="button"
                  className="link-button"
                  aria-label={t("agreements.documents.deleteNamed", { name: d.fileName })}
                  onClick={() => void remove(d)}
                >
                  {t("common.delete")}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {agreement.canEdit ? <DocumentUploadForm agreementId={agreement.id} onDone={onDone} /> : null}
    </section>
  );
}

/** Why the server refused a file, in the reader's language. */
function uploadErrorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 413)
      return t("agreements.documents.tooLarge", { size: MAX_DOCUMENT_BYTES / (1024 * 1024) });
    if (error.status === 415) return t("agreements.documents.unsupportedType");
    if (error.status === 422 && error.fieldErrors.some((e) => e.path === "file"))
      return t("agreements.documents.empty");
  }
  return errorText(t, error);
}

function DocumentUploadForm({ agreementId, onDone }: { agreementId: string; onDone: OnDone }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<DocumentKind>("signed_copy");
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [inputKey, setInputKey] = useState(0);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(null);
    // Checked here too so a large file is not sent for nothing; the server checks again.
    if (file.size > MAX_DOCUMENT_BYTES) {
      setError(t("agreements.documents.tooLarge", { size: MAX_DOCUMENT_BYTES / (1024 * 1024) }));
      return;
    }
    const form = new FormData();
    form.set("kind", kind);
    form.set("file", file);
    setBusy(true);
    try {
      // Multipart: the typed client sends JSON, so this one call uses fetch.
      await onDone(async () => {
        try {
          await expectOk(
            fetch(`/api/agreements/${agreementId}/documents`, {
              method: "POST",
              credentials: "same-origin",
              body: form,
            }),
          );
          setFile(null);
          setInputKey((k) => k + 1);
        } catch (e) {
          setError(uploadErrorText(t, e));
        }
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form form-inline-card" onSubmit={(e) => void submit(e)}>
      <h3>{t("agreements.documents.add")}</h3>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-row">
        <Field label={t("agreements.documents.kind")}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)}>
              {DOCUMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`agreements.documents.kinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("agreements.documents.file")} hint={t("agreements.documents.hint")}>
          {(p) => (
            <input
              {...p}
              key={inputKey}
              type="file"
              accept={DOCUMENT_ACCEPT}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          )}
        </Field>
      </div>
      <button type="submit" className="button button-primary" disabled={!file || busy}>
        {busy ? t("agreements.documents.uploading") : t("agreements.documents.upload")}
      </button>
    </form>
  );
}
