// Administrators: who has an account, with which roles in which scopes; invite people, change roles, deactivate.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Grant } from "../../modules/access/access.schema";
import { formatDate } from "../../shared/dates";
import { client, unwrap } from "../api";
import { useSession } from "../session";
import { errorText } from "../ui/errors";
import { useAsync } from "../ui/useAsync";
import { InvitationForm } from "./InvitationForm";
import { UserAccountCard } from "./UserAccountCard";
import { UserForm } from "./UserForm";

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "fr" || i18n.language === "rw" ? i18n.language : "en";
  const session = useSession();
  const myId = session.state.status === "signed-in" ? session.state.me.id : null;
  const users = useAsync(() => unwrap(client.api.users.$get()), []);
  const invitations = useAsync(() => unwrap(client.api.invitations.$get()), []);
  const outbox = useAsync(() => unwrap(client.api.outbox.$get()), []);
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
  const open = invitations.data?.items.filter((i) => i.status === "pending") ?? [];

  return (
    <div className="page">
      <h1>{t("users.title")}</h1>
      <p>
        <Link to="/admin/outbox">{t("outbox.title")}</Link>
      </p>
      {users.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, users.error)}
        </p>
      ) : null}
      <ul className="cards">
        {users.data?.items.map((u) => (
          <UserAccountCard
            key={`${u.id}-${u.version}`}
            user={u}
            isMe={u.id === myId}
            districts={districts.data?.items ?? []}
            scopeLabel={scopeLabel}
            locale={locale}
            onChanged={users.reload}
          />
        ))}
      </ul>

      {open.length > 0 ? (
        <section aria-labelledby="open-invitations">
          <h2 id="open-invitations">{t("invitations.open")}</h2>
          <ul className="cards">
            {open.map((i) => (
              <li key={i.id} className="card">
                <strong>{i.email}</strong>
                <div className="card-meta">
                  {i.grants.map((g) => (
                    <span key={`${g.role}-${g.scopeType}-${g.scopeId}`} className="tag">
                      {t(`users.roles.${g.role}`)} · {scopeLabel(g)}
                    </span>
                  ))}
                  <span className="muted">
                    {t("invitations.until", { date: formatDate(i.expiresAt, locale) })}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <InvitationForm
        districts={districts.data?.items ?? []}
        delivery={outbox.data?.delivery}
        onInvited={() => {
          invitations.reload();
          outbox.reload();
        }}
      />
      <UserForm districts={districts.data?.items ?? []} onCreated={users.reload} />
    </div>
  );
}
