// Importing an IATI activities file from the programmes list: one programme per activity, all or nothing;
// what the file holds that fails is listed with its line and element (or activity, result and indicator).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { FieldError } from "../../shared/app-errors";
import { ApiError, client, unwrap } from "../api";
import { useSession } from "../session";
import { errorText, fieldErrorText } from "../ui/errors";

type Imported = {
  programmes: number;
  created: number;
  updated: number;
  unchanged: number;
  organisationsCreated: number;
  indicators: number;
  results: number;
};

export function IatiImportForm({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Imported | null>(null);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      const xml = await file.text();
      setDone(await unwrap(client.api.programmes.import.iati.$post({ json: { xml } })));
      onImported();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const problems: FieldError[] = error instanceof ApiError ? error.fieldErrors.slice(0, 20) : [];

  return (
    // Folded by default: the list is what most people come for.
    <details className="card">
      <summary>{t("programmes.iatiImport.title")}</summary>
      <form aria-label={t("programmes.iatiImport.title")} onSubmit={submit}>
        <p className="muted">{t("programmes.iatiImport.hint")}</p>
        {can("theme", "update") ? (
          <p>
            <Link to="/admin/iati-sectors">{t("sectorThemes.link")}</Link>
          </p>
        ) : null}
        <label>
          <span>{t("programmes.iatiImport.file")}</span>
          <input
            type="file"
            accept=".xml,application/xml,text/xml"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setDone(null);
              setError(null);
            }}
          />
        </label>
        <div className="actions">
          <button type="submit" className="button" disabled={!file || busy}>
            {busy ? t("programmes.iatiImport.importing") : t("programmes.iatiImport.submit")}
          </button>
        </div>
        {done ? (
          <p className="alert alert-success" role="status">
            {t("programmes.iatiImport.done", {
              programmes: done.programmes,
              created: done.created,
              updated: done.updated,
              unchanged: done.unchanged,
              organisations: done.organisationsCreated,
              indicators: done.indicators,
              results: done.results,
            })}
          </p>
        ) : null}
        {error ? (
          <div className="alert alert-error" role="alert">
            <p>
              {errorText(t, error)} {t("programmes.iatiImport.nothingImported")}
            </p>
            {problems.length > 0 ? (
              <ul data-testid="iati-import-problems">
                {problems.map((p) => (
                  <li key={`${p.path}|${p.message}`}>
                    <strong>{p.path}</strong>: {fieldErrorText(t, p)}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </form>
    </details>
  );
}
