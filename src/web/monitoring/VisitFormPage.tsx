// Plan a visit: the monitoring body (one the reader monitors for), the place of detention and the visit's facts.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { FieldError } from "../../shared/app-errors";
import { ApiError, client, unwrap } from "../api";
import { useMe } from "../session";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useAsync } from "../ui/useAsync";
import { MonitoringTabs } from "./MonitoringTabs";
import { emptyVisitDraft, VisitFields, visitBody } from "./VisitFields";

export function VisitFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const bodyIds = [
    ...new Set(
      me.grants.flatMap((g) =>
        g.role === "monitor" && g.scopeType === "organisation" && g.scopeId ? [g.scopeId] : [],
      ),
    ),
  ];
  const bodies = useAsync(
    () => Promise.all(bodyIds.map((id) => unwrap(client.api.organisations[":id"].$get({ param: { id } })))),
    [bodyIds.join()],
  );
  const [bodyId, setBodyId] = useState(bodyIds[0] ?? "");
  const [draft, setDraft] = useState(emptyVisitDraft);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    setErrors([]);
    try {
      const created = await unwrap(
        client.api["monitoring-visits"].$post({
          json: { monitoringOrganisationId: bodyId, ...visitBody(draft) },
        }),
      );
      navigate(`/monitoring/visits/${created.id}`);
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors);
      setFailure(errorText(t, err));
      setBusy(false);
    }
  };

  return (
    <div className="page page-narrow monitoring-visit-form">
      <MonitoringTabs />
      <h1>{t("monitoring.visits.form.title")}</h1>
      {bodyIds.length === 0 ? (
        <p className="alert alert-error">{t("monitoring.visits.form.noBody")}</p>
      ) : (
        <form className="form" onSubmit={save} noValidate>
          <Field label={t("monitoring.visits.fields.monitoringBody")} required>
            {(props) => (
              <select {...props} value={bodyId} onChange={(e) => setBodyId(e.target.value)}>
                {bodyIds.map((id) => (
                  <option key={id} value={id}>
                    {bodies.data?.find((b) => b.id === id)?.name ?? id}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <VisitFields draft={draft} onChange={setDraft} errors={errors} />
          {failure ? (
            <p className="alert alert-error" role="alert">
              {failure}
            </p>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t("monitoring.visits.form.save")}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
