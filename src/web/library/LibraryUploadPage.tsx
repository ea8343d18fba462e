// Upload a document to the library with its metadata; its text is read in the background after it is stored.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import type { LibraryDocument } from "../../modules/library/library.schema";
import { ApiError } from "../api";
import { useMe } from "../session";
import { Field } from "../ui/Field";
import { postFile, UPLOAD_ACCEPT, uploadErrorText } from "../ui/file-upload";
import { type DocumentDraft, DocumentFields, EMPTY_DOCUMENT } from "./DocumentFields";
import { OrganisationSelect } from "./OrganisationSelect";

export function LibraryUploadPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const [file, setFile] = useState<File | null>(null);
  const [draft, setDraft] = useState<DocumentDraft>(EMPTY_DOCUMENT);
  const [organisationId, setOrganisationId] = useState(me.organisationIds[0] ?? "");
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
    form.set("title", draft.title);
    form.set("kind", draft.kind);
    form.set("language", draft.language);
    if (draft.description.trim()) form.set("description", draft.description);
    if (organisationId) form.set("organisationIds", organisationId);
    if (draft.themeCodes.length > 0) form.set("themeCodes", draft.themeCodes.join(","));
    if (draft.places.length > 0) form.set("placeIds", draft.places.map((p) => p.id).join(","));
    if (draft.periodStart) form.set("periodStart", draft.periodStart);
    if (draft.periodEnd) form.set("periodEnd", draft.periodEnd);
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
        <DocumentFields
          draft={draft}
          change={(patch) => setDraft((d) => ({ ...d, ...patch }))}
          errorAt={(path) => fieldErrors[path]}
        />
        <OrganisationSelect
          label={t("library.fields.organisation")}
          value={organisationId}
          onChange={setOrganisationId}
          error={fieldErrors.organisationIds}
          optional
        />
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
