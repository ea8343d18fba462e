// A labelled form control with its hint, its warning and its error, wired for screen readers.
import { type ReactNode, useId } from "react";

/** What a Field gives its control: the label's id, the hint/warning/error to read with it, and its state. */
export type FieldControlProps = {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
  "aria-required"?: boolean;
};

type FieldProps = {
  label: string;
  hint?: string;
  /** Something to know before saving that does not stop the save (a date that will be kept coarser than written). */
  warning?: string;
  error?: string;
  required?: boolean;
  children: (props: FieldControlProps) => ReactNode;
};

/**
 * The error is not an alert of its own: after a refused save the form moves focus to the first invalid control
 * (which reads its error through aria-describedby) and says once, in its own alert, that fields need attention.
 * An alert per field made a screen reader read two or three messages over each other.
 */
export function Field({ label, hint, warning, error, required, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const warningId = warning ? `${id}-warning` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, warningId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {children({
        id,
        "aria-describedby": describedBy,
        "aria-invalid": error ? true : undefined,
        "aria-required": required ? true : undefined,
      })}
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {warning ? (
        <p id={warningId} className="field-warning">
          {warning}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
