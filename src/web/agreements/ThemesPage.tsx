// Administrators and coordinators extend the list of themes, named in the three languages; administrators
// rename any theme (a better Kinyarwanda name, say) and delete an added one no agreement carries.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type Theme, ThemeInputSchema, ThemePatchSchema } from "../../modules/agreements/agreements.schema";
import type { FieldError } from "../../shared/app-errors";
import { fieldErrorsFromZod } from "../../shared/validation";
import { ApiError, client, expectOk, ifMatch, unwrap } from "../api";
import { useSession } from "../session";
import { errorsByPath, errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { scrollRegion } from "../ui/scroll-region";
import { useAsync } from "../ui/useAsync";

const EMPTY = { code: "", en: "", fr: "", rw: "" };
type Names = Theme["names"];
const LANGUAGES = ["en", "fr", "rw"] as const;

/** One theme's row: its names, or inputs for them while an administrator renames it. */
function ThemeRow({
  theme,
  canEdit,
  canDelete,
  onChanged,
}: {
  theme: Theme;
  canEdit: boolean;
  canDelete: boolean;
  onChanged: (message: { ok: boolean; text: string }) => void;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const [names, setNames] = useState<Names | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const byPath = errorsByPath(fieldErrors);
  const name = theme.names[locale];

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!names) return;
    const parsed = ThemePatchSchema.safeParse({ names });
    if (!parsed.success) {
      setFieldErrors(fieldErrorsFromZod(parsed.error));
      return;
    }
    setBusy(true);
    try {
      const updated = await unwrap(
        client.api.themes[":code"].$patch({
          param: { code: theme.code },
          header: ifMatch(theme.version),
          json: parsed.data,
        }),
      );
      setNames(null);
      setFieldErrors([]);
      onChanged({ ok: true, text: t("themes.renamed", { name: updated.names[locale] }) });
    } catch (e) {
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors);
      // Someone renamed it meanwhile: show their names, and let this administrator try again on them.
      if (e instanceof ApiError && e.status === 412) setNames(null);
      onChanged({ ok: false, text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!window.confirm(t("themes.deleteConfirm", { name }))) return;
    setBusy(true);
    try {
      await expectOk(
        client.api.themes[":code"].$delete({ param: { code: theme.code }, header: ifMatch(theme.version) }),
      );
      onChanged({ ok: true, text: t("themes.deleted", { name }) });
    } catch (e) {
      onChanged({ ok: false, text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

  if (names) {
    return (
      <tr>
        <td colSpan={5}>
          <form onSubmit={save} noValidate className="form theme-rename">
            <div className="form-row">
              {LANGUAGES.map((lang) => {
                const e = byPath[`names.${lang}`];
                return (
                  <Field
                    key={lang}
                    label={t(`language.${lang}`)}
                    required
                    error={e ? fieldErrorText(t, e) : undefined}
                  >
                    {(p) => (
                      <input
                        {...p}
                        value={names[lang]}
                        onChange={(ev) => setNames({ ...names, [lang]: ev.target.value })}
                      />
                    )}
                  </Field>
                );
              })}
            </div>
            <div className="actions">
              <button type="submit" className="button button-primary" disabled={busy}>
                {t("common.save")}
              </button>
              <button type="button" className="button" onClick={() => setNames(null)} disabled={busy}>
                {t("common.cancel")}
              </button>
            </div>
          </form>
        </td>
      </tr>
    );
  }
  return (
    <tr>
      <td data-label={t("language.en")}>{theme.names.en}</td>
      <td data-label={t("language.fr")}>{theme.names.fr}</td>
      <td data-label={t("language.rw")}>{theme.names.rw}</td>
      <td className="numeric" data-label={t("themes.agreements")}>
        {theme.agreementCount}
      </td>
      <td className="theme-actions">
        <div className="row-actions">
          {canEdit ? (
            <button
              type="button"
              className="button"
              aria-label={t("themes.renameTheme", { name })}
              onClick={() => setNames(theme.names)}
            >
              {t("common.edit")}
            </button>
          ) : null}
          {canDelete && !theme.builtIn && theme.agreementCount === 0 ? (
            <button
              type="button"
              className="button button-danger"
              aria-label={t("themes.deleteTheme", { name })}
              onClick={remove}
              disabled={busy}
            >
              {t("common.delete")}
            </button>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

export function ThemesPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { can, canSomewhere } = useSession();
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
      <p>
        <Link to="/admin/iati-sectors">{t("sectorThemes.link")}</Link>
      </p>
      {message ? (
        <p className={message.ok ? "alert alert-success" : "alert alert-error"} role="status">
          {message.text}
        </p>
      ) : null}
      <div className="table-scroll" {...scrollRegion(t("nav.themes"))}>
        {/* On a phone each theme is a small card of labelled lines (the labels come from data-label). */}
        <table className="changes stack-table">
          <thead>
            <tr>
              <th scope="col">{t("language.en")}</th>
              <th scope="col">{t("language.fr")}</th>
              <th scope="col">{t("language.rw")}</th>
              <th scope="col" className="numeric">
                {t("themes.agreements")}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t("themes.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {themes.data?.items.map((th) => (
              <ThemeRow
                key={`${th.code}:${th.version}`}
                theme={th}
                canEdit={can("theme", "update")}
                canDelete={can("theme", "delete")}
                onChanged={(m) => {
                  setMessage(m);
                  themes.reload();
                }}
              />
            ))}
          </tbody>
        </table>
      </div>
      {canSomewhere("theme", "create") ? (
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
          <button type="submit" className="button button-primary">
            {t("themes.add")}
          </button>
        </form>
      ) : null}
    </div>
  );
}
