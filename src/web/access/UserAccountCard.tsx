// One account in the users list: its roles, and the administrator's changes: role and scope, deactivate, reactivate.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Grant, UserSummary } from "../../modules/access/access.schema";
import { formatDate } from "../../shared/dates";
import { ApiError, client, ifMatch, unwrap } from "../api";
import { errorText, fieldErrorText } from "../ui/errors";
import { type District, type GrantDraft, GrantFields, grantOf } from "./GrantFields";

export function UserAccountCard({
  user,
  isMe,
  districts,
  scopeLabel,
  locale,
  onChanged,
}: {
  user: UserSummary;
  isMe: boolean;
  districts: readonly District[];
  scopeLabel(grant: Grant): string;
  locale: "en" | "fr" | "rw";
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const first = user.grants[0];
  const [grant, setGrant] = useState<GrantDraft>({
    role: first?.role ?? "viewer",
    scopeType: first?.scopeType ?? "national",
    scopeId: first?.scopeId ?? "",
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fieldError = (path: string) => {
    const e = error instanceof ApiError ? error.fieldErrors.find((f) => f.path === path) : undefined;
    return e ? fieldErrorText(t, e) : undefined;
  };

  const change = async (json: { disabled?: boolean; grants?: Grant[] }) => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(
        client.api.users[":id"].$patch({ param: { id: user.id }, json, header: ifMatch(user.version) }),
      );
      setEditing(false);
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className={user.disabled ? "card user-card card-muted" : "card user-card"}>
      <strong>{user.name}</strong> <span className="muted">{user.email}</span>
      <div className="card-meta">
        {user.disabled ? <span className="tag tag-warning">{t("users.deactivated")}</span> : null}
        {user.grants.map((g) => (
          <span key={`${g.role}-${g.scopeType}-${g.scopeId}`} className="tag">
            {t(`users.roles.${g.role}`)} · {scopeLabel(g)}
          </span>
        ))}
        <span className="muted">
          {t(`language.${user.locale}`)} · {formatDate(user.createdAt, locale)}
        </span>
      </div>
      <p>
        <Link to={`/admin/users/activity?${new URLSearchParams({ user: user.id })}`}>
          {t("userActivity.link")}
        </Link>
      </p>
      {isMe ? null : (
        <div className="actions">
          <button type="button" className="button" disabled={busy} onClick={() => setEditing((v) => !v)}>
            {t("users.changeRole")}
          </button>
          <button
            type="button"
            className={user.disabled ? "button" : "button button-danger"}
            disabled={busy}
            onClick={() => change({ disabled: !user.disabled })}
          >
            {user.disabled ? t("users.reactivate") : t("users.deactivate")}
          </button>
        </div>
      )}
      {editing ? (
        <form
          className="form"
          aria-label={t("users.changeRoleOf", { name: user.name })}
          onSubmit={(e) => {
            e.preventDefault();
            void change({ grants: [grantOf(grant)] });
          }}
        >
          <p className="muted">{t("users.changeRoleHint")}</p>
          <GrantFields
            value={grant}
            onChange={setGrant}
            districts={districts}
            errorFor={(path) => fieldError(`grants.0.${path}`)}
          />
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t("common.working") : t("users.saveRole")}
          </button>
        </form>
      ) : null}
      {error ? (
        <p className="alert alert-error" role="alert">
          {error instanceof ApiError && error.status === 409 ? error.message : errorText(t, error)}
        </p>
      ) : null}
    </li>
  );
}
