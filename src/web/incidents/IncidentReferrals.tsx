// The referrals of one incident that the reader may see, and the form to refer a person to a service provider: the
// providers offered are those giving the service in the incident's district (or nationwide). Without the person's
// consent to a referral, the form says so; a user allowed to override it for a vital interest gives the reason.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type Incident, type Person, SERVICES, type Service } from "../../modules/incidents/incidents.schema";
import type { FieldError } from "../../shared/app-errors";
import { formatDate } from "../../shared/dates";
import { ApiError } from "../api";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { ReferralStatusBadge } from "./IncidentBits";
import { incidentErrorText } from "./incident-errors";
import { incidentRequests, providerRequests, referralRequests } from "./incident-requests";

type Props = { incident: Incident; onReferred(): void };

export function IncidentReferrals({ incident, onReferred }: Props) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const referrals = useAsync(() => incidentRequests.referrals(incident.id), [incident.id, incident.version]);
  const [open, setOpen] = useState(false);
  const referable = incident.persons.filter((p) => p.role !== "perpetrator");
  return (
    <section className="incident-section" aria-labelledby="referrals-title">
      <h2 id="referrals-title">{t("incidents.referrals.title")}</h2>
      {referrals.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, referrals.error)}
        </p>
      ) : null}
      {referrals.data && referrals.data.length === 0 ? (
        <p className="muted">{t("incidents.referrals.none")}</p>
      ) : null}
      {referrals.data && referrals.data.length > 0 ? (
        <ul className="plain-list">
          {referrals.data.map((r) => (
            <li key={r.id} className="card-meta">
              <Link to={`/referrals/${r.id}`}>{t(`serviceProviders.service.${r.service}`)}</Link>
              <span className="person-code">{r.personCode}</span>
              <span>→ {r.providerName}</span>
              <span className="muted">{formatDate(r.referredOn, locale)}</span>
              <ReferralStatusBadge status={r.status} />
            </li>
          ))}
        </ul>
      ) : null}
      {incident.can.refer && referable.length > 0 ? (
        open ? (
          <ReferForm
            incident={incident}
            persons={referable}
            onDone={() => {
              setOpen(false);
              referrals.reload();
              onReferred();
            }}
            onCancel={() => setOpen(false)}
          />
        ) : (
          <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
            {t("incidents.referrals.refer")}
          </button>
        )
      ) : null}
    </section>
  );
}

function ReferForm({
  incident,
  persons,
  onDone,
  onCancel,
}: {
  incident: Incident;
  persons: Person[];
  onDone(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [personId, setPersonId] = useState(persons[0]?.id ?? "");
  const [service, setService] = useState<Service | "">("");
  const [providerId, setProviderId] = useState("");
  const [note, setNote] = useState("");
  const [vitalInterestReason, setVitalInterestReason] = useState("");
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const providers = useAsync(
    () =>
      service
        ? providerRequests.list({
            service,
            ...(incident.districtId ? { districtId: incident.districtId } : {}),
          })
        : Promise.resolve([]),
    [service, incident.districtId],
  );
  const person = persons.find((p) => p.id === personId);
  const consentMissing = person !== undefined && !person.consentInForce.referral;
  const mayOverride = consentMissing && incident.can.overrideConsent;
  const err = (path: string) => {
    const e = errors.find((x) => x.path === path);
    return e ? incidentErrorText(t, e) : undefined;
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !service) return;
    setBusy(true);
    setErrors([]);
    setFailure(null);
    try {
      await referralRequests.create({
        incidentId: incident.id,
        personId,
        providerId,
        service,
        note: note.trim() || null,
        vitalInterestReason: mayOverride && vitalInterestReason.trim() ? vitalInterestReason.trim() : null,
      });
      onDone();
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors);
      setFailure(errorText(t, error));
      setBusy(false);
    }
  };
  return (
    <form className="form form-inline-card" onSubmit={submit} noValidate aria-labelledby="refer-title">
      <h3 id="refer-title">{t("incidents.referrals.refer")}</h3>
      <Field label={t("incidents.referrals.person")} required error={err("personId")}>
        {(p) => (
          <select {...p} value={personId} onChange={(e) => setPersonId(e.target.value)}>
            {persons.map((x) => (
              <option key={x.id} value={x.id}>
                {x.code} · {t(`incidents.role.${x.role}`)}
                {x.identity?.name ? ` · ${x.identity.name}` : ""}
              </option>
            ))}
          </select>
        )}
      </Field>
      {consentMissing ? (
        <p className="alert alert-warning" role="status">
          {mayOverride ? t("incidents.referrals.noConsentOverride") : t("incidents.referrals.noConsent")}
        </p>
      ) : null}
      <Field label={t("incidents.referrals.service")} required error={err("service")}>
        {(p) => (
          <select
            {...p}
            value={service}
            onChange={(e) => {
              setService(SERVICES.find((s) => s === e.target.value) ?? "");
              setProviderId("");
            }}
          >
            <option value="">{t("common.choose")}</option>
            {SERVICES.map((s) => (
              <option key={s} value={s}>
                {t(`serviceProviders.service.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {service ? (
        <Field
          label={t("incidents.referrals.provider")}
          required
          error={err("providerId")}
          hint={
            providers.data && providers.data.length === 0 ? t("incidents.referrals.noProvider") : undefined
          }
        >
          {(p) => (
            <select {...p} value={providerId} onChange={(e) => setProviderId(e.target.value)}>
              <option value="">{t("common.choose")}</option>
              {providers.data
                ?.filter((x) => x.acceptingReferrals)
                .map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.organisationName}
                    {x.nationwide ? ` (${t("serviceProviders.nationwide")})` : ""}
                  </option>
                ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field
        label={t("incidents.referrals.note")}
        hint={t("incidents.referrals.noteHint")}
        error={err("note")}
      >
        {(p) => <textarea {...p} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      {mayOverride ? (
        <Field
          label={t("incidents.referrals.vitalInterest")}
          hint={t("incidents.referrals.vitalInterestHint")}
          error={err("vitalInterestReason") ?? err("consent")}
        >
          {(p) => (
            <textarea
              {...p}
              rows={2}
              value={vitalInterestReason}
              onChange={(e) => setVitalInterestReason(e.target.value)}
            />
          )}
        </Field>
      ) : null}
      {failure ? (
        <p className="alert alert-error" role="alert">
          {failure}
          {errors
            .filter(
              (e) => !["personId", "service", "providerId", "note", "vitalInterestReason"].includes(e.path),
            )
            .map((e) => (
              <span key={`${e.path}-${e.code ?? ""}`}> {incidentErrorText(t, e)}</span>
            ))}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy || !service || !providerId}>
          {busy ? t("common.working") : t("incidents.referrals.send")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
