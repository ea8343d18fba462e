// One incident: its facts, what happened, the trafficking details, the persons with their consent, status, files,
// referrals and who accessed it. An incident reviewer told "not found" may open it in an emergency with a reason
// (break the glass): three hours, audited, with a banner saying until when.
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import { MIN_BREAK_GLASS_REASON } from "../../modules/access/break-glass.schema";
import type { Incident, Person } from "../../modules/incidents/incidents.schema";
import { formatDate, formatDateTime } from "../../shared/dates";
import { ApiError } from "../api";
import { useMe } from "../session";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { AccessLogSection } from "./AccessLogSection";
import { formatApproximateDate } from "./approximate-date";
import { IncidentAttachments } from "./IncidentAttachments";
import {
  IncidentStatusBadge,
  IncidentsNav,
  useCountryName,
  useDistricts,
  usePlaceText,
} from "./IncidentBits";
import { IncidentEditForm } from "./IncidentEditForm";
import { IncidentPersons } from "./IncidentPersons";
import { IncidentReferrals } from "./IncidentReferrals";
import { IncidentStatusPanel } from "./IncidentStatusPanel";
import { maySomewhere } from "./incident-access";
import { incidentErrorText } from "./incident-errors";
import { incidentRequests } from "./incident-requests";
import { useReportLabel } from "./LinkedReportField";

export function IncidentPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const me = useMe();
  const location = useLocation();
  const loaded = useAsync(() => incidentRequests.get(id), [id]);
  const [incident, setIncident] = useState<Incident | undefined>(undefined);
  useEffect(() => setIncident(loaded.data), [loaded.data]);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<"saved" | "stale" | null>(null);

  if (loaded.error && !incident) {
    const notFound = loaded.error instanceof ApiError && loaded.error.status === 404;
    return (
      <div className="page page-narrow">
        <IncidentsNav />
        <p className="alert alert-error" role="alert">
          {errorText(t, loaded.error)}
        </p>
        {notFound && maySomewhere(me.grants, "incident_break_glass", "create") ? (
          <BreakGlassForm incidentId={id} onOpened={setIncident} />
        ) : null}
      </div>
    );
  }
  if (!incident) return <p className="page">{t("common.loading")}</p>;
  const replacePerson = (person: Person) =>
    setIncident((i) => i && { ...i, persons: i.persons.map((p) => (p.id === person.id ? person : p)) });
  const created = (location.state as { created?: boolean } | null)?.created === true;
  return (
    <div className="page incident-page">
      <IncidentsNav />
      {incident.breakGlassUntil ? <BreakGlassBanner until={incident.breakGlassUntil} /> : null}
      {created ? (
        <p className="alert alert-success" role="status">
          {t("incidents.page.created", { reference: incident.reference })}
        </p>
      ) : null}
      <div className="page-head">
        <h1>
          {incident.reference} <IncidentStatusBadge status={incident.status} />
        </h1>
      </div>
      {notice ? (
        <p className={notice === "stale" ? "alert alert-warning" : "alert alert-success"} role="status">
          {t(notice === "stale" ? "incidents.edit.stale" : "incidents.edit.saved")}
        </p>
      ) : null}
      {editing ? (
        <IncidentEditForm
          incident={incident}
          onSaved={(saved) => {
            setIncident(saved);
            setEditing(false);
            setNotice("saved");
          }}
          onCancel={() => setEditing(false)}
          onStale={() => {
            setEditing(false);
            setNotice("stale");
            loaded.reload();
          }}
        />
      ) : (
        <>
          <IncidentFacts incident={incident} />
          {/* An anonymised incident has no text left to correct. */}
          {incident.can.update && incident.description !== undefined ? (
            <p>
              <button
                type="button"
                className="button"
                onClick={() => {
                  setNotice(null);
                  setEditing(true);
                }}
              >
                {t("incidents.edit.open")}
              </button>
            </p>
          ) : null}
          <section className="incident-section" aria-labelledby="description-title">
            <h2 id="description-title">{t("incidents.fields.description")}</h2>
            {incident.description === undefined ? (
              <p className="muted">{t("incidents.page.descriptionGone")}</p>
            ) : (
              <p className="incident-description">{incident.description}</p>
            )}
          </section>
          {incident.trafficking ? <TraffickingView incident={incident} /> : null}
        </>
      )}
      <IncidentPersons incident={incident} onPersonChanged={replacePerson} reload={loaded.reload} />
      {/* Emergency access opens the incident only, not its referrals. */}
      {maySomewhere(me.grants, "referral", "read") && !incident.breakGlassUntil ? (
        <IncidentReferrals incident={incident} onReferred={loaded.reload} />
      ) : null}
      <IncidentStatusPanel incident={incident} onChanged={setIncident} reload={loaded.reload} />
      <IncidentAttachments incident={incident} reload={loaded.reload} />
      {incident.can.readAccessLog ? (
        <AccessLogSection incidentId={incident.id} version={incident.version} />
      ) : null}
      <p>
        <Link to="/incidents">← {t("incidents.page.back")}</Link>
      </p>
    </div>
  );
}

function BreakGlassBanner({ until }: { until: string }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  // HH:MM in Kigali time: the last characters of "24 November 2026, 14:05".
  const time = formatDateTime(until, locale).slice(-5);
  return (
    <p className="alert alert-warning break-glass-banner" role="status">
      {t("incidents.breakGlass.banner", { time })}
    </p>
  );
}

function BreakGlassForm({
  incidentId,
  onOpened,
}: {
  incidentId: string;
  onOpened(incident: Incident): void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const enough = reason.trim().length >= MIN_BREAK_GLASS_REASON;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !enough) return;
    setBusy(true);
    setError(null);
    try {
      onOpened(await incidentRequests.breakGlass(incidentId, reason.trim()));
    } catch (err) {
      const field = err instanceof ApiError ? err.fieldErrors[0] : undefined;
      setError(field ? incidentErrorText(t, field) : errorText(t, err));
      setBusy(false);
    }
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="break-glass-title">
      <h2 id="break-glass-title">{t("incidents.breakGlass.title")}</h2>
      <p>{t("incidents.breakGlass.intro")}</p>
      <Field
        label={t("incidents.breakGlass.reason")}
        hint={t("incidents.breakGlass.reasonHint", { min: MIN_BREAK_GLASS_REASON })}
        required
      >
        {(p) => (
          <textarea {...p} rows={3} required value={reason} onChange={(e) => setReason(e.target.value)} />
        )}
      </Field>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button button-danger" disabled={busy || !enough}>
        {t("incidents.breakGlass.open")}
      </button>
    </form>
  );
}

function IncidentFacts({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const reportLabel = useReportLabel();
  const locale = useUiLocale();
  const placeText = usePlaceText();
  return (
    <dl className="facts">
      <dt>{t("incidents.fields.kind")}</dt>
      <dd>{t(`incidents.kind.${incident.kind}`)}</dd>
      <dt>{t("incidents.fields.occurredOn")}</dt>
      <dd>{formatApproximateDate(incident.occurredOn, locale) ?? t("incidents.dateUnknown")}</dd>
      <dt>{t("incidents.fields.place")}</dt>
      <dd>{placeText(incident)}</dd>
      <dt>{t("incidents.fields.reportingOrganisation")}</dt>
      <dd>{incident.reportingOrganisationName}</dd>
      {incident.submission ? (
        <>
          <dt>{t("incidents.linkedReport.label")}</dt>
          <dd>
            {incident.submission.canRead ? (
              <Link to={`/reports/${incident.submission.id}`}>{reportLabel(incident.submission)}</Link>
            ) : (
              reportLabel(incident.submission)
            )}
          </dd>
        </>
      ) : null}
      <dt>{t("incidents.page.recordedOn")}</dt>
      <dd>{formatDate(incident.createdAt, locale)}</dd>
      <dt>{t("incidents.list.victimsLabel")}</dt>
      <dd>{incident.victims}</dd>
    </dl>
  );
}

function TraffickingView({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const countryName = useCountryName();
  const districts = useDistricts();
  const districtName = (id: string | null | undefined) =>
    districts.data?.items.find((d) => d.id === id)?.name;
  const details = incident.trafficking;
  if (!details) return null;
  const list = (key: "exploitationTypes" | "recruitmentMethods" | "controlMethods") =>
    details[key].length > 0 ? details[key].map((v) => t(`incidents.htcds.${key}.${v}`)).join(", ") : "—";
  return (
    <section className="incident-section" aria-labelledby="trafficking-title">
      <h2 id="trafficking-title">{t("incidents.trafficking.title")}</h2>
      <dl className="facts">
        <dt>{t("incidents.trafficking.exploitationTypes")}</dt>
        <dd>{list("exploitationTypes")}</dd>
        <dt>{t("incidents.trafficking.recruitmentMethods")}</dt>
        <dd>{list("recruitmentMethods")}</dd>
        <dt>{t("incidents.trafficking.controlMethods")}</dt>
        <dd>{list("controlMethods")}</dd>
      </dl>
      {details.events.length > 0 ? (
        <ol>
          {details.events.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the events are an ordered list without ids
            <li key={i}>
              {t(`incidents.htcds.events.${e.type}`)}:{" "}
              {[districtName(e.districtId), countryName(e.countryCode)].filter(Boolean).join(", ") || "—"}
              {e.date ? ` · ${formatApproximateDate(e.date, locale)}` : ""}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
