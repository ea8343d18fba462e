// An incident's status: close it with a reason, open it again, and keep it from being anonymised (legal hold).
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  CLOSURE_REASONS,
  type ClosureReason,
  type Incident,
  type IncidentPatch,
} from "../../modules/incidents/incidents.schema";
import { formatDate } from "../../shared/dates";
import { ApiError } from "../api";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { incidentRequests } from "./incident-requests";

type Props = { incident: Incident; onChanged(incident: Incident): void; reload(): void };

export function IncidentStatusPanel({ incident, onChanged, reload }: Props) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const [reason, setReason] = useState<ClosureReason | "">("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (patch: IncidentPatch) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onChanged(await incidentRequests.update(incident.id, incident.version, patch));
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        setError(t("incidents.statusPanel.stale"));
        reload();
      } else setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  const close = (e: FormEvent) => {
    e.preventDefault();
    if (reason) void send({ status: "closed", closureReason: reason });
  };
  return (
    <section className="incident-section" aria-labelledby="status-title">
      <h2 id="status-title">{t("incidents.statusPanel.title")}</h2>
      {incident.status === "closed" ? (
        <p>
          {t("incidents.statusPanel.closedOn", {
            date: incident.closedOn ? formatDate(incident.closedOn, locale) : "—",
            reason: incident.closureReason ? t(`incidents.closureReason.${incident.closureReason}`) : "—",
          })}
        </p>
      ) : null}
      <p>{incident.legalHold ? t("incidents.statusPanel.onHold") : t("incidents.statusPanel.notOnHold")}</p>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {incident.can.update ? (
        <>
          {incident.status === "closed" ? (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void send({ status: "open", closureReason: null })}
            >
              {t("incidents.statusPanel.reopen")}
            </button>
          ) : (
            <form className="inline-form" onSubmit={close}>
              <Field label={t("incidents.statusPanel.closureReason")} required>
                {(p) => (
                  <select
                    {...p}
                    value={reason}
                    onChange={(e) => setReason(CLOSURE_REASONS.find((r) => r === e.target.value) ?? "")}
                  >
                    <option value="">{t("common.choose")}</option>
                    {CLOSURE_REASONS.map((r) => (
                      <option key={r} value={r}>
                        {t(`incidents.closureReason.${r}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit" className="button" disabled={busy || !reason}>
                {t("incidents.statusPanel.close")}
              </button>
            </form>
          )}
          <label className="check">
            <input
              type="checkbox"
              checked={incident.legalHold}
              disabled={busy}
              onChange={(e) => void send({ legalHold: e.target.checked })}
            />
            <span>{t("incidents.statusPanel.legalHold")}</span>
          </label>
        </>
      ) : null}
    </section>
  );
}
