// Administrators: who has an account, with which roles in which scopes; create accounts.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type Grant,
  LOCALES,
  type Locale,
  ROLES,
  type Role,
  SCOPE_TYPES,
  type ScopeType,
  UserInputSchema,
} from "../../modules/access/access.schema";
import type { FieldError } from "../../shared/app-errors";
import { formatDate } from "../../shared/dates";
import { fieldErrorsFromZod } from "../../shared/validation";
import { ApiError, client, unwrap } from "../api";
import { errorsByPath, errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useAsync } from "../ui/useAsync";

type Draft = {
  name: string;
  email: string;
  password: string;
  locale: Locale;
  role: Role;
  scopeType: ScopeType;
  scopeId: string;
};
const EMPTY: Draft = {
  name: "",
  email: "",
  password: "",
  locale: "rw",
  role: "viewer",
  scopeType: "national",
  scopeId: "",
};

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "fr" || i18n.language === "rw" ? i18n.language : "en";
  const users = useAsync(() => unwrap(client.api.users.$get()), []);
  const districts = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "district", limit: "100" } })),
    [],
  );
  const [orgSearch, setOrgSearch] = useState("");
  const organisations = useAsync(
    () =>
      orgSearch.trim().length < 2
        ? Promise.resolve({ items: [], total: 0 })
        : unwrap(client.api.organisations.$get({ query: { q: orgSearch, limit: "10" } })),
    [orgSearch],
  );
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const byPath = errorsByPath(fieldErrors);
  const err = (path: string) => {
    const e = byPath[path];
    return e ? fieldErrorText(t, e) : undefined;
  };
  const set =
    <K extends keyof Draft>(key: K) =>
    (e: { target: { value: string } }) =>
      setDraft((d) => ({
        ...d,
        [key]: e.target.value as Draft[K],
        ...(key === "scopeType" ? { scopeId: "" } : {}),
      }));
  const districtName = (id: string | null) => districts.data?.items.find((d) => d.id === id)?.name;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const grant: Grant = {
      role: draft.role,
      scopeType: draft.scopeType,
      scopeId: draft.scopeType === "national" ? null : draft.scopeId || null,
    };
    const input = {
      name: draft.name,
      email: draft.email,
      password: draft.password,
      locale: draft.locale,
      grants: [grant],
      organisationIds: draft.scopeType === "organisation" && draft.scopeId ? [draft.scopeId] : [],
    };
    const parsed = UserInputSchema.safeParse(input);
    if (!parsed.success) {
      setFieldErrors(fieldErrorsFromZod(parsed.error));
      return;
    }
    setFieldErrors([]);
    setBusy(true);
    try {
      const created = await unwrap(client.api.users.$post({ json: input }));
      setMessage({ kind: "ok", text: t("users.created", { email: created.email }) });
      setDraft(EMPTY);
      users.reload();
    } catch (e) {
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors);
      setMessage({ kind: "error", text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

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

      <form onSubmit={submit} noValidate className="form form-inline-card">
        <h2>{t("users.new")}</h2>
        <div className="form-row">
          <Field label={t("users.name")} required error={err("name")}>
            {(p) => <input {...p} autoComplete="off" value={draft.name} onChange={set("name")} />}
          </Field>
          <Field label={t("auth.email")} required error={err("email")}>
            {(p) => (
              <input {...p} type="email" autoComplete="off" value={draft.email} onChange={set("email")} />
            )}
          </Field>
        </div>
        <div className="form-row">
          <Field
            label={t("users.initialPassword")}
            hint={t("setup.passwordHint")}
            required
            error={err("password")}
          >
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                value={draft.password}
                onChange={set("password")}
              />
            )}
          </Field>
          <Field label={t("nav.language")} error={err("locale")}>
            {(p) => (
              <select {...p} value={draft.locale} onChange={set("locale")}>
                {LOCALES.map((l) => (
                  <option key={l} value={l}>
                    {t(`language.${l}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="form-row">
          <Field label={t("users.role")} required error={err("grants.0.role")}>
            {(p) => (
              <select {...p} value={draft.role} onChange={set("role")}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`users.roles.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("users.scope")} required error={err("grants.0.scopeType")}>
            {(p) => (
              <select {...p} value={draft.scopeType} onChange={set("scopeType")}>
                {SCOPE_TYPES.map((s) => (
                  <option key={s} value={s}>
                    {t(`users.scopes.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {draft.scopeType === "district" ? (
          <Field label={t("users.scopes.district")} required error={err("grants.0.scopeId")}>
            {(p) => (
              <select {...p} value={draft.scopeId} onChange={set("scopeId")}>
                <option value="">{t("common.choose")}</option>
                {districts.data?.items.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name} ({d.parentName})
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {draft.scopeType === "organisation" ? (
          <div className="form-row">
            <Field label={t("users.findOrganisation")}>
              {(p) => (
                <input
                  {...p}
                  type="search"
                  value={orgSearch}
                  onChange={(e) => setOrgSearch(e.target.value)}
                />
              )}
            </Field>
            <Field label={t("users.scopes.organisation")} required error={err("grants.0.scopeId")}>
              {(p) => (
                <select {...p} value={draft.scopeId} onChange={set("scopeId")}>
                  <option value="">{t("common.choose")}</option>
                  {organisations.data?.items.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        ) : null}
        {message ? (
          <p className={message.kind === "ok" ? "alert alert-success" : "alert alert-error"} role="status">
            {message.text}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t("common.working") : t("users.create")}
        </button>
      </form>
    </div>
  );
}
