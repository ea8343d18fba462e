// One referral: the person (code and profile; name and contact only when the answer holds them), the service, who
// referred to whom, its status with the next steps this reader may take, and its follow-ups. When someone else
// answered first (412, 409), the page says so and shows the referral as it now is.
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { Referral } from "../../modules/incidents/incidents.schema";
import { formatDate, formatDateTime } from "../../shared/dates";
import { todayInKigali } from "../../shared/today";
import { ApiError } from "../api";
import { useMe } from "../session";
import { DateInput } from "../ui/DateInput";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { IncidentsNav, ReferralStatusBadge, useProfileText } from "./IncidentBits";
import { maySomewhere } from "./incident-access";
import { referralRequests } from "./incident-requests";
import { type ReferralStep, referralSteps, stepNeedsReason } from "./referral-steps";

export function ReferralPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { id = "" } = useParams();
  const me = useMe();
  const profileText = useProfileText();
  const loaded = useAsync(() => referralRequests.get(id), [id]);
  const [referral, setReferral] = useState<Referral | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => setReferral(loaded.data), [loaded.data]);
  if (loaded.error && !referral) {
    return (
      <div className="page page-narrow">
        <IncidentsNav />
        <p className="alert alert-error" role="alert">
          {errorText(t, loaded.error)}
        </p>
        <Link to="/referrals">← {t("referrals.back")}</Link>
      </div>
    );
  }
  if (!referral) return <p className="page">{t("common.loading")}</p>;
  const referrer = me.organisationIds.includes(referral.fromOrganisationId);
  // Each side by the reader's organisations (the server checks their role and scope again); the provider's side
  // also when the answer says it may respond or follow up.
  const mayMove = maySomewhere(me.grants, "referral", "update");
  const steps = referralSteps(referral.status, {
    provider:
      referral.can.respond ||
      referral.can.followUp ||
      (mayMove && me.organisationIds.includes(referral.providerOrganisationId)),
    referrer: referrer && mayMove,
  });
  /** Someone else answered first: say so, and show the referral as it now is. */
  const overtaken = () => {
    setNotice(t("referrals.overtaken"));
    loaded.reload();
  };
  const { person } = referral;
  return (
    <div className="page page-narrow referral-page">
      <IncidentsNav />
      <div className="page-head">
        <h1>
          {t(`serviceProviders.service.${referral.service}`)} <ReferralStatusBadge status={referral.status} />
        </h1>
      </div>
      {notice ? (
        <p className="alert alert-warning" role="alert">
          {notice}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("referrals.fields.person")}</dt>
        <dd>
          <span className="person-code">{person.code}</span> · {profileText(person)}
          {person.identity ? (
            <div className="identity" data-testid="referral-identity">
              {t("incidents.fields.name")}: {person.identity.name ?? "—"}
              <br />
              {t("incidents.fields.contact")}: {person.identity.contact ?? "—"}
            </div>
          ) : null}
        </dd>
        <dt>{t("referrals.fields.from")}</dt>
        <dd>{referral.fromOrganisationName}</dd>
        <dt>{t("referrals.fields.to")}</dt>
        <dd>{referral.providerName}</dd>
        <dt>{t("referrals.fields.incident")}</dt>
        <dd>
          {referrer ? (
            <Link to={`/incidents/${referral.incidentId}`}>{referral.incidentReference}</Link>
          ) : (
            referral.incidentReference
          )}{" "}
          · {t(`incidents.kind.${referral.incidentKind}`)}
          {referral.districtName ? ` · ${referral.districtName}` : ""}
        </dd>
        <dt>{t("referrals.fields.referredOn")}</dt>
        <dd>{formatDate(referral.referredOn, locale)}</dd>
        <dt>{t("referrals.fields.basis")}</dt>
        <dd>
          {t(`referrals.basis.${referral.consentBasis}`)}
          {referral.vitalInterestReason ? `: ${referral.vitalInterestReason}` : ""}
        </dd>
        {referral.note ? (
          <>
            <dt>{t("referrals.fields.note")}</dt>
            <dd className="incident-description">{referral.note}</dd>
          </>
        ) : null}
        {referral.statusReason ? (
          <>
            <dt>{t("referrals.fields.statusReason")}</dt>
            <dd className="incident-description">{referral.statusReason}</dd>
          </>
        ) : null}
      </dl>
      {steps.length > 0 ? (
        <StepButtons
          referral={referral}
          steps={steps}
          onDone={(r) => {
            setNotice(null);
            setReferral(r);
          }}
          onOvertaken={overtaken}
        />
      ) : null}
      <FollowUps referral={referral} onAdded={setReferral} />
    </div>
  );
}

function StepButtons({
  referral,
  steps,
  onDone,
  onOvertaken,
}: {
  referral: Referral;
  steps: ReferralStep[];
  onDone(r: Referral): void;
  onOvertaken(): void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const take = async (step: ReferralStep) => {
    if (busy) return;
    if (stepNeedsReason(step) && !reason.trim()) {
      setError(t("referrals.reasonNeeded"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(
        await referralRequests.transition(referral.id, referral.version, {
          status: step,
          reason: reason.trim() || null,
        }),
      );
      setReason("");
    } catch (e) {
      if (e instanceof ApiError && (e.status === 412 || e.status === 409)) onOvertaken();
      else setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="incident-section" aria-labelledby="steps-title">
      <h2 id="steps-title">{t("referrals.nextSteps")}</h2>
      <Field label={t("referrals.reason")} hint={t("referrals.reasonHint")}>
        {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="steps">
        {steps.map((step) => (
          <button
            key={step}
            type="button"
            className={
              step === "accepted" || step === "completed"
                ? "button button-primary"
                : step === "declined"
                  ? "button button-danger"
                  : "button"
            }
            disabled={busy}
            onClick={() => void take(step)}
          >
            {t(`referrals.step.${step}`)}
          </button>
        ))}
      </div>
    </section>
  );
}

function FollowUps({ referral, onAdded }: { referral: Referral; onAdded(r: Referral): void }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const [on, setOn] = useState(todayInKigali());
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !note.trim()) return;
    setBusy(true);
    setError(null);
    try {
      onAdded(await referralRequests.followUp(referral.id, { on, note: note.trim() }));
      setNote("");
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="incident-section" aria-labelledby="follow-ups-title">
      <h2 id="follow-ups-title">{t("referrals.followUps.title")}</h2>
      {referral.followUps.length === 0 ? (
        <p className="muted">{t("referrals.followUps.none")}</p>
      ) : (
        <ul className="plain-list follow-ups">
          {referral.followUps.map((f) => (
            <li key={f.id}>
              <strong>{formatDate(f.on, locale)}</strong>
              {f.note ? ` — ${f.note}` : ""}
              <br />
              <span className="muted">
                {t("referrals.followUps.recorded", {
                  name: f.recordedBy,
                  at: formatDateTime(f.recordedAt, locale),
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {referral.can.followUp ? (
        <form className="form form-inline-card" onSubmit={submit}>
          <Field label={t("referrals.followUps.on")} required>
            {(p) => <DateInput control={p} value={on} onChange={setOn} />}
          </Field>
          <Field label={t("referrals.followUps.note")} required>
            {(p) => <textarea {...p} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          {error ? (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="button button-primary" disabled={busy || !note.trim()}>
            {t("referrals.followUps.add")}
          </button>
        </form>
      ) : null}
    </section>
  );
}
