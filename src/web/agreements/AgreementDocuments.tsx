// An agreement's documents: the signed copy, annexes, reports — listed, downloaded, uploaded and deleted.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type AgreementDetail,
  type AgreementDocument,
  DOCUMENT_KINDS,
  type DocumentKind,
  MAX_DOCUMENT_BYTES,
} from "../../modules/agreements/agreements.schema";
import { formatDate } from "../../shared/dates";
import { client, expectOk, ifMatch } from "../api";
import { EditBehindButton } from "../ui/EditBehindButton";
import { Field } from "../ui/Field";
import { formatFileSize, postFile, UPLOAD_ACCEPT, uploadErrorText } from "../ui/file-upload";
import { useUiLocale } from "../ui/locale";
import type { OnDone } from "./AgreementPage";

export function DocumentsSection({ agreement, onDone }: { agreement: AgreementDetail; onDone: OnDone }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const remove = (document: AgreementDocument) =>
    onDone(async () => {
      if (!window.confirm(t("agreements.documents.deleteConfirm", { name: document.fileName }))) return;
      await expectOk(
        client.api.agreements[":id"].documents[":documentId"].$delete({
          param: { id: agreement.id, documentId: document.id },
          header: ifMatch(document.version),
        }),
      );
    });
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">{t("agreements.documents.title")}</h2>
      {agreement.documents.length === 0 ? <p className="muted">{t("agreements.documents.none")}</p> : null}
      <ul className="plain-list documents">
        {agreement.documents.map((d) => (
          <li key={d.id} className="document">
            <span className="tag">{t(`agreements.documents.kinds.${d.kind}`)}</span>{" "}
            <a href={`/api/agreements/${agreement.id}/documents/${d.id}`} download={d.fileName}>
              {d.fileName}
            </a>{" "}
            <span className="muted">
              {t("agreements.documents.meta", {
                size: formatFileSize(d.sizeBytes, locale),
                date: formatDate(d.uploadedAt.slice(0, 10), locale),
                name: d.uploadedBy,
              })}
            </span>
            {agreement.canEdit ? (
              <>
                {" "}
                <button
                  type="button"
                  className="link-button"
                  aria-label={t("agreements.documents.deleteNamed", { name: d.fileName })}
                  onClick={() => void remove(d)}
                >
                  {t("common.delete")}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {agreement.canEdit ? (
        <EditBehindButton label={t("agreements.documents.attach")}>
          {(close) => <DocumentUploadForm agreementId={agreement.id} onDone={onDone} onClose={close} />}
        </EditBehindButton>
      ) : null}
    </section>
  );
}

function DocumentUploadForm({
  agreementId,
  onDone,
  onClose,
}: {
  agreementId: string;
  onDone: OnDone;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<DocumentKind>("signed_copy");
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [inputKey, setInputKey] = useState(0);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(null);
    // Checked here too so a large file is not sent for nothing; the server checks again.
    if (file.size > MAX_DOCUMENT_BYTES) {
      setError(t("agreements.documents.tooLarge", { size: MAX_DOCUMENT_BYTES / (1024 * 1024) }));
      return;
    }
    const form = new FormData();
    form.set("kind", kind);
    form.set("file", file);
    setBusy(true);
    try {
      await onDone(async () => {
        try {
          await expectOk(postFile(`/api/agreements/${agreementId}/documents`, form));
          setFile(null);
          setInputKey((k) => k + 1);
          onClose();
        } catch (e) {
          setError(uploadErrorText(t, e));
        }
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form form-inline-card" onSubmit={(e) => void submit(e)}>
      <h3>{t("agreements.documents.add")}</h3>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-row">
        <Field label={t("agreements.documents.kind")}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)}>
              {DOCUMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`agreements.documents.kinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("agreements.documents.file")} hint={t("agreements.documents.hint")}>
          {(p) => (
            <input
              {...p}
              key={inputKey}
              type="file"
              accept={UPLOAD_ACCEPT}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!file || busy}>
          {busy ? t("agreements.documents.uploading") : t("agreements.documents.upload")}
        </button>
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
