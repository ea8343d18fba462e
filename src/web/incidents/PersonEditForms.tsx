// On a saved incident: change a person's role and profile (name and contact only for those allowed to write them),
// add a person, and remove one recorded by mistake (the server refuses, with its reason, one who was referred).
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type Incident,
  type Person,
  PersonInputSchema,
  type PersonRole,
} from "../../modules/incidents/incidents.schema";
import type { FieldError } from "../../shared/app-errors";
import { ApiError } from "../api";
import { useSession } from "../session";
import { errorText } from "../ui/errors";
import {
  emptyPerson,
  type PersonDraft,
  personDraftOf,
  personInputOf,
  personPatchOf,
  validatePersonDraft,
} from "./incident-draft";
import { incidentErrorText } from "./incident-errors";
import { incidentRequests } from "./incident-requests";
import { PersonFields } from "./PersonRows";

/** Whether this reader may write names and contacts here: they see them and hold the identity grant (case workers). */
export function useMayWriteIdentity(incident: Incident, action: "create" | "update"): boolean {
  const { can } = useSession();
  return (
    incident.can.seeIdentity &&
    !incident.breakGlassUntil &&
    can("incident_identity", action, {
      organisationIds: [incident.reportingOrganisationId],
      districtIds: incident.districtId ? [incident.districtId] : [],
    })
  );
}

type FormProps = {
  incident: Incident;
  /** The person to change; none to add one. */
  person?: Person;
  role?: PersonRole;
  onDone(person: Person): void;
  onCancel(): void;
  /** Someone else changed the person first (412). */
  onStale(): void;
};

export function PersonForm({ incident, person, role, onDone, onCancel, onStale }: FormProps) {
  const { t } = useTranslation();
  const withIdentity = useMayWriteIdentity(incident, person ? "update" : "create");
  const [draft, setDraft] = useState<PersonDraft>(() => (person ? personDraftOf(person) : emptyPerson(role)));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const at = (path: string) => {
    const e = errors.find((x) => x.path === path || x.path.startsWith(`${path}.`));
    return e ? incidentErrorText(t, e) : undefined;
  };
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    const form = e.currentTarget;
    const refuse = (fieldErrors: FieldError[], message: string) => {
      setErrors(fieldErrors);
      setFailure(message);
      // The first field to fix takes the focus, as on the record form.
      requestAnimationFrame(() =>
        form.querySelector<HTMLElement>('[aria-invalid="true"], .alert[role="alert"]')?.focus(),
      );
    };
    const found = validatePersonDraft(draft, withIdentity);
    if (found.length > 0) return refuse(found, t("errors.invalid"));
    setBusy(true);
    setErrors([]);
    setFailure(null);
    try {
      onDone(
        person
          ? await incidentRequests.updatePerson(
              incident.id,
              person.id,
              person.version,
              personPatchOf(draft, person, withIdentity),
            )
          : await incidentRequests.addPerson(
              incident.id,
              PersonInputSchema.parse(personInputOf(draft, withIdentity)),
            ),
      );
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 412) return onStale();
      refuse(error instanceof ApiError ? error.fieldErrors : [], errorText(t, error));
    }
  };
  const title = person
    ? t("incidents.persons.editTitle", { code: person.code })
    : t("incidents.persons.addTitle");
  return (
    <form className="form form-inline-card" onSubmit={(e) => void submit(e)} noValidate aria-label={title}>
      <h4>{title}</h4>
      <PersonFields
        person={draft}
        onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))}
        at={at}
        withIdentity={withIdentity}
      />
      {failure ? (
        <p className="alert alert-error" role="alert" tabIndex={-1}>
          {failure}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy
            ? t("common.working")
            : t(person ? "incidents.persons.saveChange" : "incidents.persons.saveNew")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}

/** Remove a person recorded by mistake, after a second press that says what goes with them. */
export function RemovePerson({
  incident,
  person,
  onRemoved,
  onStale,
}: {
  incident: Incident;
  person: Person;
  onRemoved(): void;
  onStale(): void;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await incidentRequests.removePerson(incident.id, person.id, person.version);
      onRemoved();
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.status === 412) return onStale();
      // The server's only 409 here: a referral was made for the person (its reason, in the reader's language).
      setError(
        e instanceof ApiError && e.status === 409 ? t("incidents.persons.removeReferred") : errorText(t, e),
      );
      setAsking(false);
    }
  };
  return (
    <div className="remove-person">
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {asking ? (
        <fieldset className="form-inline-card">
          <legend>{t("incidents.persons.removeTitle")}</legend>
          <p>{t("incidents.persons.removeConfirm", { code: person.code })}</p>
          <div className="actions">
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              onClick={() => void remove()}
            >
              {t("incidents.persons.removeYes", { code: person.code })}
            </button>
            <button type="button" className="button" onClick={() => setAsking(false)}>
              {t("common.cancel")}
            </button>
          </div>
        </fieldset>
      ) : (
        <button type="button" className="link-button" onClick={() => setAsking(true)}>
          {t("incidents.persons.removeSaved", { code: person.code })}
        </button>
      )}
    </div>
  );
}
