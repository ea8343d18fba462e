// The parties of an agreement: found by name (or registered on the spot), each with a role; and which party keeps it.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { PARTY_ROLES, type PartyRole } from "../../modules/agreements/agreements.schema";
import { ORGANISATION_KINDS, type OrganisationKind } from "../../modules/organisations/organisations.schema";
import { client, unwrap } from "../api";
import { Combobox } from "../ui/Combobox";
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
  const group = useRef<HTMLFieldSetElement>(null);
  const kindSelect = useRef<HTMLSelectElement>(null);
  // "New organisation" chosen, by keyboard or by hand: the next thing to set is its kind.
  useEffect(() => {
    if (creating) kindSelect.current?.focus();
  }, [creating]);
  /** Back to the search field: after a party is removed, or the new organisation created, the focus has a place. */
  const focusSearch = () => group.current?.querySelector<HTMLInputElement>('input[role="combobox"]')?.focus();
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
      focusSearch();
    } catch (e) {
      setCreateError(errorText(t, e));
    }
  };
  return (
    <fieldset ref={group}>
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
              aria-label={t("common.removeNamed", { name: p.name })}
              onClick={() => {
                onChange(parties.filter((_, j) => j !== i));
                focusSearch();
              }}
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
      <Combobox
        label={t("agreements.addParty")}
        value={q}
        onValueChange={(v) => {
          setQ(v);
          setCreating(false);
        }}
        placeholder={t("agreements.findOrganisation")}
        // Required until the agreement has its two parties; the parties' error is this field's, where focus goes
        // after a refused save.
        required={parties.length < 2}
        error={error}
        // "New organisation" is offered once the matches for what is typed are in: the list then does not move
        // under the finger (a click on it landed on a match that arrived meanwhile).
        options={
          matches === undefined
            ? undefined
            : [
                ...matches.map((o) => ({
                  key: o.id,
                  content: `${o.name}${o.acronym ? ` (${o.acronym})` : ""}`,
                  choose: () => add(o.id, o.name),
                })),
                {
                  key: "new",
                  content: `+ ${t("agreements.newOrganisationNamed", { name: q.trim() })}`,
                  choose: () => setCreating(true),
                },
              ]
        }
      />
      {creating && q.trim().length >= 2 ? (
        <div className="inline-form">
          <select
            aria-label={t("organisation.kind")}
            value={newKind}
            onChange={(e) => setNewKind(e.target.value as OrganisationKind)}
            ref={kindSelect}
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
          {createError ? <p className="field-error">{createError}</p> : null}
        </div>
      ) : null}
    </fieldset>
  );
}
