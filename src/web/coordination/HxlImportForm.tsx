// Import a 3W CSV with an HXL hashtag row: check first (nothing stored), then import; problems listed by row and column.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { HxlImportResult } from "../../modules/coordination/coordination.schema";
import { ApiError, client, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";

export function HxlImportForm({ onImported }: { onImported(): void }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<HxlImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function send(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await unwrap(
        client.api.coordination.imports.$post({
          json: { fileName: file.name, csv: await file.text(), dryRun },
        }),
      );
      setResult(r);
      if (!dryRun) onImported();
    } catch (err) {
      setResult(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="card hxl-import">
      <summary>{t("coordination.import.title")}</summary>
      <p className="muted">{t("coordination.import.intro")}</p>
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void send(true);
        }}
      >
        <label>
          {t("coordination.import.file")}
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setResult(null);
              setError(null);
            }}
          />
        </label>
        <div className="actions">
          <button type="submit" className="button" disabled={!file || busy}>
            {t("coordination.import.check")}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={!file || busy || !result?.dryRun}
            onClick={() => void send(false)}
          >
            {t("coordination.import.import")}
          </button>
        </div>
      </form>
      {result ? (
        <div className="alert alert-success" role="status">
          <p>
            {result.dryRun
              ? t("coordination.import.checked", { count: result.rows.length })
              : t("coordination.import.imported", { count: result.imported })}
          </p>
          <ul>
            {result.rows.slice(0, 20).map((r) => (
              <li key={r.line}>
                {r.line}: {r.organisation.acronym ?? r.organisation.name} · {r.theme} ·{" "}
                {r.place.names[locale]}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? (
        <div className="alert alert-error" role="alert">
          <p>{error instanceof ApiError && error.status === 422 ? error.message : errorText(t, error)}</p>
          {error instanceof ApiError ? (
            <ul>
              {error.fieldErrors.map((f) => (
                <li key={`${f.path}-${f.message}`}>{f.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </details>
  );
}
