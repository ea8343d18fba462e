// The emailed reset link: choose a new password; every other session of the account ends.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { PasswordSchema } from "../../modules/access/access.schema";
import { fieldErrorsFromZod } from "../../shared/validation";
import { ApiError, resetPassword } from "../api";
import { errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { LanguageSwitcher } from "../ui/LanguageSwitcher";

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const parsed = PasswordSchema.safeParse(password);
    const first = parsed.success ? undefined : fieldErrorsFromZod(parsed.error)[0];
    setFieldError(first ? fieldErrorText(t, { ...first, path: "password" }) : undefined);
    if (first) return;
    setBusy(true);
    try {
      await resetPassword(token, password);
      setDone(true);
    } catch (e) {
      // better-auth answers 400 for a used, expired or unknown link: say so rather than "invalid input".
      const refused = e instanceof ApiError && e.status === 422 ? e.fieldErrors[0] : undefined;
      if (refused) setFieldError(fieldErrorText(t, { ...refused, path: "password" }));
      else
        setError(
          e instanceof ApiError && e.status === 400 ? t("passwordReset.linkInvalid") : errorText(t, e),
        );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <div className="auth-card">
        <div className="auth-head">
          <h1>{t("app.name")}</h1>
          <LanguageSwitcher />
        </div>
        <h2>{t("passwordReset.resetTitle")}</h2>
        {done ? (
          <p className="alert alert-success" role="status">
            {t("passwordReset.done")}
          </p>
        ) : (
          <form onSubmit={submit} noValidate>
            <Field
              label={t("passwordReset.newPassword")}
              hint={t("setup.passwordHint")}
              required
              error={fieldError}
            >
              {(p) => (
                <input
                  {...p}
                  type="password"
                  autoComplete="new-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              )}
            </Field>
            {error ? (
              <p className="alert alert-error" role="alert">
                {error}
              </p>
            ) : null}
            <button type="submit" className="button button-primary" disabled={busy || !token}>
              {busy ? t("common.working") : t("passwordReset.save")}
            </button>
          </form>
        )}
        <p>
          <Link to={done ? "/sign-in" : "/forgot-password"}>
            {done ? t("auth.signIn") : t("passwordReset.askAgain")}
          </Link>
        </p>
      </div>
    </div>
  );
}
