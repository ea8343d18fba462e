// End an obligation after a period, with a reason (its history and past reports stay); PATCH with If-Match.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { lastEndedPeriods } from "../../modules/reporting/periods";
import type { Obligation } from "../../modules/reporting/reporting.schema";
import { todayInKigali } from "../../shared/today";
import { ApiError, client, ifMatch, unwrap } from "../api";
import { FormFailure } from "../ui/EditConflict";
import { fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";

export function EndObligationForm({ obligation, onDone }: { obligation: Obligation; onDone(): void }) {
  const { t } = useTranslation();
  const [endPeriod, setEndPeriod] = useState(
    () => lastEndedPeriods(obligation.periodType, todayInKigali(), 1)[0] ?? "",
  );
  const [endReason, setEndReason] = useState("");
  const [failure, setFailure] = useState<unknown>(null);
  const [working, setWorking] = useState(false);
  const errors = failure instanceof ApiError ? failure.fieldErrors : [];
  const err = (path: string) => {
    const e = errors.find((x) => x.path === path);
    return e ? fieldErrorText(t, e) : undefined;
  };
  const save = async () => {
    if (!endReason.trim()) {
      setFailure(
        new ApiError(422, "invalid", [
          { path: "endReason", message: "Write something here.", code: "required", in: "body" },
        ]),
      );
      return;
    }
    setWorking(true);
    setFailure(null);
    try {
      await unwrap(
        client.api["reporting-obligations"][":id"].$patch({
          param: { id: obligation.id },
          header: ifMatch(obligation.version),
          json: { endPeriod, endReason },
        }),
      );
      onDone();
    } catch (e) {
      setFailure(e);
    } finally {
      setWorking(false);
    }
  };
  return (
    <form
      className="form inline-end"
      aria-label={t("reports.obligations.end")}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="form-row">
        <Field
          label={t("reports.obligations.lastPeriod")}
          hint={t("reports.obligations.periodFormat")}
          error={err("endPeriod")}
        >
          {(p) => <input {...p} value={endPeriod} onChange={(e) => setEndPeriod(e.target.value.trim())} />}
        </Field>
        <Field label={t("reports.obligations.endReason")} required error={err("endReason")}>
          {(p) => <input {...p} value={endReason} onChange={(e) => setEndReason(e.target.value)} />}
        </Field>
      </div>
      {errors.length === 0 ? (
        <FormFailure failure={failure} staleText={t("reports.obligations.stale")} />
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-danger" disabled={working}>
          {t("reports.obligations.end")}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
