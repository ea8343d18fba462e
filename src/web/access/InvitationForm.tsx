// Invites someone by email with one role in a scope: they choose their own name and password by the emailed link.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { InvitationInputSchema, LOCALES, type Locale } from "../../modules/access/access.schema";
import { fieldErrorsFromZod } from "../../shared/validation";
import { client, unwrap } from "../api";
import { FormFailure } from "../ui/EditConflict";
import { fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { useEditForm } from "../ui/useEditForm";
import { useFollowUiLocale } from "./follow-ui-locale";
import { type District, type GrantDraft, GrantFields, grantOf } from "./GrantFields";

type Draft = GrantDraft & { email: string; locale: Locale };
const EMPTY: Draft = { email: "", locale: "rw", role: "viewer", scopeType: "national", scopeId: "" };

const inputFrom = (draft: Draft) => {
  const grant = grantOf(draft);
  return {
    email: draft.email.trim(),
    locale: draft.locale,
    grants: [grant],
    organisationIds: grant.scopeType === "organisation" && grant.scopeId ? [grant.scopeId] : [],
  };
};

export function InvitationForm({
  districts,
  delivery,
  onInvited,
}: {
  districts: readonly District[];
  /** "outbox" when no mail server is set: the administrator passes the link on from the outbox. */
  delivery: "smtp" | "outbox" | undefined;
  onInvited(): void;
}) {
  const { t } = useTranslation();
  const uiLocale = useUiLocale();
  const [invited, setInvited] = useState<string | null>(null);
  const form = useEditForm({
    // The administrator's language until they choose another (see follow-ui-locale.ts).
    empty: () => ({ ...EMPTY, locale: uiLocale }),
    toDraft: (d: Draft) => d,
    versionOf: () => undefined,
    fields: [],
    validate: (draft) => {
      const parsed = InvitationInputSchema.safeParse(inputFrom(draft));
      return parsed.success ? [] : fieldErrorsFromZod(parsed.error);
    },
    save: (draft) => {
      setInvited(null);
      return unwrap(client.api.invitations.$post({ json: inputFrom(draft) }));
    },
    onSaved: (invitation) => {
      setInvited(invitation.email);
      onInvited();
      return EMPTY;
    },
  });
  useFollowUiLocale(uiLocale, form.setDraft);
  const { draft, setDraft } = form;
  const err = (path: string) => {
    const e = form.fieldError(path);
    return e ? fieldErrorText(t, e) : undefined;
  };
  return (
    <form
      onSubmit={form.submit}
      noValidate
      className="form form-inline-card"
      aria-label={t("invitations.new")}
    >
      <h2>{t("invitations.new")}</h2>
      <p className="muted">{t("invitations.explain")}</p>
      <div className="form-row">
        <Field label={t("invitations.email")} required error={err("email")}>
          {(p) => (
            <input {...p} type="email" autoComplete="off" value={draft.email} onChange={form.set("email")} />
          )}
        </Field>
        <Field label={t("invitations.language")} error={err("locale")}>
          {(p) => (
            <select {...p} value={draft.locale} onChange={form.set("locale")}>
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {t(`language.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <GrantFields
        value={draft}
        onChange={(grant) => setDraft((d) => ({ ...d, ...grant }))}
        districts={districts}
        errorFor={(path) => err(`grants.0.${path}`)}
      />
      {invited ? (
        <p className="alert alert-success" role="status">
          {delivery === "outbox"
            ? t("invitations.heldInOutbox", { email: invited })
            : t("invitations.sent", { email: invited })}
        </p>
      ) : null}
      <FormFailure failure={form.failure} />
      <button type="submit" className="button button-primary" disabled={form.saving}>
        {form.saving ? t("common.working") : t("invitations.send")}
      </button>
    </form>
  );
}
