// The persons of an incident: code and profile for every reader, name and contact only when the answer holds them
// (the identity permission), and each person's consent records: given or refused, how, when, by whom, for what,
// withdrawn from which day; a warning for a child under 16 without a guardian's consent.
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  type Consent,
  type ConsentInput,
  ConsentInputSchema,
  type ConsentPurpose,
  type Incident,
  isUnder16,
  PERSON_ROLES,
  type Person,
  type PersonRole,
} from "../../modules/incidents/incidents.schema";
import type { FieldError } from "../../shared/app-errors";
import { formatDate } from "../../shared/dates";
import { todayInKigali } from "../../shared/today";
import { fieldErrorsFromZod } from "../../shared/validation";
import { ApiError } from "../api";
import { DateInput } from "../ui/DateInput";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { useProfileText } from "./IncidentBits";
import { incidentErrorText } from "./incident-errors";
import { incidentRequests } from "./incident-requests";
import { type ChosenOrganisation, OrganisationChooser } from "./OrganisationChooser";
import { PersonForm, RemovePerson } from "./PersonEditForms";
import { consentStands, lacksGuardianConsent } from "./person-consent";

type Props = {
  incident: Incident;
  onPersonChanged(person: Person): void;
  /** Fetches the incident again: after a person is added or removed, or someone else changed one first. */
  reload(): void;
};

export function IncidentPersons({ incident, onPersonChanged, reload }: Props) {
  const { t } = useTranslation();
  const profileText = useProfileText();
  const today = todayInKigali();
  // The person being changed (an id), or the role of one being added; one form open at a time.
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState<PersonRole | null>(null);
  const [stale, setStale] = useState(false);
  // Changing persons is for those who keep the incident, not for a reader in an emergency.
  const mayChange = incident.can.update && !incident.breakGlassUntil;
  const onStale = () => {
    setEditing(null);
    setAdding(null);
    setStale(true);
    reload();
  };
  return (
    <section className="incident-section" aria-labelledby="persons-title">
      <h2 id="persons-title">{t("incidents.persons.title")}</h2>
      {stale ? (
        <p className="alert alert-warning" role="status">
          {t("incidents.persons.stale")}
        </p>
      ) : null}
      {incident.persons.length === 0 ? <p className="muted">{t("incidents.persons.none")}</p> : null}
      <ul className="plain-list">
        {incident.persons.map((person) => (
          <li key={person.id} className="incident-row" data-testid={`person-${person.code}`}>
            <h3>
              <span className="person-code">{person.code}</span>{" "}
              {lacksGuardianConsent(person, today) ? (
                <span className="tag tag-warning">{t("incidents.consent.guardianMissing")}</span>
              ) : null}
            </h3>
            {editing === person.id ? (
              <PersonForm
                incident={incident}
                person={person}
                onDone={(changed) => {
                  setEditing(null);
                  onPersonChanged(changed);
                }}
                onCancel={() => setEditing(null)}
                onStale={onStale}
              />
            ) : (
              <p>
                {profileText(person)}
                {mayChange ? (
                  <>
                    {" "}
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => {
                        setStale(false);
                        setAdding(null);
                        setEditing(person.id);
                      }}
                    >
                      {t("incidents.persons.edit", { code: person.code })}
                    </button>
                  </>
                ) : null}
              </p>
            )}
            {editing !== person.id &&
            person.identity &&
            (person.identity.name !== null || person.identity.contact !== null) ? (
              <dl className="identity">
                <dt>{t("incidents.fields.name")}</dt>
                <dd>{person.identity.name ?? "—"}</dd>
                <dt>{t("incidents.fields.contact")}</dt>
                <dd>{person.identity.contact ?? "—"}</dd>
              </dl>
            ) : null}
            {/* Consent is asked of those a case serves (victims, witnesses); an alleged perpetrator's shows if any. */}
            {person.role !== "perpetrator" || person.consents.length > 0 ? (
              <ConsentList incident={incident} person={person} onPersonChanged={onPersonChanged} />
            ) : null}
            {incident.can.seeIdentity && !incident.breakGlassUntil ? (
              <p>
                <a href={incidentRequests.subjectAccessUrl(person.code)} download>
                  {t("incidents.persons.subjectAccess", { code: person.code })}
                </a>
              </p>
            ) : null}
            {mayChange && editing !== person.id ? (
              <RemovePerson incident={incident} person={person} onRemoved={reload} onStale={onStale} />
            ) : null}
          </li>
        ))}
      </ul>
      {mayChange ? (
        adding ? (
          <PersonForm
            incident={incident}
            role={adding}
            onDone={() => {
              setAdding(null);
              reload();
            }}
            onCancel={() => setAdding(null)}
            onStale={onStale}
          />
        ) : (
          <div className="actions">
            {PERSON_ROLES.map((role) => (
              <button
                key={role}
                type="button"
                className="button"
                onClick={() => {
                  setStale(false);
                  setEditing(null);
                  setAdding(role);
                }}
              >
                {t(`incidents.persons.add.${role}`)}
              </button>
            ))}
          </div>
        )
      ) : null}
    </section>
  );
}

function ConsentList({
  incident,
  person,
  onPersonChanged,
}: { incident: Incident; person: Person } & Pick<Props, "onPersonChanged">) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const [adding, setAdding] = useState(false);
  const today = todayInKigali();
  const inForce = CONSENT_PURPOSES.filter((p) => person.consentInForce[p]);
  return (
    <div>
      <h4>{t("incidents.consent.title")}</h4>
      <p className="muted">
        {inForce.length > 0
          ? t("incidents.consent.inForce", {
              purposes: inForce.map((p) => t(`incidents.consent.purpose.${p}`)).join(", "),
            })
          : t("incidents.consent.noneInForce")}
      </p>
      {person.consents.length > 0 ? (
        <ul className="plain-list">
          {person.consents.map((c) => (
            <li key={c.id} className={consentStands(c, today) ? undefined : "muted"}>
              {consentText(t, c, locale)}
              {c.given && c.withdrawnOn === null && incident.can.update ? (
                <WithdrawConsent
                  incidentId={incident.id}
                  personId={person.id}
                  consent={c}
                  onWithdrawn={onPersonChanged}
                />
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {incident.can.update ? (
        adding ? (
          <ConsentForm
            incidentId={incident.id}
            person={person}
            onAdded={(p) => {
              setAdding(false);
              onPersonChanged(p);
            }}
            onCancel={() => setAdding(false)}
          />
        ) : (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            {t("incidents.consent.add", { code: person.code })}
          </button>
        )
      ) : null}
    </div>
  );
}

type T = ReturnType<typeof useTranslation>["t"];

function consentText(t: T, c: Consent, locale: "en" | "fr" | "rw"): string {
  const by =
    c.givenBy === "guardian"
      ? t("incidents.consent.byGuardian", { relation: c.guardianRelation ?? "" })
      : t("incidents.consent.byPerson");
  const purposes = c.purposes.map((p) => t(`incidents.consent.purpose.${p}`)).join(", ");
  const shared =
    c.sharedWith.length > 0
      ? ` ${t("incidents.consent.sharedWith", { names: c.sharedWith.map((o) => o.name).join(", ") })}`
      : "";
  const main = t(c.given ? "incidents.consent.givenLine" : "incidents.consent.refusedLine", {
    method: t(`incidents.consent.method.${c.method}`),
    date: formatDate(c.givenOn, locale),
    by,
    purposes,
  });
  const withdrawn = c.withdrawnOn
    ? ` ${t("incidents.consent.withdrawnLine", { date: formatDate(c.withdrawnOn, locale) })}`
    : "";
  return `${main}${shared}${withdrawn} ${t("incidents.consent.recordedBy", { name: c.recordedBy })}`;
}

function WithdrawConsent({
  incidentId,
  personId,
  consent,
  onWithdrawn,
}: {
  incidentId: string;
  personId: string;
  consent: Consent;
  onWithdrawn(person: Person): void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [on, setOn] = useState(todayInKigali());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <>
        {" "}
        <button type="button" className="link-button" onClick={() => setOpen(true)}>
          {t("incidents.consent.withdraw")}
        </button>
      </>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onWithdrawn(await incidentRequests.withdrawConsent(incidentId, personId, consent.id, on));
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };
  return (
    <form className="form-inline-card" onSubmit={submit}>
      <Field label={t("incidents.consent.withdrawnOn")} hint={t("incidents.consent.withdrawHint")} required>
        {(p) => <DateInput control={p} value={on} onChange={setOn} />}
      </Field>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-danger" disabled={busy}>
          {t("incidents.consent.withdrawConfirm")}
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}

type ConsentDraft = {
  given: boolean;
  method: ConsentInput["method"];
  givenOn: string;
  givenBy: ConsentInput["givenBy"];
  guardianRelation: string;
  purposes: ConsentPurpose[];
  sharedWith: ChosenOrganisation[];
};

function ConsentForm({
  incidentId,
  person,
  onAdded,
  onCancel,
}: {
  incidentId: string;
  person: Person;
  onAdded(person: Person): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const answerName = useId();
  const [draft, setDraft] = useState<ConsentDraft>(() => ({
    given: true,
    method: "oral",
    givenOn: todayInKigali(),
    // Under 16, a guardian answers (law No 058/2021).
    givenBy: isUnder16(person.ageGroup) ? "guardian" : "person",
    guardianRelation: "",
    purposes: ["referral"],
    sharedWith: [],
  }));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ConsentDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const err = (path: string) => {
    const e = errors.find((x) => x.path === path || x.path.startsWith(`${path}.`));
    return e ? incidentErrorText(t, e) : undefined;
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const sharing = draft.purposes.includes("sharing");
    const parsed = ConsentInputSchema.safeParse({
      given: draft.given,
      method: draft.method,
      givenOn: draft.givenOn,
      givenBy: draft.givenBy,
      guardianRelation: draft.givenBy === "guardian" ? draft.guardianRelation : null,
      purposes: draft.purposes,
      sharedWithOrganisationIds: sharing ? draft.sharedWith.map((o) => o.id) : [],
    });
    if (!parsed.success) {
      setErrors(fieldErrorsFromZod(parsed.error));
      setFailure(t("errors.invalid"));
      return;
    }
    setBusy(true);
    setErrors([]);
    setFailure(null);
    try {
      onAdded(await incidentRequests.addConsent(incidentId, person.id, parsed.data));
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors);
      setFailure(errorText(t, error));
      setBusy(false);
    }
  };
  return (
    <form className="form form-inline-card" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t("incidents.consent.answer")}</legend>
        <label className="check">
          <input type="radio" name={answerName} checked={draft.given} onChange={() => set({ given: true })} />
          <span>{t("incidents.consent.given")}</span>
        </label>
        <label className="check">
          <input
            type="radio"
            name={answerName}
            checked={!draft.given}
            onChange={() => set({ given: false })}
          />
          <span>{t("incidents.consent.refused")}</span>
        </label>
      </fieldset>
      <div className="form-row">
        <Field label={t("incidents.consent.methodLabel")} error={err("method")}>
          {(p) => (
            <select
              {...p}
              value={draft.method}
              onChange={(e) => set({ method: CONSENT_METHODS.find((m) => m === e.target.value) ?? "oral" })}
            >
              {CONSENT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`incidents.consent.method.${m}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("incidents.consent.givenOn")} required error={err("givenOn")}>
          {(p) => <DateInput control={p} value={draft.givenOn} onChange={(givenOn) => set({ givenOn })} />}
        </Field>
      </div>
      <div className="form-row">
        <Field label={t("incidents.consent.givenByLabel")} error={err("givenBy")}>
          {(p) => (
            <select
              {...p}
              value={draft.givenBy}
              onChange={(e) => set({ givenBy: e.target.value === "guardian" ? "guardian" : "person" })}
            >
              <option value="person">{t("incidents.consent.givenBy.person")}</option>
              <option value="guardian">{t("incidents.consent.givenBy.guardian")}</option>
            </select>
          )}
        </Field>
        {draft.givenBy === "guardian" ? (
          <Field
            label={t("incidents.consent.guardianRelation")}
            hint={t("incidents.consent.guardianRelationHint")}
            required
            error={err("guardianRelation")}
          >
            {(p) => (
              <input
                {...p}
                value={draft.guardianRelation}
                onChange={(e) => set({ guardianRelation: e.target.value })}
              />
            )}
          </Field>
        ) : null}
      </div>
      <fieldset>
        <legend>{t("incidents.consent.purposes")}</legend>
        {err("purposes") ? (
          <p className="field-error" role="alert">
            {err("purposes")}
          </p>
        ) : null}
        {CONSENT_PURPOSES.map((purpose) => (
          <label key={purpose} className="check">
            <input
              type="checkbox"
              checked={draft.purposes.includes(purpose)}
              onChange={(e) =>
                set({
                  purposes: CONSENT_PURPOSES.filter((p) =>
                    p === purpose ? e.target.checked : draft.purposes.includes(p),
                  ),
                })
              }
            />
            <span>{t(`incidents.consent.purpose.${purpose}`)}</span>
          </label>
        ))}
      </fieldset>
      {draft.purposes.includes("sharing") ? (
        <OrganisationChooser
          label={t("incidents.consent.shareWith")}
          chosen={draft.sharedWith}
          error={err("sharedWithOrganisationIds")}
          onChange={(sharedWith) => set({ sharedWith })}
        />
      ) : null}
      {failure ? (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t("incidents.consent.save")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
