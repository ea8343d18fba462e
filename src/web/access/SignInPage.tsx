// Sign-in with email and password, then the second factor's code when the account has one.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { ApiError, postAuth, signIn } from "../api";
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
  const [step, setStep] = useState<"password" | "code">("password");
  const [useBackupCode, setUseBackupCode] = useState(false);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const failure = (e: unknown) =>
    e instanceof ApiError && e.status === 401
      ? t(step === "code" ? "auth.codeWrong" : "auth.signInFailed")
      : e instanceof ApiError && e.status === 429
        ? t("auth.tooManyAttempts")
        : errorText(t, e);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(failure(e));
    } finally {
      setBusy(false);
    }
  };

  const signedIn = async () => {
    await refresh();
    navigate("/");
  };

  const submitPassword = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const { secondFactor } = await signIn(email, password);
      if (secondFactor) {
        setPassword("");
        setStep("code");
      } else await signedIn();
    });
  };

  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const value = code.trim();
      await postAuth(useBackupCode ? "/two-factor/verify-backup-code" : "/two-factor/verify-totp", {
        code: useBackupCode ? value : value.replace(/\s+/g, ""),
      });
      await signedIn();
    });
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
        {step === "password" ? (
          <form onSubmit={submitPassword} noValidate>
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
        ) : (
          <form onSubmit={submitCode} noValidate>
            <p>{t(useBackupCode ? "auth.backupCodeIntro" : "auth.codeIntro")}</p>
            <Field label={t(useBackupCode ? "auth.backupCode" : "auth.code")} required>
              {(p) => (
                <input
                  {...p}
                  inputMode={useBackupCode ? "text" : "numeric"}
                  autoComplete="one-time-code"
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
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
              {busy ? t("common.working") : t("auth.verify")}
            </button>
            <p>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setUseBackupCode((b) => !b);
                  setCode("");
                  setError(null);
                }}
              >
                {t(useBackupCode ? "auth.useAuthenticator" : "auth.useBackupCode")}
              </button>
            </p>
          </form>
        )}
        {step === "password" ? (
          <p>
            <Link to="/forgot-password">{t("passwordReset.forgotLink")}</Link>
          </p>
        ) : null}
      </div>
    </div>
  );
}
