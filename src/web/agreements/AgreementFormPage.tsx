// Register or edit an agreement: parties (with inline new organisation), date as written, themes, areas, commitments.
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { preferredKeeper } from "../../modules/agreements/agreement-keeper";
import {
  AGREEMENT_KINDS,
  AGREEMENT_STATUSES,
  AgreementInputSchema,
  type AgreementKind,
  type AgreementStatus,
  PARTY_ROLES,
  type PartyRole,
  PLACE_SETS,
  type PlaceSet,
} from "../../modules/agreements/agreements.schema";
import type { AuditEntry } from "../../modules/audit/audit.schema";
import { ORGANISATION_KINDS, type OrganisationKind } from "../../modules/organisations/organisations.schema";
import type { FieldError } from "../../shared/app-errors";
import { formatPartialDate, parsePartialDate } from "../../shared/partial-date";
import { fieldErrorsFromZod } from "../../shared/validation";
import { ApiError, client, ifMatch, unwrap } from "../api";
import { OverlapAlert } from "../coordination/OverlapAlert";
import { useMe } from "../session";
import { errorsByPath, errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { History } from "../ui/History";
import { useUiLocale } from "../ui/locale";
import { ThemeChecklist } from "../ui/ThemeChecklist";
import { useAsync } from "../ui/useAsync";

type PartyDraft = { organisationId: string; name: string; role: PartyRole };
type AreaDraft = { placeId: string | null; placeSet: PlaceSet | null; label: string };
type Draft = {
  title: string;
  reference: string;
  kind: AgreementKind;
  status: AgreementStatus;
  purpose: string;
  signedOnText: string;
  validFrom: string;
  validUntil: string;
  renewalTerms: string;
  followUpBody: string;
  amendsId: string;
  amendsTitle: string;
  parties: PartyDraft[];
  /**
   * The party keeping the register: an organisation id, "" for none, or null while nobody chose — then a new
   * agreement shows the preselected one (the user's organisation, or the party keeping most agreements).
   */
  keeperOrganisationId: string | null;
  themes: string[];
  areas: AreaDraft[];
  commitments: string;
};

const EMPTY: Draft = {
  title: "",
  reference: "",
  kind: "mou",
  status: "active",
  purpose: "",
  signedOnText: "",
  validFrom: "",
  validUntil: "",
  renewalTerms: "",
  followUpBody: "",
  amendsId: "",
  amendsTitle: "",
  parties: [],
  keeperOrganisationId: null,
  themes: [],
  areas: [],
  commitments: "",
};

export function AgreementFormPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { id } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [version, setVersion] = useState<number | null>(null);
  /** When the form was filled from the server: a 412 shows what others changed since then. */
  const [loadedAt, setLoadedAt] = useState<string | null>(null);
  const [othersChanges, setOthersChanges] = useState<AuditEntry[]>([]);
  const [loaded, setLoaded] = useState(!id);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  const me = useMe();
  // Only a new agreement preselects its keeper; an edit shows the one it has.
  const keepers = useAsync(
    () => (id ? Promise.resolve({ items: [] }) : unwrap(client.api.agreements.keepers.$get())),
    [id],
  );
  const amendsParam = search.get("amends");

  // Load once per record (or per amended agreement): never overwrite what the user is typing.
  // `t` changes with the language, so it is read through a ref rather than listed as a dependency.
  const tRef = useRef(t);
  tRef.current = t;
  useEffect(() => {
    const t = tRef.current;
    let current = true;
    const source = id ?? amendsParam;
    if (!source) return;
    unwrap(client.api.agreements[":id"].$get({ param: { id: source } })).then(
      (a) => {
        if (!current) return;
        const parties = a.parties.map((p) => ({
          organisationId: p.organisationId,
          name: p.organisationName,
          role: p.role,
        }));
        const areas = a.areas.map((ar) => ({ placeId: ar.placeId, placeSet: ar.placeSet, label: ar.label }));
        if (id) {
          setDraft({
            title: a.title,
            reference: a.reference ?? "",
            kind: a.kind,
            status: a.status,
            purpose: a.purpose ?? "",
            signedOnText: a.signedOn.text ?? "",
            validFrom: a.validFrom ?? "",
            validUntil: a.validUntil ?? "",
            renewalTerms: a.renewalTerms ?? "",
            followUpBody: a.followUpBody ?? "",
            amendsId: a.amends?.id ?? "",
            amendsTitle: a.amends?.title ?? "",
            parties,
            keeperOrganisationId: a.keeperOrganisationId ?? "",
            themes: a.themes,
            areas,
            commitments: "",
          });
          setVersion(a.version);
          setLoadedAt(new Date().toISOString());
        } else {
          // A new amendment starts from the agreement it amends.
          setDraft({
            ...EMPTY,
            kind: "amendment",
            status: "draft",
            title: t("agreements.amendmentOf", { title: a.title }),
            amendsId: a.id,
            amendsTitle: a.title,
            parties,
            // Kept where the amended agreement is kept.
            keeperOrganisationId: a.keeperOrganisationId,
            themes: a.themes,
            areas,
          });
        }
        setLoaded(true);
      },
      (e: unknown) => current && setError(errorText(t, e)),
    );
    return () => {
      current = false;
    };
  }, [id, amendsParam]);

  const byPath = errorsByPath(fieldErrors);
  const err = (path: string) => {
    const e = byPath[path] ?? Object.values(byPath).find((f) => f.path.startsWith(`${path}.`));
    return e ? fieldErrorText(t, e) : undefined;
  };
  const set =
    <K extends keyof Draft>(key: K) =>
    (e: { target: { value: string } }) =>
      setDraft((d) => ({ ...d, [key]: e.target.value }));
  const parsedDate = parsePartialDate(draft.signedOnText);
  const partyIds = draft.parties.map((p) => p.organisationId);
  const keeperId =
    draft.keeperOrganisationId ??
    (id ? "" : (preferredKeeper(me.organisationIds, partyIds, keepers.data?.items ?? []) ?? ""));
  const changeParties = (parties: PartyDraft[]) =>
    setDraft((d) => {
      const kept = d.keeperOrganisationId;
      const gone = kept !== null && kept !== "" && !parties.some((p) => p.organisationId === kept);
      // A keeper that is no longer a party: an edit clears it, a new agreement picks again.
      return { ...d, parties, keeperOrganisationId: gone ? (id ? "" : null) : kept };
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const body = {
      title: draft.title,
      reference: draft.reference,
      kind: draft.kind,
      purpose: draft.purpose,
      signedOnText: draft.signedOnText,
      validFrom: draft.validFrom || null,
      validUntil: draft.validUntil || null,
      renewalTerms: draft.renewalTerms,
      followUpBody: draft.followUpBody,
      amendsId: draft.kind === "amendment" ? draft.amendsId || null : null,
      keeperOrganisationId: keeperId || null,
      parties: draft.parties.map((p) => ({ organisationId: p.organisationId, role: p.role })),
      themes: draft.themes,
      areas: draft.areas.map((a) => (a.placeSet ? { placeSet: a.placeSet } : { placeId: a.placeId })),
    };
    const createBody = {
      ...body,
      status: draft.status,
      commitments: draft.commitments
        .split("\n")
        .map((c) => c.trim())
        .filter(Boolean)
        .map((text) => ({ text })),
    };
    const parsed = AgreementInputSchema.safeParse(createBody);
    if (!parsed.success) {
      setFieldErrors(fieldErrorsFromZod(parsed.error));
      setError(t("errors.invalid"));
      return;
    }
    setFieldErrors([]);
    setBusy(true);
    try {
      const saved =
        id && version !== null
          ? await unwrap(
              client.api.agreements[":id"].$patch({ param: { id }, header: ifMatch(version), json: body }),
            )
          : await unwrap(client.api.agreements.$post({ json: createBody }));
      navigate(`/agreements/${saved.id}`, { state: { saved: true } });
    } catch (e) {
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors);
      setError(e instanceof ApiError && e.status === 412 ? t("agreements.staleEdit") : errorText(t, e));
      if (e instanceof ApiError && e.status === 412 && id && loadedAt) {
        // Show what the other person changed, so the user can merge by hand instead of guessing.
        const history = await unwrap(client.api.agreements[":id"].history.$get({ param: { id } })).catch(
          () => null,
        );
        setOthersChanges(history?.items.filter((h) => h.occurredAt > loadedAt) ?? []);
      }
    } finally {
      setBusy(false);
    }
  };

  const back = id ? `/agreements/${id}` : "/agreements";
  return (
    <div className="page page-narrow">
      <p>
        <Link to={back}>← {t("common.back")}</Link>
      </p>
      <h1>{id ? t("agreements.editTitle") : t("agreements.createTitle")}</h1>
      {!loaded && !error ? <p>{t("common.loading")}</p> : null}
      {loaded ? (
        <form onSubmit={submit} noValidate className="form">
          <Field label={t("agreements.titleField")} required error={err("title")}>
            {(p) => <input {...p} value={draft.title} onChange={set("title")} />}
          </Field>
          <div className="form-row">
            <Field label={t("agreements.kind")} required error={err("kind")}>
              {(p) => (
                <select {...p} value={draft.kind} onChange={set("kind")}>
                  {AGREEMENT_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`agreements.kinds.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {id ? null : (
              <Field label={t("agreements.initialStatus")} error={err("status")}>
                {(p) => (
                  <select {...p} value={draft.status} onChange={set("status")}>
                    {AGREEMENT_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {t(`agreements.statuses.${s}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
          </div>
          {draft.kind === "amendment" ? (
            <AmendsPicker
              value={draft.amendsId}
              title={draft.amendsTitle}
              exceptId={id}
              error={err("amendsId")}
              onChange={(amendsId, amendsTitle) => setDraft((d) => ({ ...d, amendsId, amendsTitle }))}
            />
          ) : null}
          <Field label={t("agreements.reference")} error={err("reference")}>
            {(p) => <input {...p} value={draft.reference} onChange={set("reference")} />}
          </Field>

          <PartyPicker
            parties={draft.parties}
            error={err("parties")}
            onChange={changeParties}
            keeper={{
              value: keeperId,
              error: err("keeperOrganisationId"),
              onChange: (keeperOrganisationId) => setDraft((d) => ({ ...d, keeperOrganisationId })),
            }}
          />

          <Field
            label={t("agreements.signedOnText")}
            hint={
              draft.signedOnText.trim() === ""
                ? t("agreements.signedOnHint")
                : parsedDate.precision === "none"
                  ? t("agreements.dateNotRead")
                  : t("agreements.dateReadAs", {
                      date: formatPartialDate(parsedDate, locale),
                      precision: t(`agreements.precisions.${parsedDate.precision}`),
                    })
            }
            error={err("signedOnText")}
          >
            {(p) => <input {...p} value={draft.signedOnText} onChange={set("signedOnText")} />}
          </Field>
          <div className="form-row">
            <Field label={t("agreements.validFrom")} error={err("validFrom")}>
              {(p) => <input {...p} type="date" value={draft.validFrom} onChange={set("validFrom")} />}
            </Field>
            <Field label={t("agreements.validUntil")} error={err("validUntil")}>
              {(p) => <input {...p} type="date" value={draft.validUntil} onChange={set("validUntil")} />}
            </Field>
          </div>
          <Field label={t("agreements.renewalTerms")} error={err("renewalTerms")}>
            {(p) => <input {...p} value={draft.renewalTerms} onChange={set("renewalTerms")} />}
          </Field>
          <Field label={t("agreements.purpose")} error={err("purpose")}>
            {(p) => <textarea {...p} rows={3} value={draft.purpose} onChange={set("purpose")} />}
          </Field>

          <ThemeChecklist
            legend={t("agreements.themes")}
            themes={themes.data?.items ?? []}
            selected={draft.themes}
            error={err("themes")}
            onChange={(codes) => setDraft((d) => ({ ...d, themes: codes }))}
          />

          <AreaPicker
            areas={draft.areas}
            error={err("areas")}
            onChange={(areas) => setDraft((d) => ({ ...d, areas }))}
          />
          <OverlapAlert
            themes={draft.themes}
            areas={draft.areas}
            validFrom={draft.validFrom}
            validUntil={draft.validUntil}
            partyIds={draft.parties.map((p) => p.organisationId)}
            agreementId={id}
          />

          <Field
            label={t("agreements.followUpBody")}
            hint={t("agreements.followUpHint")}
            error={err("followUpBody")}
          >
            {(p) => <input {...p} value={draft.followUpBody} onChange={set("followUpBody")} />}
          </Field>
          {id ? null : (
            <Field
              label={t("agreements.commitments")}
              hint={t("agreements.commitmentsHint")}
              error={err("commitments")}
            >
              {(p) => <textarea {...p} rows={4} value={draft.commitments} onChange={set("commitments")} />}
            </Field>
          )}
          {error ? (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          ) : null}
          {othersChanges.length > 0 ? (
            <section aria-label={t("agreements.othersChanges")}>
              <h2>{t("agreements.othersChanges")}</h2>
              <History
                entries={othersChanges}
                fieldLabel={(field) => t(`agreements.fields.${field}`, { defaultValue: field })}
              />
            </section>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t("common.working") : t("common.save")}
            </button>
            <Link to={back} className="button">
              {t("common.cancel")}
            </Link>
          </div>
        </form>
      ) : null}
      {!loaded && error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function PartyPicker({
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
  const results = useAsync(
    () =>
      q.trim().length < 2
        ? Promise.resolve({ items: [], total: 0 })
        : unwrap(client.api.organisations.$get({ query: { q, limit: "8" } })),
    [q],
  );
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
    <fieldset>
      <legend>{t("agreements.parties")} *</legend>
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
          value={q}
          placeholder={t("agreements.findOrganisation")}
          onChange={(e) => setQ(e.target.value)}
        />
      </label>
      {q.trim().length >= 2 ? (
        <ul className="suggestions">
          {results.data?.items.map((o) => (
            <li key={o.id}>
              <button type="button" className="link-button" onClick={() => add(o.id, o.name)}>
                {o.name}
                {o.acronym ? ` (${o.acronym})` : ""}
              </button>
            </li>
          ))}
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
        </ul>
      ) : null}
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}

function AreaPicker({
  areas,
  error,
  onChange,
}: {
  areas: AreaDraft[];
  error?: string;
  onChange(areas: AreaDraft[]): void;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const [q, setQ] = useState("");
  const results = useAsync(
    () =>
      q.trim().length < 2
        ? Promise.resolve({ items: [], total: 0 })
        : unwrap(client.api.places.$get({ query: { q, limit: "8" } })),
    [q],
  );
  const has = (a: AreaDraft) =>
    areas.some((x) => (a.placeSet ? x.placeSet === a.placeSet : x.placeId === a.placeId));
  const add = (a: AreaDraft) => {
    if (!has(a)) onChange([...areas, a]);
    setQ("");
  };
  return (
    <fieldset>
      <legend>{t("agreements.areas")}</legend>
      <div className="chips">
        {areas.map((a, i) => (
          <span key={a.placeSet ?? a.placeId} className="chip">
            {a.placeSet ? t(`agreements.sets.${a.placeSet}`) : a.label}
            <button
              type="button"
              aria-label={t("common.remove")}
              onClick={() => onChange(areas.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </span>
        ))}
      </div>
      <div className="inline-form">
        {PLACE_SETS.map((s) => (
          <button
            key={s}
            type="button"
            className="button"
            onClick={() => add({ placeId: null, placeSet: s, label: s })}
          >
            + {t(`agreements.sets.${s}`)}
          </button>
        ))}
      </div>
      <Field label={t("agreements.findPlace")}>
        {(p) => <input {...p} type="search" value={q} onChange={(e) => setQ(e.target.value)} />}
      </Field>
      {q.trim().length >= 2 ? (
        <ul className="suggestions">
          {results.data?.items.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="link-button"
                onClick={() => add({ placeId: p.id, placeSet: null, label: p.names[locale] })}
              >
                {p.names[locale]}{" "}
                <span className="muted">
                  ({t(`agreements.placeKinds.${p.kind}`)}
                  {p.parentName ? `, ${p.parentName}` : ""})
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}

function AmendsPicker({
  value,
  title,
  exceptId,
  error,
  onChange,
}: {
  value: string;
  title: string;
  exceptId?: string;
  error?: string;
  onChange(id: string, title: string): void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const results = useAsync(
    () =>
      q.trim().length < 2
        ? Promise.resolve({ items: [], total: 0 })
        : unwrap(client.api.agreements.$get({ query: { q, limit: "8" } })),
    [q],
  );
  return (
    <fieldset>
      <legend>{t("agreements.amends")} *</legend>
      {value ? <p>{title}</p> : <p className="muted">{t("agreements.chooseAmended")}</p>}
      <Field label={t("agreements.findAgreement")}>
        {(p) => <input {...p} type="search" value={q} onChange={(e) => setQ(e.target.value)} />}
      </Field>
      <ul className="suggestions">
        {results.data?.items
          .filter((a) => a.id !== exceptId)
          .map((a) => (
            <li key={a.id}>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  onChange(a.id, a.title);
                  setQ("");
                }}
              >
                {a.title}
              </button>
            </li>
          ))}
      </ul>
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}
