// Record an incident: what, when (as precisely as known), where, what happened, who reports it, the trafficking
// details of a trafficking case, and the persons in their roles. Checked with the server's own schema first; the
// server's field errors are shown beside their fields and the first one takes the focus; one press sends it once.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import type { Incident } from "../../modules/incidents/incidents.schema";
import { ApiError, client, unwrap } from "../api";
import { useMe, useSession } from "../session";
import { Field } from "../ui/Field";
import { FormFailure } from "../ui/FormFailure";
import { useAsync } from "../ui/useAsync";
import { useEditForm } from "../ui/useEditForm";
import { IncidentsNav } from "./IncidentBits";
import { IncidentFactsFields } from "./IncidentFactsFields";
import {
  emptyIncidentDraft,
  errorsNotBesideAField,
  type IncidentDraft,
  incidentInputFrom,
  validateIncidentDraft,
} from "./incident-draft";
import { incidentErrorText } from "./incident-errors";
import { incidentRequests } from "./incident-requests";
import { LinkedReportField } from "./LinkedReportField";
import { type ChosenOrganisation, OrganisationChooser } from "./OrganisationChooser";
import { PersonRows } from "./PersonRows";
import { TraffickingFields } from "./TraffickingFields";

/** The organisations a user reports for: those of their account, by name. */
function useOwnOrganisations(ids: readonly string[]) {
  return useAsync(
    () =>
      Promise.all(
        ids.map((id) =>
          unwrap(client.api.organisations[":id"].$get({ param: { id } })).then((o) => ({
            id: o.id,
            name: o.name,
          })),
        ),
      ),
    [ids.join(",")],
  );
}

export function IncidentFormPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { can } = useSession();
  const navigate = useNavigate();
  const own = useOwnOrganisations(me.organisationIds);
  const formRef = useRef<HTMLFormElement>(null);
  // A user with no organisation of their own (a national grant) finds the reporting one by name.
  const [otherOrganisation, setOtherOrganisation] = useState<ChosenOrganisation[]>([]);
  const withIdentityFor = (d: IncidentDraft) =>
    can("incident_identity", "create", {
      organisationIds: d.reportingOrganisationId ? [d.reportingOrganisationId] : [],
      districtIds:
        d.districtId && d.placeKind !== "abroad" && d.placeKind !== "unknown" ? [d.districtId] : [],
    });
  const form = useEditForm<Incident, IncidentDraft, Incident>({
    empty: () => emptyIncidentDraft(me.organisationIds[0] ?? ""),
    toDraft: () => emptyIncidentDraft(me.organisationIds[0] ?? ""),
    versionOf: () => undefined,
    fields: [],
    validate: (d) => validateIncidentDraft(d, withIdentityFor(d)),
    save: (d) => incidentRequests.create(incidentInputFrom(d, withIdentityFor(d))),
    onSaved: (saved) => void navigate(`/incidents/${saved.id}`, { state: { created: true } }),
  });
  const { draft, setDraft } = form;
  const withIdentity = withIdentityFor(draft);
  const err = (path: string) => {
    const e = form.fieldError(path, true);
    return e ? incidentErrorText(t, e) : undefined;
  };
  const elsewhere =
    form.failure instanceof ApiError ? errorsNotBesideAField(form.failure.fieldErrors, withIdentity) : [];

  // After a refused save, the first field to fix takes the focus (or the failure, when no field is named).
  useEffect(() => {
    if (!form.failure) return;
    const root = formRef.current;
    const target =
      root?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      root?.querySelector<HTMLElement>('[role="alert"]');
    if (target) {
      if (!target.hasAttribute("tabindex") && target.getAttribute("role") === "alert") target.tabIndex = -1;
      target.focus();
    }
  }, [form.failure]);

  return (
    <div className="page page-narrow">
      <IncidentsNav />
      <h1>{t("incidents.form.title")}</h1>
      <p className="muted">{t("incidents.form.intro")}</p>
      <form ref={formRef} onSubmit={form.submit} noValidate className="form">
        {elsewhere.length > 0 ? (
          <ul className="alert alert-error" role="alert">
            {elsewhere.map((e) => (
              <li key={`${e.path}-${e.code ?? ""}`}>{incidentErrorText(t, e)}</li>
            ))}
          </ul>
        ) : null}
        <IncidentFactsFields draft={draft} setDraft={setDraft} err={err} kindChosen={false} />
        {own.data && own.data.length > 0 ? (
          <Field
            label={t("incidents.fields.reportingOrganisation")}
            required
            error={err("reportingOrganisationId")}
          >
            {(p) => (
              <select
                {...p}
                value={draft.reportingOrganisationId}
                onChange={(e) => {
                  const reportingOrganisationId = e.target.value;
                  setDraft((d) => ({ ...d, reportingOrganisationId, submissionId: "" }));
                }}
              >
                {own.data?.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : own.data ? (
          <OrganisationChooser
            single
            required
            label={t("incidents.fields.reportingOrganisation")}
            chosen={otherOrganisation}
            error={err("reportingOrganisationId")}
            onChange={(chosen) => {
              setOtherOrganisation(chosen);
              setDraft((d) => ({ ...d, reportingOrganisationId: chosen[0]?.id ?? "", submissionId: "" }));
            }}
          />
        ) : null}
        <LinkedReportField
          organisationId={draft.reportingOrganisationId}
          value={draft.submissionId}
          onChange={(submissionId) => setDraft((d) => ({ ...d, submissionId }))}
          error={err("submissionId")}
        />
        {draft.kind === "trafficking" ? (
          <TraffickingFields draft={draft} setDraft={setDraft} err={err} />
        ) : null}
        <PersonRows draft={draft} setDraft={setDraft} err={err} withIdentity={withIdentity} />
        <FormFailure failure={form.failure} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.saving}>
            {form.saving ? t("common.working") : t("incidents.form.save")}
          </button>
          <Link to="/incidents" className="button">
            {t("common.cancel")}
          </Link>
        </div>
      </form>
    </div>
  );
}
