// Administrators: the email the app sent or holds (without a mail server, invitations wait here to be passed on).
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { formatDate } from "../../shared/dates";
import { client, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { useAsync } from "../ui/useAsync";

function useLocale() {
  const { i18n } = useTranslation();
  return i18n.language === "fr" || i18n.language === "rw" ? i18n.language : "en";
}

export function OutboxPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const outbox = useAsync(() => unwrap(client.api.outbox.$get()), []);
  return (
    <div className="page">
      <h1>{t("outbox.title")}</h1>
      {outbox.data ? (
        <p className={outbox.data.delivery === "outbox" ? "alert alert-warning" : "muted"}>
          {outbox.data.delivery === "outbox" ? t("outbox.noSmtp") : t("outbox.smtp")}
        </p>
      ) : null}
      {outbox.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, outbox.error)}
        </p>
      ) : null}
      {outbox.data?.items.length === 0 ? <p className="muted">{t("outbox.empty")}</p> : null}
      <ul className="cards">
        {outbox.data?.items.map((m) => (
          <li key={m.id} className="card">
            <Link to={`/admin/outbox/${m.id}`}>
              <strong>{m.subject}</strong>
            </Link>
            <div className="card-meta">
              <span className="muted">{m.recipient}</span>
              <span className="tag">{t(`outbox.status.${m.status}`)}</span>
              <span className="muted">
                {t(`language.${m.locale}`)} · {formatDate(m.createdAt, locale)}
              </span>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function OutboxMessagePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { id = "" } = useParams();
  const message = useAsync(() => unwrap(client.api.outbox[":id"].$get({ param: { id } })), [id]);
  const m = message.data;
  return (
    <div className="page">
      <p>
        <Link to="/admin/outbox">{t("outbox.back")}</Link>
      </p>
      {message.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, message.error)}
        </p>
      ) : null}
      {m ? (
        <article className="card">
          <h1>{m.subject}</h1>
          <dl className="facts">
            <dt>{t("outbox.to")}</dt>
            <dd>{m.recipient}</dd>
            <dt>{t("outbox.state")}</dt>
            <dd>
              {t(`outbox.status.${m.status}`)}
              {m.attempts > 0 ? ` · ${t("outbox.attempts", { count: m.attempts })}` : ""}
              {m.sentAt ? ` · ${formatDate(m.sentAt, locale)}` : ""}
            </dd>
            {m.lastError ? (
              <>
                <dt>{t("outbox.lastError")}</dt>
                <dd>{m.lastError}</dd>
              </>
            ) : null}
          </dl>
          {m.bodyText === null ? (
            <p className="muted">{t("outbox.textDropped")}</p>
          ) : (
            <pre className="mail-text" lang={m.locale}>
              {m.bodyText}
            </pre>
          )}
        </article>
      ) : null}
    </div>
  );
}
