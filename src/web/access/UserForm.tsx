// Creates an account: name, email, first password, language, and one role with where it applies.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { LOCALES, type Locale, UserInputSchema } from "../../modules/access/access.schema";
import { fieldErrorsFromZod } from "../../shared/validation";
import { client, unwrap } from "../api";
import { FormFailure } from "../ui/EditConflict";
import { fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { useEditForm } from "../ui/useEditForm";
import { useFollowUiLocale } from "./follow-ui-locale";
import { type District, type GrantDraft, GrantFields, grantOf } from "./GrantFields";

type Draft = GrantDraft & {
  name: string;
  email: string;
  password: string;
  locale: Locale;
};
const EMPTY: Draft = {
  name: "",
  email: "",
  password: "",
  locale: "rw",
  role: "viewer",
  scopeType: "national",
  scopeId: "",
};

function inputFrom(draft: Draft) {
  const grant = grantOf(draft);
  return {
    name: draft.name,
    email: draft.email,
    password: draft.password,
    locale: draft.locale,
    grants: [grant],
    organisationIds: draft.scopeType === "organisation" && draft.scopeId ? [draft.scopeId] : [],
  };
}

export function UserForm({ districts, onCreated }: { districts: readonly District[]; onCreated(): void }) {
  const { t } = useTranslation();
  const uiLocale = useUiLocale();
  const [created, setCreated] = useState<string | null>(null);
  // A create-only form: no record to load, nothing to compare; it stays open for the next account.
  const form = useEditForm({
    // The administrator's language until they choose another (see follow-ui-locale.ts).
    empty: () => ({ ...EMPTY, locale: uiLocale }),
    toDraft: (d: Draft) => d,
    versionOf: () => undefined,
    fields: [],
    validate: (draft) => {
      const parsed = UserInputSchema.safeParse(inputFrom(draft));
      return parsed.success ? [] : fieldErrorsFromZod(parsed.error);
    },
    save: (draft) => {
      setCreated(null);
      return unwrap(client.api.users.$post({ json: inputFrom(draft) }));
    },
    onSaved: (user) => {
      setCreated(user.email);
      onCreated();
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
    <form onSubmit={form.submit} noValidate className="form form-inline-card" aria-label={t("users.new")}>
      <h2>{t("users.new")}</h2>
      <div className="form-row">
        <Field label={t("users.name")} required error={err("name")}>
          {(p) => <input {...p} autoComplete="off" value={draft.name} onChange={form.set("name")} />}
        </Field>
        <Field label={t("auth.email")} required error={err("email")}>
          {(p) => (
            <input {...p} type="email" autoComplete="off" value={draft.email} onChange={form.set("email")} />
          )}
        </Field>
      </div>
      <div className="form-row">
        <Field
          label={t("users.initialPassword")}
          hint={t("setup.passwordHint")}
          required
          error={err("password")}
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={draft.password}
              onChange={form.set("password")}
            />
          )}
        </Field>
        <Field label={t("nav.language")} error={err("locale")}>
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
      {created ? (
        <p className="alert alert-success" role="status">
          {t("users.created", { email: created })}
        </p>
      ) : null}
      <FormFailure failure={form.failure} />
      <button type="submit" className="button button-primary" disabled={form.saving}>
        {form.saving ? t("common.working") : t("users.create")}
      </button>
    </form>
  );
}
