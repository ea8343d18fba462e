// Loads still dated with the day they were loaded (status reports imported before the import asked for the report's
// day, decision 042): each with the day its report was as of, a confirmation of what moves, and the result.
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { RedateLoadResult, StatusReportLoad } from "../../modules/imports/redate.schema";
import { formatDate, formatDateTime } from "../../shared/dates";
import { ApiError, client, unwrap } from "../api";
import { DateInput } from "../ui/DateInput";
import { errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { PageFailure } from "../ui/PageFailure";
import { useAsync } from "../ui/useAsync";

const loadsApi = client.api.imports["status-report"].loads;

export function ImportLoadsPage() {
  const { t } = useTranslation();
  const list = useAsync(() => unwrap(loadsApi.$get()), []);
  if (list.error)
    return <PageFailure error={list.error} back={{ to: "/import", label: t("import.title") }} />;
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t("importLoads.title")}</h1>
      </div>
      <p className="lead">{t("importLoads.intro")}</p>
      {!list.data ? (
        <p className="muted">{t("common.loading")}</p>
      ) : list.data.items.length === 0 ? (
        <p role="status">{t("importLoads.none")}</p>
      ) : (
        <ul className="cards">
          {list.data.items.map((load) => (
            <LoadCard key={load.id} load={load} onChanged={list.reload} />
          ))}
        </ul>
      )}
      <p>
        <Link to="/import">{t("import.title")}</Link>
      </p>
    </div>
  );
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: string) =>
  ISO_DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

function LoadCard({ load, onChanged }: { load: StatusReportLoad; onChanged(): void }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const [reportDate, setReportDate] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<RedateLoadResult | null>(null);
  const confirmText = useRef<HTMLHeadingElement>(null);
  const doneText = useRef<HTMLDivElement>(null);
  const headingId = `load-${load.id}`;
  const day = formatDate(load.loadDay, locale);

  function ask(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const error =
      reportDate === ""
        ? t("importLoads.asOfRequired")
        : !isRealDate(reportDate)
          ? t("errors.codes.date_does_not_exist")
          : reportDate > load.loadDay
            ? t("importLoads.asOfAfterLoad", { day })
            : undefined;
    setFieldError(error);
    if (error) return;
    setConfirming(true);
    // The question takes the focus: a screen reader reads what will change before the buttons.
    requestAnimationFrame(() => confirmText.current?.focus());
  }

  async function redate() {
    setBusy(true);
    setFailure(null);
    try {
      const result = await unwrap(
        loadsApi[":id"].redate.$post({
          param: { id: load.id },
          json: { reportDate, expectedProgressEntries: load.progressEntries },
        }),
      );
      setDone(result);
      setConfirming(false);
      requestAnimationFrame(() => doneText.current?.focus());
    } catch (error) {
      setConfirming(false);
      const dateError =
        error instanceof ApiError ? error.fieldErrors.find((f) => f.path === "reportDate") : undefined;
      if (dateError)
        setFieldError(
          dateError.code === "report_date_after_load"
            ? t("importLoads.asOfAfterLoad", { day })
            : fieldErrorText(t, dateError),
        );
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  const asOf = reportDate && isRealDate(reportDate) ? formatDate(reportDate, locale) : "";
  return (
    <li className="card" aria-labelledby={headingId}>
      <h2 id={headingId} className="card-title">
        {t("importLoads.loaded", { when: formatDateTime(load.loadedAt, locale), name: load.loadedByName })}
      </h2>
      <p className="card-meta">
        <span>{t("importLoads.entries", { day, count: load.progressEntries })}</span>
        <span>{t("importLoads.agreements", { count: load.agreements })}</span>
        {load.registrations > 0 ? (
          <span>{t("importLoads.registrations", { count: load.registrations })}</span>
        ) : null}
      </p>
      {load.agreementTitles.length > 0 ? (
        <p className="muted">
          {t("importLoads.examples", {
            titles:
              load.agreementTitles.join("; ") + (load.agreements > load.agreementTitles.length ? "; …" : ""),
          })}
        </p>
      ) : null}

      {done ? (
        <div className="alert alert-success" role="status" tabIndex={-1} ref={doneText}>
          <p>
            {t("importLoads.done", {
              date: formatDate(done.reportDate, locale),
              entries: done.progressEntries,
              registrations: done.registrations,
            })}
          </p>
          {done.registrationsKept > 0 ? (
            <p>
              {t("importLoads.kept", {
                count: done.registrationsKept,
                day: formatDate(done.loadDay, locale),
                date: formatDate(done.reportDate, locale),
              })}
            </p>
          ) : null}
          <Link to="/agreements">{t("import.seeAgreements")}</Link>
        </div>
      ) : (
        <form className="form" onSubmit={ask} noValidate>
          <Field
            label={t("importLoads.asOf")}
            hint={t("importLoads.asOfHint", { day })}
            error={fieldError}
            required
          >
            {(control) => (
              <DateInput
                control={control}
                value={reportDate}
                disabled={busy}
                onChange={(value) => {
                  setReportDate(value);
                  setConfirming(false);
                }}
              />
            )}
          </Field>
          {confirming ? (
            <div className="alert">
              <h3 tabIndex={-1} ref={confirmText}>
                {t("importLoads.confirmTitle", { date: asOf })}
              </h3>
              <ul>
                <li>{t("importLoads.confirmEntries", { count: load.progressEntries, date: asOf })}</li>
                {load.registrations > 0 && reportDate !== load.loadDay ? (
                  <li>{t("importLoads.confirmRegistrations", { count: load.registrations, date: asOf })}</li>
                ) : null}
                <li>{t("importLoads.confirmKept")}</li>
              </ul>
              <div className="form-actions">
                <button type="button" className="button button-primary" disabled={busy} onClick={redate}>
                  {busy ? t("common.working") : t("importLoads.confirm")}
                </button>
                <button type="button" className="button" disabled={busy} onClick={() => setConfirming(false)}>
                  {t("common.cancel")}
                </button>
              </div>
            </div>
          ) : (
            <div className="form-actions">
              <button type="submit" className="button">
                {t("importLoads.redate")}
              </button>
            </div>
          )}
        </form>
      )}
      {failure ? (
        <div className="alert alert-error" role="alert">
          <p>{errorText(t, failure)}</p>
          {failure instanceof ApiError && failure.status === 409 ? (
            <>
              <p>{failure.message}</p>
              <button
                type="button"
                className="button"
                onClick={() => {
                  setFailure(null);
                  onChanged();
                }}
              >
                {t("importLoads.lookAgain")}
              </button>
            </>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
