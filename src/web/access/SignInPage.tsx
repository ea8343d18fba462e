// Sign-in with email and password.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { ApiError, signIn } from "../api";
import { useSession } from "../session";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { LanguageSwitcher } from "../ui/LanguageSwitcher";

export function SignInPage() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      await refresh();
      navigate("/");
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 401
          ? t("auth.signInFailed")
          : e instanceof ApiError && e.status === 429
            ? t("auth.tooManyAttempts")
            : errorText(t, e),
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
        <p className="muted">{t("app.tagline")}</p>
        <h2>{t("auth.signIn")}</h2>
        <form onSubmit={submit} noValidate>
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
          <Field label={t("auth.password")} required>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
            )}
          </Field>
          {error ? (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t("common.working") : t("auth.signIn")}
          </button>
        </form>
        <p>
          <Link to="/forgot-password">{t("passwordReset.forgotLink")}</Link>
        </p>
      </div>
    </div>
  );
}
