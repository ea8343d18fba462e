// Field errors of the incident pages in the reader's language: the schemas' own rules (choose a place, a guardian's
// relation, consent for a referral) have their own words here; other codes fall back to the app's general ones.
import type { TFunction } from "i18next";
import type { FieldError } from "../../shared/app-errors";
import { fieldErrorText } from "../ui/errors";

/** "persons.0.identity.name" → "persons_identity_name": one message for every row. */
export const errorKeyOf = (path: string): string =>
  path
    .split(".")
    .filter((part) => !/^\d+$/.test(part))
    .join("_");

export function incidentErrorText(t: TFunction, error: FieldError): string {
  const code = error.code ?? "unknown";
  return t(`incidents.errors.${errorKeyOf(error.path)}.${code}`, { defaultValue: fieldErrorText(t, error) });
}
