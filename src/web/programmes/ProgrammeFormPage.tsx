// Registers a programme, or edits one (/programmes/:id/edit): title, lead, partners, donors with funding, period,
// status, places, themes, linked agreements, description. Edits send If-Match; a 412 shows what others changed.
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import type { AuditEntry } from "../../modules/audit/audit.schema";
import { PROGRAMME_STATUSES, type ProgrammeStatus } from "../../modules/programmes/programmes.schema";
import type { FieldError } from "../../shared/app-errors";
import { ApiError, client, ifMatch, unwrap } from "../api";
import { errorsByPath, errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { History } from "../ui/History";
import { ThemeChecklist } from "../ui/ThemeChecklist";
import { useAsync } from "../ui/useAsync";
import { programmeFieldError } from "./ProgrammeBits";

type DonorDraft = { key: number; organisationId: string; amount: string; currency: string };
type Ref = { id: string; name: string };
type Draft = {
  title: string;
  leadOrganisationId: string;
  startDate: string;
  endDate: string;
  status: ProgrammeStatus;
  objective: string;
  description: string;
  partnerIds: string[];
  donors: DonorDraft[];
  districtIds: string[];
  /** Places that are not districts (sectors, facilities, from an import): kept unless removed. */
  otherPlaces: Ref[];
  themes: string[];
  agreements: Ref[];
};

let nextKey = 0;
const newDonor = (): DonorDraft => ({ key: nextKey++, organisationId: "", amount: "", currency: "USD" });
const EMPTY: Draft = {
  title: "",
  leadOrganisationId: "",
  startDate: "",
  endDate: "",
  status: "planned",
  objective: "",
  description: "",
  partnerIds: [],
  donors: [],
  districtIds: [],
  otherPlaces: [],
  themes: [],
  agreements: [],
};

export function ProgrammeFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id } = useParams();
  const organisations = useAsync(
    () => unwrap(client.api.organisations.$get({ query: { limit: "200" } })),
    [],
  );
  const districts = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "district", limit: "100" } })),
    [],
  );
  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  const [draft, setDraft] = useState<Draft>(() => ({ ...EMPTY, donors: [newDonor()] }));
  const [version, setVersion] = useState<number | null>(null);
  const [loadedAt, setLoadedAt] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(!id);
  const [othersChanges, setOthersChanges] = useState<AuditEntry[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const byPath = errorsByPath(errors);
  const err = (path: string) => (byPath[path] ? programmeFieldError(t, byPath[path]) : undefined);
  const errUnder = (path: string) => {
    const e = byPath[path] ?? errors.find((x) => x.path.startsWith(`${path}.`));
    return e ? programmeFieldError(t, e) : undefined;
  };
  const set = (key: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  // Load once per programme: never overwrite what the user is typing (t is read through a ref).
  const tRef = useRef(t);
  tRef.current = t;
  useEffect(() => {
    if (!id) return;
    let current = true;
    unwrap(client.api.programmes[":id"].$get({ param: { id } })).then(
      (p) => {
        if (!current) return;
        setDraft({
          title: p.title,
          leadOrganisationId: p.lead.id,
          startDate: p.startDate,
          endDate: p.endDate,
          status: p.status,
          objective: "",
          description: p.description ?? "",
          partnerIds: p.partners.map((o) => o.id),
          donors: p.donors.map((d) => ({
            key: nextKey++,
            organisationId: d.id,
            amount: d.amount === null ? "" : String(d.amount),
            currency: d.currency ?? "USD",
          })),
          districtIds: p.places.filter((x) => x.kind === "district").map((x) => x.id),
          otherPlaces: p.places.filter((x) => x.kind !== "district"),
          themes: p.themes,
          agreements: p.agreements.map((a) => ({ id: a.id, name: a.title })),
        });
        setVersion(p.version);
        setLoadedAt(new Date().toISOString());
        setLoaded(true);
      },
      (e: unknown) => current && setFailure(errorText(tRef.current, e)),
    );
    return () => {
      current = false;
    };
  }, [id]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors([]);
    setFailure(null);
    setBusy(true);
    const body = {
      title: draft.title,
      leadOrganisationId: draft.leadOrganisationId,
      startDate: draft.startDate,
      endDate: draft.endDate,
      status: draft.status,
      description: draft.description || null,
      partnerIds: draft.partnerIds,
      placeIds: [...draft.districtIds, ...draft.otherPlaces.map((x) => x.id)],
      themes: draft.themes,
      agreementIds: draft.agreements.map((a) => a.id),
      // A row without an organisation is no donor; a typed amount (even a wrong one) goes to the server to be checked.
      donors: draft.donors
        .filter((d) => d.organisationId)
        .map((d) => ({
          organisationId: d.organisationId,
          amount: d.amount.trim() === "" ? null : Number(d.amount),
          currency: d.amount.trim() === "" ? null : d.currency.trim().toUpperCase(),
        })),
    };
    try {
      const saved =
        id && version !== null
          ? await unwrap(
              client.api.programmes[":id"].$patch({ param: { id }, header: ifMatch(version), json: body }),
            )
          : await unwrap(
              client.api.programmes.$post({ json: { ...body, objective: draft.objective || undefined } }),
            );
      navigate(`/programmes/${saved.id}`);
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors);
      const stale = error instanceof ApiError && error.status === 412;
      setFailure(stale ? t("programmes.editing.staleEdit") : errorText(t, error));
      if (stale && id && loadedAt) {
        // Show what the other person changed, so the user can merge by hand instead of guessing.
        const history = await unwrap(client.api.programmes[":id"].history.$get({ param: { id } })).catch(
          () => null,
        );
        setOthersChanges(history?.items.filter((h) => h.occurredAt > loadedAt) ?? []);
      }
    } finally {
      setBusy(false);
    }
  };

  const setDonor = (key: number, patch: Partial<DonorDraft>) =>
    setDraft((d) => ({ ...d, donors: d.donors.map((x) => (x.key === key ? { ...x, ...patch } : x)) }));
  const back = id ? `/programmes/${id}` : "/programmes";
  const orgOptions = organisations.data?.items.map((o) => (
    <option key={o.id} value={o.id}>
      {o.name}
    </option>
  ));

  return (
    <div className="page page-narrow">
      <p>
        <Link to={back}>← {t("common.back")}</Link>
      </p>
      <h1>{id ? t("programmes.editing.editTitle") : t("programmes.new")}</h1>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      ) : null}
      {othersChanges.length > 0 ? (
        <section aria-label={t("programmes.editing.othersChanges")}>
          <h2>{t("programmes.editing.othersChanges")}</h2>
          <History
            entries={othersChanges}
            fieldLabel={(field) => t(`programmes.fields.${field}`, { defaultValue: field })}
            formatValue={(field, value) =>
              field === "status" && typeof value === "string"
                ? t(`programmes.statuses.${value}`, { defaultValue: value })
                : undefined
            }
          />
        </section>
      ) : null}
      {!loaded ? <p>{t("common.loading")}</p> : null}
      {loaded ? (
        <form className="form" onSubmit={submit} noValidate>
          <Field label={t("programmes.fields.title")} error={err("title")} required>
            {(p) => <input {...p} value={draft.title} onChange={set("title")} />}
          </Field>
          <Field label={t("programmes.fields.lead")} error={err("leadOrganisationId")} required>
            {(p) => (
              <select {...p} value={draft.leadOrganisationId} onChange={set("leadOrganisationId")}>
                <option value="">—</option>
                {orgOptions}
              </select>
            )}
          </Field>
          <div className="form-row">
            <Field label={t("programmes.fields.startDate")} error={err("startDate")} required>
              {(p) => <input {...p} type="date" value={draft.startDate} onChange={set("startDate")} />}
            </Field>
            <Field label={t("programmes.fields.endDate")} error={err("endDate")} required>
              {(p) => <input {...p} type="date" value={draft.endDate} onChange={set("endDate")} />}
            </Field>
          </div>
          <Field label={t("programmes.fields.status")} error={err("status")}>
            {(p) => (
              <select {...p} value={draft.status} onChange={set("status")}>
                {PROGRAMME_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`programmes.statuses.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("programmes.fields.partners")} error={errUnder("partnerIds")}>
            {(p) => (
              <select
                {...p}
                multiple
                size={4}
                value={draft.partnerIds}
                onChange={(e) =>
                  setDraft((d) => ({ ...d, partnerIds: [...e.target.selectedOptions].map((o) => o.value) }))
                }
              >
                {orgOptions}
              </select>
            )}
          </Field>
          <fieldset>
            <legend>{t("programmes.fields.donors")}</legend>
            {draft.donors.map((d, i) => (
              <div className="form-row donor-row" key={d.key} data-testid="donor-row">
                <Field label={t("programmes.fields.donor")} error={err(`donors.${i}.organisationId`)}>
                  {(p) => (
                    <select
                      {...p}
                      value={d.organisationId}
                      onChange={(e) => setDonor(d.key, { organisationId: e.target.value })}
                    >
                      <option value="">—</option>
                      {orgOptions}
                    </select>
                  )}
                </Field>
                <Field label={t("programmes.fields.amount")} error={err(`donors.${i}.amount`)}>
                  {(p) => (
                    <input
                      {...p}
                      className="input-short"
                      inputMode="decimal"
                      value={d.amount}
                      onChange={(e) => setDonor(d.key, { amount: e.target.value })}
                    />
                  )}
                </Field>
                <Field label={t("programmes.fields.currency")} error={err(`donors.${i}.currency`)}>
                  {(p) => (
                    <input
                      {...p}
                      className="input-short"
                      maxLength={3}
                      value={d.currency}
                      onChange={(e) => setDonor(d.key, { currency: e.target.value })}
                    />
                  )}
                </Field>
                <button
                  type="button"
                  className="link-button"
                  aria-label={t("programmes.editing.removeDonor", { n: i + 1 })}
                  onClick={() => setDraft((x) => ({ ...x, donors: x.donors.filter((o) => o.key !== d.key) }))}
                >
                  {t("common.remove")}
                </button>
              </div>
            ))}
            <button
              type="button"
              className="link-button"
              onClick={() => setDraft((x) => ({ ...x, donors: [...x.donors, newDonor()] }))}
            >
              {t("programmes.editing.addDonor")}
            </button>
          </fieldset>
          <Field label={t("programmes.fields.districts")} error={errUnder("placeIds")}>
            {(p) => (
              <select
                {...p}
                multiple
                size={5}
                value={draft.districtIds}
                onChange={(e) =>
                  setDraft((d) => ({ ...d, districtIds: [...e.target.selectedOptions].map((o) => o.value) }))
                }
              >
                {districts.data?.items.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {draft.otherPlaces.length > 0 ? (
            <fieldset>
              <legend>{t("programmes.editing.otherPlaces")}</legend>
              <div className="chips">
                {draft.otherPlaces.map((x) => (
                  <span key={x.id} className="chip">
                    {x.name}
                    <button
                      type="button"
                      aria-label={`${t("common.remove")} ${x.name}`}
                      onClick={() =>
                        setDraft((d) => ({ ...d, otherPlaces: d.otherPlaces.filter((o) => o.id !== x.id) }))
                      }
                    >
                      ×
                    </button>
                  </span>
                ))}
              </div>
            </fieldset>
          ) : null}
          <ThemeChecklist
            legend={t("programmes.fields.themes")}
            themes={themes.data?.items ?? []}
            selected={draft.themes}
            error={errUnder("themes")}
            onChange={(codes) => setDraft((d) => ({ ...d, themes: codes }))}
          />
          <AgreementPicker
            agreements={draft.agreements}
            error={errUnder("agreementIds")}
            onChange={(agreements) => setDraft((d) => ({ ...d, agreements }))}
          />
          {id ? null : (
            <Field label={t("programmes.fields.objective")} error={err("objective")}>
              {(p) => <textarea {...p} rows={3} value={draft.objective} onChange={set("objective")} />}
            </Field>
          )}
          <Field label={t("programmes.fields.description")} error={err("description")}>
            {(p) => <textarea {...p} rows={4} value={draft.description} onChange={set("description")} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t("common.working") : id ? t("common.save") : t("programmes.create")}
            </button>
            <Link to={back} className="button">
              {t("common.cancel")}
            </Link>
          </div>
        </form>
      ) : null}
    </div>
  );
}

/** Linked agreements: found by title, shown as chips. */
function AgreementPicker({
  agreements,
  error,
  onChange,
}: {
  agreements: Ref[];
  error?: string;
  onChange(agreements: Ref[]): void;
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
      <legend>{t("programmes.editing.agreements")}</legend>
      <div className="chips">
        {agreements.map((a) => (
          <span key={a.id} className="chip">
            {a.name}
            <button
              type="button"
              aria-label={`${t("common.remove")} ${a.name}`}
              onClick={() => onChange(agreements.filter((x) => x.id !== a.id))}
            >
              ×
            </button>
          </span>
        ))}
      </div>
      <Field label={t("programmes.editing.findAgreement")}>
        {(p) => <input {...p} type="search" value={q} onChange={(e) => setQ(e.target.value)} />}
      </Field>
      {q.trim().length >= 2 ? (
        <ul className="suggestions">
          {results.data?.items
            .filter((a) => !agreements.some((x) => x.id === a.id))
            .map((a) => (
              <li key={a.id}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    onChange([...agreements, { id: a.id, name: a.title }]);
                    setQ("");
                  }}
                >
                  {a.title}
                </button>
              </li>
            ))}
        </ul>
      ) : null}
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}
