// Correct a saved incident's facts: kind, date as precisely as known, place, what happened and the trafficking details,
// with the record form's own fields and checks. Sent with If-Match; on a 412 the page says someone else changed it.
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Incident } from "../../modules/incidents/incidents.schema";
import type { FieldError } from "../../shared/app-errors";
import { ApiError } from "../api";
import { errorText } from "../ui/errors";
import { IncidentFactsFields } from "./IncidentFactsFields";
import {
  errorsNotBesideAField,
  type IncidentDraft,
  incidentDraftOf,
  incidentPatchFrom,
  validateIncidentFacts,
} from "./incident-draft";
import { incidentErrorText } from "./incident-errors";
import { incidentRequests } from "./incident-requests";
import { LinkedReportField } from "./LinkedReportField";
import { TraffickingFields } from "./TraffickingFields";

type Props = {
  incident: Incident;
  onSaved(incident: Incident): void;
  onCancel(): void;
  /** Someone else changed it first (412): the page closes the form, says so and shows their version. */
  onStale(): void;
};

export function IncidentEditForm({ incident, onSaved, onCancel, onStale }: Props) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<IncidentDraft>(() => incidentDraftOf(incident));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  // Counts refused saves, so that each one moves the focus to the first field to fix.
  const [refusals, setRefusals] = useState(0);
  const [busy, setBusy] = useState(false);
  const err = (path: string) => {
    const e = errors.find((x) => x.path === path || x.path.startsWith(`${path}.`));
    return e ? incidentErrorText(t, e) : undefined;
  };
  const elsewhere = errorsNotBesideAField(errors, false);

  useEffect(() => {
    if (refusals === 0) return;
    const root = formRef.current;
    const target =
      root?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      root?.querySelector<HTMLElement>('[role="alert"]');
    if (target) {
      if (!target.hasAttribute("tabindex") && target.getAttribute("role") === "alert") target.tabIndex = -1;
      target.focus();
    }
  }, [refusals]);

  const refuse = (fieldErrors: FieldError[], message: string) => {
    setErrors(fieldErrors);
    setFailure(message);
    setRefusals((n) => n + 1);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found = validateIncidentFacts(draft);
    if (found.length > 0) return refuse(found, t("errors.invalid"));
    setBusy(true);
    setErrors([]);
    setFailure(null);
    try {
      onSaved(await incidentRequests.update(incident.id, incident.version, incidentPatchFrom(draft)));
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 412) {
        onStale();
        return;
      }
      refuse(error instanceof ApiError ? error.fieldErrors : [], errorText(t, error));
    }
  };
  return (
    <form
      ref={formRef}
      className="form card incident-edit"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby="incident-edit-title"
    >
      <h2 id="incident-edit-title">{t("incidents.edit.title")}</h2>
      {elsewhere.length > 0 ? (
        <ul className="alert alert-error" role="alert">
          {elsewhere.map((e) => (
            <li key={`${e.path}-${e.code ?? ""}`}>{incidentErrorText(t, e)}</li>
          ))}
        </ul>
      ) : null}
      <IncidentFactsFields draft={draft} setDraft={setDraft} err={err} kindChosen />
      <LinkedReportField
        organisationId={incident.reportingOrganisationId}
        value={draft.submissionId}
        current={incident.submission}
        onChange={(submissionId) => setDraft((d) => ({ ...d, submissionId }))}
        error={err("submissionId")}
      />
      {draft.kind === "trafficking" ? (
        <TraffickingFields draft={draft} setDraft={setDraft} err={err} />
      ) : null}
      {failure && elsewhere.length === 0 ? (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t("common.working") : t("incidents.edit.save")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
