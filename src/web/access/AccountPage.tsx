// My account / security: change the password (other sessions end) and set up or remove the second factor (TOTP).
import { type FormEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { renderSVG } from "uqr";
import { ChangePasswordSchema } from "../../modules/access/access.schema";
import type { FieldError } from "../../shared/app-errors";
import { fieldErrorsFromZod } from "../../shared/validation";
import { ApiError, client, postAuth, unwrap } from "../api";
import { useSession } from "../session";
import { errorsByPath, errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";

function PasswordSection() {
  const { t } = useTranslation();
  const [values, setValues] = useState({ currentPassword: "", password: "" });
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const byPath = errorsByPath(fieldErrors);
  const err = (path: string) => {
    const e = byPath[path];
    return e ? fieldErrorText(t, e) : undefined;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const parsed = ChangePasswordSchema.safeParse(values);
    if (!parsed.success) {
      setFieldErrors(fieldErrorsFromZod(parsed.error));
      return;
    }
    setFieldErrors([]);
    setBusy(true);
    try {
      const result = await unwrap(client.api.me.password.$post({ json: parsed.data }));
      setValues({ currentPassword: "", password: "" });
      setMessage({ kind: "ok", text: t("account.passwordChanged", { count: result.otherSessionsEnded }) });
    } catch (e) {
      if (e instanceof ApiError && e.fieldErrors.length > 0) setFieldErrors(e.fieldErrors);
      else setMessage({ kind: "error", text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">{t("account.passwordTitle")}</h2>
      <form onSubmit={submit} noValidate>
        <Field label={t("account.currentPassword")} required error={err("currentPassword")}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="current-password"
              value={values.currentPassword}
              onChange={(e) => setValues((v) => ({ ...v, currentPassword: e.target.value }))}
            />
          )}
        </Field>
        <Field
          label={t("account.newPassword")}
          hint={t("setup.passwordHint")}
          required
          error={err("password")}
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={values.password}
              onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))}
            />
          )}
        </Field>
        {message ? (
          <p className={message.kind === "ok" ? "alert alert-success" : "alert alert-error"} role="status">
            {message.text}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t("common.working") : t("account.changePassword")}
        </button>
      </form>
    </section>
  );
}

type Enrolment = { totpURI: string; backupCodes: string[] };

/** The base32 secret of the otpauth:// URI, in groups of four for typing into an app by hand. */
function secretText(totpURI: string): string {
  const secret = new URL(totpURI).searchParams.get("secret") ?? "";
  return secret.replace(/(.{4})/g, "$1 ").trim();
}

function SecondFactorSection() {
  const { t, i18n } = useTranslation();
  const { state, refresh } = useSession();
  const me = state.status === "signed-in" ? state.me : null;
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const qr = useMemo(
    () =>
      enrolment
        ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(renderSVG(enrolment.totpURI, { border: 2 }))}`
        : null,
    [enrolment],
  );
  if (!me) return null;
  const status = me.secondFactor;

  const run = async (action: () => Promise<void>, wrongText: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof ApiError && (e.status === 400 || e.status === 401) ? wrongText : errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const start = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      setEnrolment(await postAuth<Enrolment>("/two-factor/enable", { password }));
      setPassword("");
    }, t("account.passwordWrong"));
  };
  const verify = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await postAuth("/two-factor/verify-totp", { code: code.replace(/\s+/g, "") });
      setCode("");
      setEnrolment(null);
      await refresh();
    }, t("auth.codeWrong"));
  };
  const remove = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await postAuth("/two-factor/disable", { password });
      setPassword("");
      await refresh();
    }, t("account.passwordWrong"));
  };

  const deadline = status.requiredBy
    ? new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" }).format(
        new Date(status.requiredBy),
      )
    : "";

  return (
    <section className="card" aria-labelledby="second-factor-heading">
      <h2 id="second-factor-heading">{t("account.secondFactorTitle")}</h2>
      <p className="muted">{t("account.secondFactorIntro")}</p>
      {status.required ? (
        <p className="alert alert-error" role="alert">
          {status.overdue
            ? t("account.secondFactorOverdue")
            : t("account.secondFactorRequired", { deadline })}
        </p>
      ) : null}
      {status.enabled ? (
        <form onSubmit={remove} noValidate>
          <p className="alert alert-success">{t("account.secondFactorOn")}</p>
          <Field label={t("auth.password")} required>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button" disabled={busy}>
            {t("account.secondFactorRemove")}
          </button>
        </form>
      ) : enrolment ? (
        <form onSubmit={verify} noValidate>
          <p>{t("account.scanIntro")}</p>
          {qr ? <img className="totp-qr" src={qr} alt={t("account.qrAlt")} width={200} height={200} /> : null}
          <p>
            {t("account.secretText")} <code data-testid="totp-secret">{secretText(enrolment.totpURI)}</code>
          </p>
          <p>{t("account.backupCodesIntro")}</p>
          <ul className="backup-codes" data-testid="backup-codes">
            {enrolment.backupCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <Field label={t("auth.code")} required>
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                autoComplete="one-time-code"
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t("account.secondFactorVerify")}
          </button>
        </form>
      ) : (
        <form onSubmit={start} noValidate>
          <Field label={t("auth.password")} hint={t("account.passwordToStart")} required>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t("account.secondFactorStart")}
          </button>
        </form>
      )}
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("account.title")}</h1>
      <SecondFactorSection />
      <PasswordSection />
    </div>
  );
}
