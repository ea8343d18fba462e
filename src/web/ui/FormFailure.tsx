// A save's failure in words, beside a form.
import { useTranslation } from "react-i18next";
import { ApiError } from "../api";
import { errorText } from "./errors";

/** A save's failure in words; a refused stale save says so in the record's own terms. */
export function FormFailure({ failure, staleText }: { failure: unknown; staleText?: string }) {
  const { t } = useTranslation();
  if (!failure) return null;
  const stale = failure instanceof ApiError && failure.status === 412;
  return (
    // The form's one alert; focusable so that a refused save with no field to show can bring it into view.
    <p className="alert alert-error" role="alert" tabIndex={-1} data-form-failure="">
      {stale ? (staleText ?? t("form.conflict.stale")) : errorText(t, failure)}
    </p>
  );
}
