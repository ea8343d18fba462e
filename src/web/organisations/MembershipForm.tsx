// Adds a membership: find the network by name, choose the role, optionally the years.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { MEMBERSHIP_ROLES, type MembershipRole } from "../../modules/organisations/organisations.schema";
import type { FieldError } from "../../shared/app-errors";
import { ApiError, client, unwrap } from "../api";
import { errorsByPath, errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useAsync } from "../ui/useAsync";

export function MembershipForm({ organisationId, onAdded }: { organisationId: string; onAdded(): void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [networkId, setNetworkId] = useState("");
  const [role, setRole] = useState<MembershipRole>("member");
  const [roleNote, setRoleNote] = useState("");
  const [startYear, setStartYear] = useState("");
  const [endYear, setEndYear] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const candidates = useAsync(
    () =>
      search.trim().length < 2
        ? Promise.resolve({ items: [], total: 0 })
        : unwrap(client.api.organisations.$get({ query: { q: search, limit: "10" } })),
    [search],
  );
  const byPath = errorsByPath(fieldErrors);
  const err = (path: string) => {
    const e = byPath[path];
    return e ? fieldErrorText(t, e) : undefined;
  };
  const year = (s: string) => (s.trim() === "" ? null : Number(s));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const problems: FieldError[] = [];
    if (!networkId) problems.push({ path: "networkId", message: "", code: "required" });
    for (const [path, value] of [
      ["startYear", startYear],
      ["endYear", endYear],
    ] as const) {
      if (value.trim() !== "" && !/^\d{4}$/.test(value.trim()))
        problems.push({ path, message: "", code: "year" });
    }
    if (problems.length > 0) {
      setFieldErrors(problems);
      return;
    }
    setBusy(true);
    try {
      await unwrap(
        client.api.organisations[":id"].memberships.$post({
          param: { id: organisationId },
          json: { networkId, role, roleNote, startYear: year(startYear), endYear: year(endYear) },
        }),
      );
      setSearch("");
      setNetworkId("");
      setRoleNote("");
      setStartYear("");
      setEndYear("");
      setFieldErrors([]);
      onAdded();
    } catch (e) {
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors);
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const options = (candidates.data?.items ?? []).filter((o) => o.id !== organisationId);
  return (
    <form onSubmit={submit} noValidate className="form form-inline-card">
      <h3>{t("memberships.add")}</h3>
      <Field label={t("memberships.findNetwork")} hint={t("memberships.findNetworkHint")}>
        {(p) => <input {...p} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />}
      </Field>
      <Field label={t("memberships.network")} required error={err("networkId")}>
        {(p) => (
          <select {...p} value={networkId} onChange={(e) => setNetworkId(e.target.value)}>
            <option value="">{options.length > 0 ? t("common.choose") : t("memberships.typeToFind")}</option>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
                {o.acronym ? ` (${o.acronym})` : ""}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="form-row">
        <Field label={t("memberships.role")} required error={err("role")}>
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value as MembershipRole)}>
              {MEMBERSHIP_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`memberships.roles.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("memberships.roleNote")} hint={t("memberships.roleNoteHint")} error={err("roleNote")}>
          {(p) => <input {...p} value={roleNote} onChange={(e) => setRoleNote(e.target.value)} />}
        </Field>
      </div>
      <div className="form-row">
        <Field label={t("memberships.startYear")} error={err("startYear")}>
          {(p) => (
            <input
              {...p}
              inputMode="numeric"
              className="input-short"
              value={startYear}
              onChange={(e) => setStartYear(e.target.value)}
            />
          )}
        </Field>
        <Field label={t("memberships.endYear")} error={err("endYear")}>
          {(p) => (
            <input
              {...p}
              inputMode="numeric"
              className="input-short"
              value={endYear}
              onChange={(e) => setEndYear(e.target.value)}
            />
          )}
        </Field>
      </div>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? t("common.working") : t("memberships.addButton")}
      </button>
    </form>
  );
}
