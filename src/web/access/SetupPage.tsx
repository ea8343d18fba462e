// First start: create the first administrator, then sign in as them.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { SetupInputSchema } from "../../modules/access/access.schema";
import type { FieldError } from "../../shared/app-errors";
import { fieldErrorsFromZod } from "../../shared/validation";
import { ApiError, client, signIn, unwrap } from "../api";
import { useSession } from "../session";
import { errorsByPath, errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useFocusFirstInvalid } from "../ui/focus-invalid";
import { LanguageSwitcher } from "../ui/LanguageSwitcher";
import { useUiLocale } from "../ui/locale";

export function SetupPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [values, setValues] = useState({ name: "", email: "", password: "" });
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const byPath = errorsByPath(fieldErrors);
  // A refused form puts the focus on its first field in error (on a phone, Save sits below what was wrong).
  const formRef = useFocusFirstInvalid(fieldErrors);
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    // The administrator's account keeps the language the page was read in.
    const parsed = SetupInputSchema.safeParse({ ...values, locale });
    if (!parsed.success) {
      setFieldErrors(fieldErrorsFromZod(parsed.error));
      return;
    }
    setFieldErrors([]);
    setBusy(true);
    try {
      await unwrap(client.api.setup.$post({ json: parsed.data }));
      await signIn(parsed.data.email, parsed.data.password);
      await refresh();
      navigate("/");
    } catch (e) {
      if (e instanceof ApiError && e.fieldErrors.length > 0) setFieldErrors(e.fieldErrors);
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const err = (path: string) => {
    const e = byPath[path];
    return e ? fieldErrorText(t, e) : undefined;
  };

  return (
    <div className="auth-page">
      <div className="auth-card">
        <div className="auth-head">
          <h1>{t("app.name")}</h1>
          <LanguageSwitcher />
        </div>
        <h2>{t("setup.title")}</h2>
        <p className="muted">{t("setup.intro")}</p>
        <form ref={formRef} onSubmit={submit} noValidate>
          <Field label={t("setup.name")} required error={err("name")}>
            {(p) => <input {...p} autoComplete="name" value={values.name} onChange={set("name")} />}
          </Field>
          <Field label={t("auth.email")} required error={err("email")}>
            {(p) => (
              <input
                {...p}
                type="email"
                autoComplete="username"
                value={values.email}
                onChange={set("email")}
              />
            )}
          </Field>
          <Field label={t("auth.password")} hint={t("setup.passwordHint")} required error={err("password")}>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                value={values.password}
                onChange={set("password")}
              />
            )}
          </Field>
          {error ? (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t("common.working") : t("setup.submit")}
          </button>
        </form>
      </div>
    </div>
  );
}
