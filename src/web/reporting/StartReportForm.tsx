// "Start a report": one of the reader's organisation's obligations (grouped by how often), and the period, suggested
// as the last one that has ended; the report goes to every body the organisation owes it to for that period.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { lastEndedPeriods, periodOfDate } from "../../modules/reporting/periods";
import type { Obligation, PeriodType } from "../../modules/reporting/reporting.schema";
import { todayInKigali } from "../../shared/today";
import { ApiError, client, unwrap } from "../api";
import { FormFailure } from "../ui/EditConflict";
import { fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useAsync } from "../ui/useAsync";

type Choice = {
  key: string;
  organisationId: string;
  organisationName: string;
  periodType: PeriodType;
  bodies: string[];
};

function choicesOf(obligations: readonly Obligation[]): Choice[] {
  const byKey = new Map<string, Choice>();
  for (const o of obligations) {
    // A deactivated organisation still owes the period it was deactivated in (the server refuses later ones).
    if (o.pausedBecause && o.pausedBecause !== "organisation_deactivated") continue;
    const key = `${o.organisationId}:${o.periodType}`;
    const choice = byKey.get(key) ?? {
      key,
      organisationId: o.organisationId,
      organisationName: o.organisationName,
      periodType: o.periodType,
      bodies: [],
    };
    choice.bodies.push(o.bodyName);
    byKey.set(key, choice);
  }
  return [...byKey.values()];
}

/** The last four ended periods, newest first, then the running one. */
const periodsFor = (type: PeriodType, today: string) => [
  ...lastEndedPeriods(type, today, 4).reverse(),
  periodOfDate(type, today),
];

export function StartReportForm({ organisationIds }: { organisationIds: readonly string[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const today = todayInKigali();
  const obligations = useAsync(
    () =>
      Promise.all(
        organisationIds.map((organisationId) =>
          unwrap(client.api["reporting-obligations"].$get({ query: { organisationId, running: "true" } })),
        ),
      ).then((lists) => choicesOf(lists.flat())),
    [organisationIds.join(",")],
  );
  const [key, setKey] = useState("");
  const [period, setPeriod] = useState("");
  const [failure, setFailure] = useState<unknown>(null);
  const [working, setWorking] = useState(false);
  const choices = obligations.data ?? [];
  const chosen = choices.find((c) => c.key === key) ?? choices[0];
  const periods = chosen ? periodsFor(chosen.periodType, today) : [];
  const shownPeriod = period && periods.includes(period) ? period : (periods[0] ?? "");
  if (obligations.data && choices.length === 0) return <p className="muted">{t("reports.noObligations")}</p>;
  if (!chosen) return null;

  const periodError =
    failure instanceof ApiError ? failure.fieldErrors.find((e) => e.path === "period") : undefined;
  const existing = periodError?.code === "duplicate" ? String(periodError.params?.submissionId ?? "") : "";
  const start = async () => {
    setWorking(true);
    setFailure(null);
    try {
      const created = await unwrap(
        client.api.submissions.$post({
          json: { organisationId: chosen.organisationId, period: shownPeriod },
        }),
      );
      void navigate(`/reports/${created.id}`);
    } catch (e) {
      setFailure(e);
    } finally {
      setWorking(false);
    }
  };
  return (
    <form
      className="form form-inline-card"
      aria-label={t("reports.start")}
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <h2>{t("reports.start")}</h2>
      <Field label={t("reports.obligation")}>
        {(p) => (
          <select {...p} value={chosen.key} onChange={(e) => setKey(e.target.value)}>
            {choices.map((c) => (
              <option key={c.key} value={c.key}>
                {t("reports.obligationChoice", {
                  organisation: c.organisationName,
                  every: t(`reports.periodTypes.${c.periodType}`),
                  bodies: c.bodies.join(", "),
                })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={t("reports.period")}
        hint={t("reports.periodHint")}
        error={periodError && !existing ? fieldErrorText(t, periodError) : undefined}
      >
        {(p) => (
          <select {...p} value={shownPeriod} onChange={(e) => setPeriod(e.target.value)}>
            {periods.map((pe) => (
              <option key={pe} value={pe}>
                {pe}
              </option>
            ))}
          </select>
        )}
      </Field>
      {existing ? (
        <p className="alert alert-warning" role="alert">
          {t("reports.alreadyStarted")} <Link to={`/reports/${existing}`}>{t("reports.openIt")}</Link>
        </p>
      ) : (
        <FormFailure failure={periodError ? null : failure} />
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={working}>
          {working ? t("common.working") : t("reports.startButton")}
        </button>
      </div>
    </form>
  );
}
