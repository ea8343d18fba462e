// The emailed invitation link: shows which address is invited, then the invitee chooses a name and password.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { AcceptInvitationInputSchema } from "../../modules/access/access.schema";
import type { FieldError } from "../../shared/app-errors";
import { fieldErrorsFromZod } from "../../shared/validation";
import { ApiError, client, signIn, unwrap } from "../api";
import { showLanguage } from "../i18n";
import { useSession } from "../session";
import { errorsByPath, errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useFocusFirstInvalid } from "../ui/focus-invalid";
import { LanguageSwitcher } from "../ui/LanguageSwitcher";
import { useAsync } from "../ui/useAsync";

/** Why a link cannot be used, from the problem's code on `token`, in the reader's language. */
export function invitationErrorText(t: (key: string) => string, error: unknown): string {
  const code =
    error instanceof ApiError ? error.fieldErrors.find((f) => f.path === "token")?.code : undefined;
  switch (code) {
    case "invitation_used":
      return t("invitations.linkUsed");
    case "invitation_expired":
      return t("invitations.linkExpired");
    case "invitation_replaced":
      return t("invitations.linkReplaced");
    case "invitation_unknown":
      return t("invitations.linkUnknown");
    case "invitation_stale":
      return t("invitations.linkStale");
    default:
      return "";
  }
}

export function AcceptInvitationPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const { refresh } = useSession();
  const navigate = useNavigate();
  const invitation = useAsync(async () => {
    const found = await unwrap(client.api.invitations.lookup.$get({ query: { token } }));
    // The page speaks the language the administrator chose for this person, until they pick another.
    if (i18n.language !== found.locale) await showLanguage(found.locale);
    return found;
  }, [token]);
  const [values, setValues] = useState({ name: "", password: "" });
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const byPath = errorsByPath(fieldErrors);
  // A refused form puts the focus on its first field in error (on a phone, Save sits below what was wrong).
  const formRef = useFocusFirstInvalid(fieldErrors);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const parsed = AcceptInvitationInputSchema.safeParse({ token, ...values });
    if (!parsed.success) {
      setFieldErrors(fieldErrorsFromZod(parsed.error));
      return;
    }
    setFieldErrors([]);
    setBusy(true);
    try {
      const account = await unwrap(client.api.invitations.accept.$post({ json: parsed.data }));
      await signIn(account.email, parsed.data.password);
      await refresh();
      navigate("/");
    } catch (e) {
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors.filter((f) => f.path !== "token"));
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const linkProblem = invitation.error
    ? invitationErrorText(t, invitation.error) || errorText(t, invitation.error)
    : null;
  const submitProblem = error ? invitationErrorText(t, error) || errorText(t, error) : null;

  return (
    <div className="auth-page">
      <div className="auth-card">
        <div className="auth-head">
          <h1>{t("app.name")}</h1>
          <LanguageSwitcher />
        </div>
        <h2>{t("invitations.acceptTitle")}</h2>
        {linkProblem ? (
          <>
            <p className="alert alert-error" role="alert">
              {linkProblem}
            </p>
            <Link to="/sign-in">{t("auth.signIn")}</Link>
          </>
        ) : invitation.data ? (
          <form ref={formRef} onSubmit={submit} noValidate>
            <p>{t("invitations.acceptIntro", { email: invitation.data.email })}</p>
            <Field label={t("users.name")} required error={byPath.name && fieldErrorText(t, byPath.name)}>
              {(p) => (
                <input
                  {...p}
                  autoComplete="name"
                  value={values.name}
                  onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))}
                />
              )}
            </Field>
            <Field
              label={t("auth.password")}
              hint={t("setup.passwordHint")}
              required
              error={byPath.password && fieldErrorText(t, byPath.password)}
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
            {submitProblem ? (
              <p className="alert alert-error" role="alert">
                {submitProblem}
              </p>
            ) : null}
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t("common.working") : t("invitations.accept")}
            </button>
          </form>
        ) : (
          <p className="muted">{t("common.loading")}</p>
        )}
      </div>
    </div>
  );
}
