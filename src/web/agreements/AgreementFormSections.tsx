// Sections of the agreement form: what the agreement is (title, type, status, what it amends, reference) and its terms.
import { useTranslation } from "react-i18next";
import { AGREEMENT_KINDS, AGREEMENT_STATUSES } from "../../modules/agreements/agreements.schema";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import type { EditForm } from "../ui/useEditForm";
import { AmendsPicker } from "./AmendsPicker";
import { impossibleDateText, signedOnReading } from "./impossible-date-stop";
import type { AgreementDraft } from "./useAgreementForm";

type SectionProps = { form: EditForm<AgreementDraft>; err(path: string): string | undefined };

export function AgreementIdentitySection({
  form,
  err,
  agreementId,
}: SectionProps & { agreementId?: string }) {
  const { t } = useTranslation();
  const { draft, set, setDraft } = form;
  return (
    <>
      <Field label={t("agreements.titleField")} required error={err("title")}>
        {(p) => <input {...p} value={draft.title} onChange={set("title")} />}
      </Field>
      <div className="form-row">
        <Field label={t("agreements.kind")} required error={err("kind")}>
          {(p) => (
            <select {...p} value={draft.kind} onChange={set("kind")}>
              {AGREEMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`agreements.kinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {agreementId ? null : (
          <Field label={t("agreements.initialStatus")} error={err("status")}>
            {(p) => (
              <select {...p} value={draft.status} onChange={set("status")}>
                {AGREEMENT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`agreements.statuses.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      {draft.kind === "amendment" ? (
        <AmendsPicker
          value={draft.amendsId}
          title={draft.amendsTitle}
          exceptId={agreementId}
          error={err("amendsId")}
          onChange={(amendsId, amendsTitle) => setDraft((d) => ({ ...d, amendsId, amendsTitle }))}
        />
      ) : null}
      <Field label={t("agreements.reference")} error={err("reference")}>
        {(p) => <input {...p} value={draft.reference} onChange={set("reference")} />}
      </Field>
    </>
  );
}

/**
 * The date as written (read back to the user), validity, renewal and purpose. A day that does not exist
 * ("31/02/2023") is said at once, with what will be kept instead; the first save stops on it (useAgreementForm).
 */
export function AgreementTermsSection({ form, err }: SectionProps) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { draft, set } = form;
  const readAs = signedOnReading(t, draft.signedOnText, locale);
  const impossibleText = impossibleDateText(t, draft.signedOnText, locale);
  // Stopped at save: the same words, now as the field's error (focus comes to it).
  const stopped = form.fieldError("signedOnText")?.code === "impossible_date";
  return (
    <>
      <Field
        label={t("agreements.signedOnText")}
        hint={
          impossibleText
            ? undefined
            : draft.signedOnText.trim() === ""
              ? t("agreements.signedOnHint")
              : readAs
                ? t("agreements.dateReadAs", readAs)
                : t("agreements.dateNotRead")
        }
        warning={stopped ? undefined : impossibleText}
        error={stopped ? impossibleText : err("signedOnText")}
      >
        {(p) => <input {...p} value={draft.signedOnText} onChange={set("signedOnText")} />}
      </Field>
      <div className="form-row">
        <Field label={t("agreements.validFrom")} error={err("validFrom")}>
          {(p) => <input {...p} type="date" value={draft.validFrom} onChange={set("validFrom")} />}
        </Field>
        <Field label={t("agreements.validUntil")} error={err("validUntil")}>
          {(p) => <input {...p} type="date" value={draft.validUntil} onChange={set("validUntil")} />}
        </Field>
      </div>
      <Field label={t("agreements.renewalTerms")} error={err("renewalTerms")}>
        {(p) => <input {...p} value={draft.renewalTerms} onChange={set("renewalTerms")} />}
      </Field>
      <Field label={t("agreements.purpose")} error={err("purpose")}>
        {(p) => <textarea {...p} rows={3} value={draft.purpose} onChange={set("purpose")} />}
      </Field>
    </>
  );
}
