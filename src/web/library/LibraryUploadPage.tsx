// Upload a document to the library with its metadata; its text is read in the background after it is stored.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import {
  LIBRARY_DOCUMENT_KINDS,
  type LibraryDocument,
  type LibraryDocumentKind,
  type LibraryLanguage,
} from "../../modules/library/library.schema";
import { ApiError, client, unwrap } from "../api";
import { useMe } from "../session";
import { DateInput } from "../ui/DateInput";
import { Field } from "../ui/Field";
import { postFile, UPLOAD_ACCEPT, uploadErrorText } from "../ui/file-upload";
import { ThemeChecklist } from "../ui/ThemeChecklist";
import { useAsync } from "../ui/useAsync";
import { LanguageField } from "./LibraryBits";
import { OrganisationSelect } from "./OrganisationSelect";

export function LibraryUploadPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const themes = useAsync(() => unwrap(client.api.themes.$get()).then((r) => r.items), []);
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState<LibraryDocumentKind>("report");
  const [language, setLanguage] = useState<LibraryLanguage>("en");
  const [organisationId, setOrganisationId] = useState(me.organisationIds[0] ?? "");
  const [themeCodes, setThemeCodes] = useState<string[]>([]);
  const [periodStart, setPeriodStart] = useState("");
  const [periodEnd, setPeriodEnd] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setFieldErrors({ file: t("library.upload.chooseFile") });
      return;
    }
    setBusy(true);
    setError(null);
    setFieldErrors({});
    const form = new FormData();
    form.set("file", file);
    form.set("title", title);
    form.set("kind", kind);
    form.set("language", language);
    if (organisationId) form.set("organisationIds", organisationId);
    if (themeCodes.length > 0) form.set("themeCodes", themeCodes.join(","));
    if (periodStart) form.set("periodStart", periodStart);
    if (periodEnd) form.set("periodEnd", periodEnd);
    try {
      const res = await postFile("/api/library/documents", form);
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as {
          detail?: string;
          errors?: { path: string; message: string }[];
        };
        throw new ApiError(
          res.status,
          body.detail ?? res.statusText,
          (body.errors ?? []).map((x) => ({ ...x })),
        );
      }
      const created = (await res.json()) as LibraryDocument;
      navigate(`/library/documents/${created.id}`);
    } catch (err) {
      if (err instanceof ApiError)
        setFieldErrors(
          Object.fromEntries(err.fieldErrors.map((f) => [f.path.split(".")[0] ?? f.path, f.message])),
        );
      setError(uploadErrorText(t, err));
      setBusy(false);
    }
  };

  return (
    <div className="page library-upload">
      <p>
        <Link to="/library">{t("library.back")}</Link>
      </p>
      <h1>{t("library.upload.title")}</h1>
      <form className="card" onSubmit={submit} noValidate>
        <Field
          label={t("library.fields.file")}
          hint={t("library.upload.fileHint")}
          error={fieldErrors.file}
          required
        >
          {(props) => (
            <input
              {...props}
              type="file"
              accept={UPLOAD_ACCEPT}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          )}
        </Field>
        <Field label={t("library.fields.title")} error={fieldErrors.title} required>
          {(props) => (
            <input {...props} value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} />
          )}
        </Field>
        <Field label={t("library.fields.kind")} required>
          {(props) => (
            <select {...props} value={kind} onChange={(e) => setKind(e.target.value as LibraryDocumentKind)}>
              {LIBRARY_DOCUMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`library.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <LanguageField value={language} onChange={setLanguage} hint={t("library.upload.languageHint")} />
        <OrganisationSelect
          label={t("library.fields.organisation")}
          value={organisationId}
          onChange={setOrganisationId}
          error={fieldErrors.organisationIds}
          optional
        />
        {themes.data ? (
          <ThemeChecklist
            legend={t("library.fields.themes")}
            themes={themes.data}
            selected={themeCodes}
            onChange={setThemeCodes}
          />
        ) : null}
        <Field label={t("library.fields.periodStart")} error={fieldErrors.periodStart}>
          {(props) => <DateInput control={props} value={periodStart} onChange={setPeriodStart} />}
        </Field>
        <Field label={t("library.fields.periodEnd")} error={fieldErrors.periodEnd}>
          {(props) => <DateInput control={props} value={periodEnd} onChange={setPeriodEnd} />}
        </Field>
        {error ? (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy}>
          {t("library.upload.submit")}
        </button>
      </form>
    </div>
  );
}
