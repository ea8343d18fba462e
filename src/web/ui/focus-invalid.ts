// After a refused save, the first field in error is where the user (and a screen reader) goes next.
import { type RefObject, useEffect, useRef } from "react";

/**
 * Focuses the first invalid control in `form` (document order) and scrolls it to the middle of the screen, or,
 * when no control is marked invalid (an error the form shows no field for), the form's failure message. On a phone
 * the Save button sits far below the title: focus left on Save showed nothing of what was wrong.
 */
export function focusFirstInvalid(form: HTMLElement): HTMLElement | null {
  const target =
    form.querySelector<HTMLElement>('[aria-invalid="true"]:not([disabled])') ??
    form.querySelector<HTMLElement>("[data-form-failure]");
  if (!target) return null;
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "center" });
  return target;
}

/**
 * For forms that keep their own field errors (not on useEditForm): after each refusal the focus goes to the first
 * field in error. Returns the ref to put on the form.
 */
export function useFocusFirstInvalid(errors: readonly unknown[]): RefObject<HTMLFormElement | null> {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (errors.length > 0 && form.current) focusFirstInvalid(form.current);
  }, [errors]);
  return form;
}
