// A save's failure in words, beside a form.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api";
import { errorText } from "./errors";
import { focusFirstInvalid } from "./focus-invalid";

/**
 * A save's failure in words; a refused stale save says so in the record's own terms. When it appears, the focus
 * moves to the form's first field in error (or to this message when no field is marked): on a phone the Save button
 * sits far below what was wrong, and focus left on it showed nothing. Forms built on useEditForm do the same
 * themselves; doing it twice lands on the same field.
 */
export function FormFailure({ failure, staleText }: { failure: unknown; staleText?: string }) {
  const { t } = useTranslation();
  const message = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const el = message.current;
    if (!failure || !el) return;
    focusFirstInvalid(el.closest("form") ?? el.parentElement ?? el);
  }, [failure]);
  if (!failure) return null;
  const stale = failure instanceof ApiError && failure.status === 412;
  return (
    // The form's one alert; focusable so that a refused save with no field to show can bring it into view.
    <p ref={message} className="alert alert-error" role="alert" tabIndex={-1} data-form-failure="">
      {stale ? (staleText ?? t("form.conflict.stale")) : errorText(t, failure)}
    </p>
  );
}
