// An incident's files: listed and downloaded by its readers (each download is audited), added and removed (after a
// second press) by those who keep it.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Incident } from "../../modules/incidents/incidents.schema";
import { MAX_UPLOAD_BYTES } from "../../shared/uploaded-file-types";
import { ApiError, expectOk } from "../api";
import { errorText } from "../ui/errors";
import { formatFileSize, postFile, UPLOAD_ACCEPT, uploadErrorText } from "../ui/file-upload";
import { useUiLocale } from "../ui/locale";
import { incidentRequests } from "./incident-requests";

const SIZE_MB = MAX_UPLOAD_BYTES / (1024 * 1024);

export function IncidentAttachments({ incident, reload }: { incident: Incident; reload(): void }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The file whose removal is being confirmed.
  const [removing, setRemoving] = useState<string | null>(null);
  const remove = async (attachmentId: string, version: number) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await incidentRequests.removeAttachment(incident.id, attachmentId, version);
      setRemoving(null);
      reload();
    } catch (e) {
      setRemoving(null);
      setError(
        e instanceof ApiError && e.status === 412 ? t("incidents.attachments.stale") : errorText(t, e),
      );
      if (e instanceof ApiError && e.status === 412) reload();
    } finally {
      setBusy(false);
    }
  };
  const mayChange = incident.can.update && !incident.breakGlassUntil;
  const upload = async (event: FormEvent) => {
    event.preventDefault();
    if (!file || busy) return;
    setError(null);
    if (file.size > MAX_UPLOAD_BYTES) {
      setError(t("incidents.attachments.tooLarge", { size: SIZE_MB }));
      return;
    }
    const form = new FormData();
    form.set("file", file);
    setBusy(true);
    try {
      await expectOk(postFile(incidentRequests.uploadUrl(incident.id), form));
      setFile(null);
      setInputKey((k) => k + 1);
      reload();
    } catch (e) {
      setError(uploadErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="incident-section" aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t("incidents.attachments.title")}</h2>
      {incident.attachments.length === 0 ? (
        <p className="muted">{t("incidents.attachments.none")}</p>
      ) : (
        <ul className="plain-list" data-testid="incident-attachments">
          {incident.attachments.map((a) => (
            <li key={a.id}>
              <a href={incidentRequests.attachmentUrl(incident.id, a.id)} download={a.fileName}>
                {a.fileName}
              </a>{" "}
              <span className="muted">{formatFileSize(a.sizeBytes, locale)}</span>
              {mayChange && removing !== a.id ? (
                <>
                  {" "}
                  <button type="button" className="link-button" onClick={() => setRemoving(a.id)}>
                    {t("incidents.attachments.remove", { name: a.fileName })}
                  </button>
                </>
              ) : null}
              {removing === a.id ? (
                <fieldset className="form-inline-card">
                  <legend>{t("incidents.attachments.removeTitle")}</legend>
                  <p>{t("incidents.attachments.confirmRemove", { name: a.fileName })}</p>
                  <div className="actions">
                    <button
                      type="button"
                      className="button button-danger"
                      disabled={busy}
                      onClick={() => void remove(a.id, a.version)}
                    >
                      {t("incidents.attachments.removeYes")}
                    </button>
                    <button type="button" className="button" onClick={() => setRemoving(null)}>
                      {t("common.cancel")}
                    </button>
                  </div>
                </fieldset>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {incident.can.update ? (
        <form className="form form-inline-card" onSubmit={(e) => void upload(e)}>
          <label>
            <span>{t("incidents.attachments.intro", { size: SIZE_MB })}</span>
            <input
              key={inputKey}
              type="file"
              accept={UPLOAD_ACCEPT}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </label>
          <button type="submit" className="button" disabled={!file || busy}>
            {busy ? t("common.working") : t("incidents.attachments.add")}
          </button>
        </form>
      ) : null}
    </section>
  );
}
