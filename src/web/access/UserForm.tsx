// Creates an account: name, email, first password, language, and one role with where it applies.
import { useState } from "react";
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
import { fieldErrorsFromZod } from "../../shared/validation";
import { client, unwrap } from "../api";
import { FormFailure } from "../ui/EditConflict";
import { fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useAsync } from "../ui/useAsync";
import { useEditForm } from "../ui/useEditForm";

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

function inputFrom(draft: Draft) {
  const grant: Grant = {
    role: draft.role,
    scopeType: draft.scopeType,
    scopeId: draft.scopeType === "national" ? null : draft.scopeId || null,
  };
  return {
    name: draft.name,
    email: draft.email,
    password: draft.password,
    locale: draft.locale,
    grants: [grant],
    organisationIds: draft.scopeType === "organisation" && draft.scopeId ? [draft.scopeId] : [],
  };
}

export function UserForm({
  districts,
  onCreated,
}: {
  districts: { id: string; name: string; parentName: string | null }[];
  onCreated(): void;
}) {
  const { t } = useTranslation();
  const [orgSearch, setOrgSearch] = useState("");
  const organisations = useAsync(
    () =>
      orgSearch.trim().length < 2
        ? Promise.resolve({ items: [], total: 0 })
        : unwrap(client.api.organisations.$get({ query: { q: orgSearch, limit: "10" } })),
    [orgSearch],
  );
  const [created, setCreated] = useState<string | null>(null);
  // A create-only form: no record to load, nothing to compare; it stays open for the next account.
  const form = useEditForm({
    empty: () => EMPTY,
    toDraft: (d: Draft) => d,
    versionOf: () => undefined,
    fields: [],
    validate: (draft) => {
      const parsed = UserInputSchema.safeParse(inputFrom(draft));
      return parsed.success ? [] : fieldErrorsFromZod(parsed.error);
    },
    save: (draft) => {
      setCreated(null);
      return unwrap(client.api.users.$post({ json: inputFrom(draft) }));
    },
    onSaved: (user) => {
      setCreated(user.email);
      onCreated();
      return EMPTY;
    },
  });
  const { draft, setDraft } = form;
  const err = (path: string) => {
    const e = form.fieldError(path);
    return e ? fieldErrorText(t, e) : undefined;
  };
  return (
    <form onSubmit={form.submit} noValidate className="form form-inline-card">
      <h2>{t("users.new")}</h2>
      <div className="form-row">
        <Field label={t("users.name")} required error={err("name")}>
          {(p) => <input {...p} autoComplete="off" value={draft.name} onChange={form.set("name")} />}
        </Field>
        <Field label={t("auth.email")} required error={err("email")}>
          {(p) => (
            <input {...p} type="email" autoComplete="off" value={draft.email} onChange={form.set("email")} />
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
              onChange={form.set("password")}
            />
          )}
        </Field>
        <Field label={t("nav.language")} error={err("locale")}>
          {(p) => (
            <select {...p} value={draft.locale} onChange={form.set("locale")}>
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
            <select {...p} value={draft.role} onChange={form.set("role")}>
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
            <select
              {...p}
              value={draft.scopeType}
              onChange={(e) =>
                setDraft((d) => ({ ...d, scopeType: e.target.value as ScopeType, scopeId: "" }))
              }
            >
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
            <select {...p} value={draft.scopeId} onChange={form.set("scopeId")}>
              <option value="">{t("common.choose")}</option>
              {districts.map((d) => (
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
              <input {...p} type="search" value={orgSearch} onChange={(e) => setOrgSearch(e.target.value)} />
            )}
          </Field>
          <Field label={t("users.scopes.organisation")} required error={err("grants.0.scopeId")}>
            {(p) => (
              <select {...p} value={draft.scopeId} onChange={form.set("scopeId")}>
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
      {created ? (
        <p className="alert alert-success" role="status">
          {t("users.created", { email: created })}
        </p>
      ) : null}
      <FormFailure failure={form.failure} />
      <button type="submit" className="button button-primary" disabled={form.saving}>
        {form.saving ? t("common.working") : t("users.create")}
      </button>
    </form>
  );
}
