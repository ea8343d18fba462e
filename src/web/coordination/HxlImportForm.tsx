// Import a 3W CSV with an HXL hashtag row: check first (nothing stored), then import; problems listed by row and
// column in the reader's language; the files imported so far, each deletable with its rows.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Theme } from "../../modules/agreements/agreements.schema";
import type { HxlImportResult, HxlImportSummary } from "../../modules/coordination/coordination.schema";
import type { FieldError } from "../../shared/app-errors";
import { formatDate, formatDateTime } from "../../shared/dates";
import { themeName } from "../agreements/AgreementBits";
import { ApiError, client, expectOk, unwrap } from "../api";
import { useSession } from "../session";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";

/** An import problem in the reader's language: its code translated with its values, else the server's English. */
function problemText(t: ReturnType<typeof useTranslation>["t"], locale: "en" | "fr" | "rw", e: FieldError) {
  const params: Record<string, string | number> = { ...e.params };
  if (typeof params.importedAt === "string") params.importedAt = formatDate(params.importedAt, locale);
  // A count of rows picks the message's plural form (already_imported_one / _other).
  if (typeof params.rows === "number") params.count = params.rows;
  return e.code
    ? t([`coordination.import.problems.${e.code}`, `errors.codes.${e.code}`], {
        ...params,
        defaultValue: e.message,
      })
    : e.message;
}

export function HxlImportForm({
  onChanged,
  themes,
}: {
  /** Called when an import or a deletion changed what the 3W shows. */
  onChanged(): void;
  themes: readonly Theme[] | undefined;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { can } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<HxlImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [deleted, setDeleted] = useState<string | null>(null);
  const imports = useAsync(() => unwrap(client.api.coordination.imports.$get()), []);

  async function send(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setError(null);
    setDeleted(null);
    try {
      const r = await unwrap(
        client.api.coordination.imports.$post({
          json: { fileName: file.name, csv: await file.text(), dryRun },
        }),
      );
      setResult(r);
      if (!dryRun) {
        onChanged();
        imports.reload();
      }
    } catch (err) {
      setResult(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function remove(item: HxlImportSummary) {
    if (!window.confirm(t("coordination.import.deleteConfirm", { file: item.fileName, count: item.rows })))
      return;
    setError(null);
    setResult(null);
    try {
      await expectOk(
        client.api.coordination.imports[":id"].$delete({
          param: { id: item.id },
          header: { "if-match": `"${item.version}"` },
        }),
      );
      setDeleted(item.fileName);
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      imports.reload();
    }
  }

  const fieldErrors = error instanceof ApiError ? error.fieldErrors : [];
  return (
    <details className="card hxl-import">
      <summary>{t("coordination.import.title")}</summary>
      <p className="muted">{t("coordination.import.intro")}</p>
      <p className="muted">{t("coordination.import.sameFileRule")}</p>
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
              setDeleted(null);
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
                {r.line}: {r.organisation.acronym ?? r.organisation.name} ·{" "}
                {themeName(themes, r.theme, locale)} · {r.place.names[locale]}
                {r.funder
                  ? ` (${t("coordination.import.fundedBy", { name: r.funder.acronym ?? r.funder.name })})`
                  : null}
              </li>
            ))}
          </ul>
          {result.sameName.map((s) => (
            <p key={s.id} className="import-same-name">
              {t("coordination.import.sameName", {
                file: s.fileName,
                date: formatDate(s.importedAt, locale),
                count: s.rows,
              })}
            </p>
          ))}
        </div>
      ) : null}
      {deleted ? (
        <p className="alert alert-success" role="status">
          {t("coordination.import.deleted", { file: deleted })}
        </p>
      ) : null}
      {error ? (
        <div className="alert alert-error" role="alert">
          <p>
            {error instanceof ApiError && error.status === 422 && fieldErrors.length > 0 && file
              ? t("coordination.import.nothingImported", { file: file.name })
              : error instanceof ApiError && error.status === 409
                ? t("coordination.import.refused")
                : errorText(t, error)}
          </p>
          {fieldErrors.length > 0 ? (
            <ul>
              {fieldErrors.map((f) => (
                <li key={`${f.path}-${f.message}`}>{problemText(t, locale, f)}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <div className="hxl-imports">
        <h3>{t("coordination.import.listTitle")}</h3>
        {imports.data?.items.length === 0 ? <p className="muted">{t("coordination.import.none")}</p> : null}
        {imports.data && imports.data.items.length > 0 ? (
          <ul className="plain-list import-list">
            {imports.data.items.map((item) => (
              <li key={item.id}>
                <strong>{item.fileName}</strong>{" "}
                <span className="muted">
                  {t("coordination.import.entry", {
                    count: item.rows,
                    by: item.importedBy,
                    date: formatDateTime(item.importedAt, locale),
                  })}
                </span>
                {can("agreement", "delete") ? (
                  <button
                    type="button"
                    className="link-button danger"
                    aria-label={t("coordination.import.deleteNamed", { file: item.fileName })}
                    onClick={() => void remove(item)}
                  >
                    {t("coordination.import.delete")}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </details>
  );
}
