// Administrators and coordinators extend the list of themes, named in the three languages.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ThemeInputSchema } from "../../modules/agreements/agreements.schema";
import type { FieldError } from "../../shared/app-errors";
import { fieldErrorsFromZod } from "../../shared/validation";
import { ApiError, client, unwrap } from "../api";
import { useSession } from "../session";
import { errorsByPath, errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";

const EMPTY = { code: "", en: "", fr: "", rw: "" };

export function ThemesPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { can } = useSession();
  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  const [draft, setDraft] = useState(EMPTY);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const byPath = errorsByPath(fieldErrors);
  const err = (path: string) => {
    const e = byPath[path];
    return e ? fieldErrorText(t, e) : undefined;
  };
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const input = { code: draft.code.trim(), names: { en: draft.en, fr: draft.fr, rw: draft.rw } };
    const parsed = ThemeInputSchema.safeParse(input);
    if (!parsed.success) {
      setFieldErrors(fieldErrorsFromZod(parsed.error));
      return;
    }
    setFieldErrors([]);
    try {
      const created = await unwrap(client.api.themes.$post({ json: parsed.data }));
      setMessage({ ok: true, text: t("themes.created", { name: created.names[locale] }) });
      setDraft(EMPTY);
      themes.reload();
    } catch (e) {
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors);
      setMessage({ ok: false, text: errorText(t, e) });
    }
  };

  return (
    <div className="page">
      <h1>{t("themes.title")}</h1>
      <p className="muted">{t("themes.intro")}</p>
      <div className="table-scroll">
        <table className="changes">
          <thead>
            <tr>
              <th scope="col">{t("language.en")}</th>
              <th scope="col">{t("language.fr")}</th>
              <th scope="col">{t("language.rw")}</th>
            </tr>
          </thead>
          <tbody>
            {themes.data?.items.map((th) => (
              <tr key={th.code}>
                <td>{th.names.en}</td>
                <td>{th.names.fr}</td>
                <td>{th.names.rw}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {can("theme", "create") ? (
        <form onSubmit={submit} noValidate className="form form-inline-card">
          <h2>{t("themes.new")}</h2>
          <Field label={t("themes.code")} hint={t("themes.codeHint")} required error={err("code")}>
            {(p) => <input {...p} value={draft.code} onChange={set("code")} />}
          </Field>
          <div className="form-row">
            <Field label={t("language.en")} required error={err("names.en")}>
              {(p) => <input {...p} value={draft.en} onChange={set("en")} />}
            </Field>
            <Field label={t("language.fr")} required error={err("names.fr")}>
              {(p) => <input {...p} value={draft.fr} onChange={set("fr")} />}
            </Field>
          </div>
          <Field label={t("language.rw")} required error={err("names.rw")}>
            {(p) => <input {...p} value={draft.rw} onChange={set("rw")} />}
          </Field>
          {message ? (
            <p className={message.ok ? "alert alert-success" : "alert alert-error"} role="status">
              {message.text}
            </p>
          ) : null}
          <button type="submit" className="button button-primary">
            {t("themes.add")}
          </button>
        </form>
      ) : null}
    </div>
  );
}
