// "Forgot password": asks for the account's email; the answer is the same whether or not an account has it.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { requestPasswordReset } from "../api";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { LanguageSwitcher } from "../ui/LanguageSwitcher";

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await requestPasswordReset(email.trim());
      setDone(true);
    } catch (e) {
      setError(e);
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
        <h2>{t("passwordReset.forgotTitle")}</h2>
        {done ? (
          <p className="alert alert-success" role="status">
            {t("passwordReset.sent")}
          </p>
        ) : (
          <form onSubmit={submit} noValidate>
            <p className="muted">{t("passwordReset.forgotIntro")}</p>
            <Field label={t("auth.email")} required>
              {(p) => (
                <input
                  {...p}
                  type="email"
                  autoComplete="username"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  required
                />
              )}
            </Field>
            {error ? (
              <p className="alert alert-error" role="alert">
                {errorText(t, error)}
              </p>
            ) : null}
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t("common.working") : t("passwordReset.send")}
            </button>
          </form>
        )}
        <p>
          <Link to="/sign-in">{t("passwordReset.backToSignIn")}</Link>
        </p>
      </div>
    </div>
  );
}
