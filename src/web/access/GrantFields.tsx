// One role and where it applies (nationally, in a district, for an organisation): shared by the account forms.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type Grant,
  ROLES,
  type Role,
  SCOPE_TYPES,
  type ScopeType,
} from "../../modules/access/access.schema";
import { client, unwrap } from "../api";
import { Field } from "../ui/Field";
import { useAsync } from "../ui/useAsync";

export type GrantDraft = { role: Role; scopeType: ScopeType; scopeId: string };
export type District = { id: string; name: string; parentName: string | null };

export const grantOf = (d: GrantDraft): Grant => ({
  role: d.role,
  scopeType: d.scopeType,
  scopeId: d.scopeType === "national" ? null : d.scopeId || null,
});

export function GrantFields({
  value,
  onChange,
  districts,
  errorFor,
}: {
  value: GrantDraft;
  onChange(next: GrantDraft): void;
  districts: readonly District[];
  /** The message under a field, by its path relative to the grant (role, scopeType, scopeId). */
  errorFor(path: "role" | "scopeType" | "scopeId"): string | undefined;
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
  return (
    <>
      <div className="form-row">
        <Field label={t("users.role")} required error={errorFor("role")}>
          {(p) => (
            <select
              {...p}
              value={value.role}
              onChange={(e) => onChange({ ...value, role: e.target.value as Role })}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`users.roles.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("users.scope")} required error={errorFor("scopeType")}>
          {(p) => (
            <select
              {...p}
              value={value.scopeType}
              onChange={(e) => onChange({ ...value, scopeType: e.target.value as ScopeType, scopeId: "" })}
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
      {value.scopeType === "district" ? (
        <Field label={t("users.scopes.district")} required error={errorFor("scopeId")}>
          {(p) => (
            <select
              {...p}
              value={value.scopeId}
              onChange={(e) => onChange({ ...value, scopeId: e.target.value })}
            >
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
      {value.scopeType === "organisation" ? (
        <div className="form-row">
          <Field label={t("users.findOrganisation")}>
            {(p) => (
              <input {...p} type="search" value={orgSearch} onChange={(e) => setOrgSearch(e.target.value)} />
            )}
          </Field>
          <Field label={t("users.scopes.organisation")} required error={errorFor("scopeId")}>
            {(p) => (
              <select
                {...p}
                value={value.scopeId}
                onChange={(e) => onChange({ ...value, scopeId: e.target.value })}
              >
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
    </>
  );
}
