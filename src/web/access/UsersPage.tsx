// Administrators: who has an account, with which roles in which scopes; create accounts.
import { useTranslation } from "react-i18next";
import type { Grant } from "../../modules/access/access.schema";
import { formatDate } from "../../shared/dates";
import { client, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { useAsync } from "../ui/useAsync";
import { UserForm } from "./UserForm";

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "fr" || i18n.language === "rw" ? i18n.language : "en";
  const users = useAsync(() => unwrap(client.api.users.$get()), []);
  const districts = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "district", limit: "100" } })),
    [],
  );
  const districtName = (id: string | null) => districts.data?.items.find((d) => d.id === id)?.name;

  const scopeLabel = (g: Grant) =>
    g.scopeType === "national"
      ? t("users.scopes.national")
      : g.scopeType === "district"
        ? `${t("users.scopes.district")}: ${districtName(g.scopeId) ?? "…"}`
        : t("users.scopes.organisation");

  return (
    <div className="page">
      <h1>{t("users.title")}</h1>
      {users.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, users.error)}
        </p>
      ) : null}
      <ul className="cards">
        {users.data?.items.map((u) => (
          <li key={u.id} className="card">
            <strong>{u.name}</strong> <span className="muted">{u.email}</span>
            <div className="card-meta">
              {u.grants.map((g) => (
                <span key={`${g.role}-${g.scopeType}-${g.scopeId}`} className="tag">
                  {t(`users.roles.${g.role}`)} · {scopeLabel(g)}
                </span>
              ))}
              <span className="muted">
                {t(`language.${u.locale}`)} · {formatDate(u.createdAt, locale)}
              </span>
            </div>
          </li>
        ))}
      </ul>

      <UserForm districts={districts.data?.items ?? []} onCreated={users.reload} />
    </div>
  );
}
