// The parties of an agreement: found by name (or registered on the spot), each with a role; and which party keeps it.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { PARTY_ROLES, type PartyRole } from "../../modules/agreements/agreements.schema";
import { ORGANISATION_KINDS, type OrganisationKind } from "../../modules/organisations/organisations.schema";
import { client, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useAsync } from "../ui/useAsync";
import type { PartyDraft } from "./useAgreementForm";

export function PartyPicker({
  parties,
  error,
  onChange,
  keeper,
}: {
  parties: PartyDraft[];
  error?: string;
  onChange(parties: PartyDraft[]): void;
  /** Which party keeps the register ("" for none). */
  keeper: { value: string; error?: string; onChange(id: string): void };
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [creating, setCreating] = useState(false);
  const [newKind, setNewKind] = useState<OrganisationKind>("local_cso");
  const [createError, setCreateError] = useState<string | null>(null);
  const errorId = useId();
  const results = useAsync(
    async () => ({
      for: q,
      ...(q.trim().length < 2
        ? { items: [], total: 0 }
        : await unwrap(client.api.organisations.$get({ query: { q, limit: "8" } }))),
    }),
    [q],
  );
  // The matches for what is typed now: none while they load (the last query's would show, then jump).
  const matches = results.data?.for === q ? results.data.items : undefined;
  const add = (organisationId: string, name: string) => {
    if (!parties.some((p) => p.organisationId === organisationId)) {
      onChange([...parties, { organisationId, name, role: "signatory" }]);
    }
    setQ("");
  };
  const createOrganisation = async () => {
    setCreateError(null);
    try {
      const created = await unwrap(
        client.api.organisations.$post({ json: { name: q.trim(), kind: newKind } }),
      );
      add(created.id, created.name);
      setCreating(false);
    } catch (e) {
      setCreateError(errorText(t, e));
    }
  };
  return (
    // The error belongs to the group and to its one text input, where focus goes after a refused save: before, it
    // was a paragraph tied to no field, read by no screen reader unless it happened on it.
    <fieldset aria-describedby={error ? errorId : undefined}>
      <legend>
        {t("agreements.parties")}
        <span aria-hidden="true"> *</span>
      </legend>
      <ul className="plain-list">
        {parties.map((p, i) => (
          <li key={p.organisationId} className="party-row">
            <span>{p.name}</span>
            <select
              aria-label={t("agreements.partyRole", { name: p.name })}
              value={p.role}
              onChange={(e) =>
                onChange(parties.map((x, j) => (j === i ? { ...x, role: e.target.value as PartyRole } : x)))
              }
            >
              {PARTY_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`agreements.roles.${r}`)}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="link-button"
              onClick={() => onChange(parties.filter((_, j) => j !== i))}
            >
              {t("common.remove")}
            </button>
          </li>
        ))}
      </ul>
      {parties.length > 0 || keeper.error ? (
        <Field label={t("agreements.keeper")} hint={t("agreements.keeperHint")} error={keeper.error}>
          {(p) => (
            <select {...p} value={keeper.value} onChange={(e) => keeper.onChange(e.target.value)}>
              <option value="">{t("agreements.keeperNone")}</option>
              {parties.map((party) => (
                <option key={party.organisationId} value={party.organisationId}>
                  {party.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <label className="field">
        <span>{t("agreements.addParty")}</span>
        <input
          type="search"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          // Required until the agreement has its two parties.
          aria-required={parties.length < 2 ? true : undefined}
          value={q}
          placeholder={t("agreements.findOrganisation")}
          onChange={(e) => setQ(e.target.value)}
        />
      </label>
      {q.trim().length >= 2 ? (
        <ul className="suggestions">
          {matches?.map((o) => (
            <li key={o.id}>
              <button type="button" className="link-button" onClick={() => add(o.id, o.name)}>
                {o.name}
                {o.acronym ? ` (${o.acronym})` : ""}
              </button>
            </li>
          ))}
          {/* Offered once the matches for what is typed are in: the list then does not move under the finger (a
              click on "New organisation" landed on a match that arrived meanwhile). */}
          {matches === undefined && !creating ? null : (
            <li>
              {creating ? (
                <span className="inline-form">
                  <select
                    aria-label={t("organisation.kind")}
                    value={newKind}
                    onChange={(e) => setNewKind(e.target.value as OrganisationKind)}
                  >
                    {ORGANISATION_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`organisation.kinds.${k}`)}
                      </option>
                    ))}
                  </select>
                  <button type="button" className="button" onClick={() => void createOrganisation()}>
                    {t("agreements.createOrganisation", { name: q.trim() })}
                  </button>
                </span>
              ) : (
                <button type="button" className="link-button" onClick={() => setCreating(true)}>
                  + {t("agreements.newOrganisationNamed", { name: q.trim() })}
                </button>
              )}
              {createError ? <p className="field-error">{createError}</p> : null}
            </li>
          )}
        </ul>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
