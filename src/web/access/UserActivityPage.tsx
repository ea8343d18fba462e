// Administrators: what one user read or changed between two dates (the breach report), with a CSV download, and the
// emergency access (break the glass) they opened in that time. The query lives in the address, so it can be linked.
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type { UserActivityEntry } from "../../modules/audit/audit.schema";
import { formatDateTime } from "../../shared/dates";
import { addDays, todayInKigali } from "../../shared/today";
import { ApiError, client, unwrap } from "../api";
import { DateInput } from "../ui/DateInput";
import { errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { ShowOlder } from "../ui/ShowOlder";
import { scrollRegion } from "../ui/scroll-region";
import { useAsync } from "../ui/useAsync";

type Query = { userId: string; from: string; to: string };

export function UserActivityPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const today = todayInKigali();
  const query: Query = {
    userId: params.get("user") ?? "",
    from: params.get("from") ?? addDays(today, -30),
    to: params.get("to") ?? today,
  };
  const [draft, setDraft] = useState<Query>(query);
  const users = useAsync(() => unwrap(client.api.users.$get()), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams({ user: draft.userId, from: draft.from, to: draft.to });
  };

  return (
    <div className="page">
      <p>
        <Link to="/admin/users">{t("users.title")}</Link>
      </p>
      <h1>{t("userActivity.title")}</h1>
      <p className="muted">{t("userActivity.intro")}</p>
      <form className="form" onSubmit={submit} noValidate aria-label={t("userActivity.title")}>
        <Field label={t("userActivity.user")} required>
          {(control) => (
            <select
              {...control}
              value={draft.userId}
              onChange={(e) => setDraft({ ...draft, userId: e.target.value })}
            >
              <option value="">{t("userActivity.chooseUser")}</option>
              {users.data?.items.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} — {u.email}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("userActivity.from")} required>
          {(control) => (
            <DateInput
              control={control}
              value={draft.from}
              onChange={(from) => setDraft({ ...draft, from })}
            />
          )}
        </Field>
        <Field label={t("userActivity.to")} required>
          {(control) => (
            <DateInput control={control} value={draft.to} onChange={(to) => setDraft({ ...draft, to })} />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={!draft.userId}>
            {t("userActivity.show")}
          </button>
        </div>
      </form>
      {query.userId ? (
        <ActivityResults key={`${query.userId}|${query.from}|${query.to}`} query={query} />
      ) : null}
      {users.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, users.error)}
        </p>
      ) : null}
    </div>
  );
}

/** The table of one query: its first page, then older pages on demand; the CSV of the whole window. */
function ActivityResults({ query }: { query: Query }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const first = useAsync(() => unwrap(client.api.audit.activity.$get({ query })), []);
  const [older, setOlder] = useState<UserActivityEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  useEffect(() => setCursor(first.data?.nextCursor ?? null), [first.data]);
  const glass = useAsync(
    () => unwrap(client.api.access["break-glass"].$get({ query: { from: query.from, to: query.to } })),
    [],
  );

  const showOlder = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await unwrap(client.api.audit.activity.$get({ query: { ...query, cursor } }));
      setOlder((rows) => [...rows, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  };

  if (first.error) {
    const fields = first.error instanceof ApiError ? first.error.fieldErrors : [];
    const label = (path: string) =>
      path === "from"
        ? t("userActivity.from")
        : path === "to"
          ? t("userActivity.to")
          : t("userActivity.user");
    return (
      <div className="alert alert-error" role="alert">
        <p>{errorText(t, first.error)}</p>
        {fields.map((f) => (
          <p key={f.path}>
            {label(f.path)}: {fieldErrorText(t, f)}
          </p>
        ))}
      </div>
    );
  }
  if (!first.data) return <p className="muted">{t("common.loading")}</p>;
  const rows = [...first.data.items, ...older];
  const csv = `/api/audit/activity.csv?${new URLSearchParams({ ...query, lang: locale })}`;
  const opened = glass.data?.items.filter((g) => g.userId === query.userId) ?? [];

  return (
    <section aria-labelledby="activity-results">
      <h2 id="activity-results" className="visually-hidden">
        {t("userActivity.results")}
      </h2>
      <p>
        <a className="button" href={csv} download>
          {t("userActivity.download")}
        </a>
      </p>
      {rows.length === 0 ? (
        <p className="muted">{t("userActivity.empty")}</p>
      ) : (
        <div className="table-scroll" {...scrollRegion(t("userActivity.results"))}>
          <table className="data-table" data-testid="user-activity">
            <thead>
              <tr>
                <th scope="col">{t("userActivity.columns.when")}</th>
                <th scope="col">{t("userActivity.columns.action")}</th>
                <th scope="col">{t("userActivity.columns.entityLabel")}</th>
                <th scope="col">{t("userActivity.columns.entityType")}</th>
                <th scope="col">{t("userActivity.columns.entityId")}</th>
                <th scope="col">{t("userActivity.columns.requestId")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.occurredAt, locale)}</td>
                  <td>{t(`history.actions.${r.action}`)}</td>
                  <td>{r.entityLabel ?? "—"}</td>
                  <td>{r.entityType}</td>
                  <td>{r.entityId}</td>
                  <td>{r.requestId ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ShowOlder
        more={Boolean(cursor)}
        loading={loadingMore}
        error={moreError}
        label={t("userActivity.more")}
        onMore={showOlder}
      />

      <h2>{t("userActivity.breakGlass.title")}</h2>
      {glass.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, glass.error)}
        </p>
      ) : opened.length === 0 ? (
        <p className="muted">{t("userActivity.breakGlass.empty")}</p>
      ) : (
        <ul className="cards">
          {opened.map((g) => (
            <li key={g.id} className="card">
              <strong>
                {t("userActivity.breakGlass.record")}: {g.entityType} {g.entityId}
              </strong>
              <p>
                {t("userActivity.breakGlass.reason")}: {g.reason}
              </p>
              <div className="card-meta">
                <span className="muted">
                  {t("userActivity.breakGlass.opened")} {formatDateTime(g.openedAt, locale)}
                </span>
                <span className="muted">
                  {t("userActivity.breakGlass.until")} {formatDateTime(g.expiresAt, locale)}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
