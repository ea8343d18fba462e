// Status-report import: upload → preview (counts, rows, warnings, column mapping, organisation and theme choices) → import with progress.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, client, unwrap } from "../api";
import { errorText, fieldErrorText } from "../ui/errors";
import { useAsync } from "../ui/useAsync";
import { PreviewView } from "./ImportPreview";
import { ExcludedRowsList } from "./ImportProblemRows";
import { useStatusReportImport } from "./useStatusReportImport";

export function ImportPage() {
  const { t } = useTranslation();
  const run = useStatusReportImport();
  const themeList = useAsync(() => unwrap(client.api.themes.$get()), []);

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t("import.title")}</h1>
      </div>
      <p className="lead">{t("import.intro")}</p>
      <p>
        {t("import.loadsHint")} <Link to="/import/loads">{t("importLoads.nav")}</Link>
      </p>
      <form
        className="form import-upload"
        onSubmit={(e) => {
          e.preventDefault();
          run.startPreview();
        }}
      >
        <label className="field">
          <span>{t("import.file")}</span>
          <input
            type="file"
            accept=".txt,.docx,.xlsx,.csv,.htm,.html,text/plain,text/csv"
            onChange={(e) => run.chooseFile(e.target.files?.[0] ?? null)}
          />
          <span className="field-hint">{t("import.fileHint")}</span>
        </label>
        <label className="field">
          <span>{t("import.institution")}</span>
          <input
            value={run.institution}
            onChange={(e) => run.setInstitution(e.target.value)}
            placeholder={t("import.institutionPlaceholder")}
          />
          <span className="field-hint">{t("import.institutionHint")}</span>
        </label>
        <label className="field">
          <span>{t("import.reportDate")}</span>
          <input
            type="date"
            name="reportDate"
            value={run.reportDate}
            onChange={(e) => run.setReportDate(e.target.value)}
          />
          <span className="field-hint">{t("import.reportDateHint")}</span>
        </label>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={!run.file || run.busy}>
            {t("import.preview")}
          </button>
        </div>
      </form>

      {run.busy && !run.progress ? <p className="muted">{t("common.working")}</p> : null}
      {run.error ? <ImportError error={run.error} /> : null}
      {run.progress ? (
        <div className="import-progress" role="status">
          <progress max={Math.max(run.progress.total, 1)} value={run.progress.done} />
          <span>{t("import.progress", { done: run.progress.done, total: run.progress.total })}</span>
        </div>
      ) : null}
      {run.result ? (
        <div className="alert alert-success" role="status">
          <p>
            {t("import.done", {
              agreements: run.result.counts.agreementsCreated,
              organisations: run.result.counts.organisationsCreated,
              memberships: run.result.counts.memberships,
            })}
          </p>
          <ExcludedRowsList rows={run.result.excludedRows} />
          <Link to="/agreements">{t("import.seeAgreements")}</Link>
        </div>
      ) : null}

      {run.preview ? (
        <PreviewView
          preview={run.preview}
          themes={themeList.data?.items}
          busy={run.busy}
          onColumn={run.chooseColumn}
          onOrganisation={run.chooseOrganisation}
          onTheme={run.toggleTheme}
          excludedRows={run.excludedRows}
          onExcludeRow={run.toggleExcludedRow}
          onExcludeRowsWithErrors={run.excludeRowsWithErrors}
          onImport={run.runImport}
        />
      ) : null}
    </div>
  );
}

/** The form's own fields, named by their label; a file's problems keep their place in it ("line 19, AREA(S)…"). */
const FORM_FIELDS: Record<string, string> = {
  institution: "import.institution",
  reportDate: "import.reportDate",
  excludeRows: "import.counts.rowsExcluded",
};

function ImportError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  // The problem's own text (English, for API clients) only when no field says what is wrong in the reader's words:
  // a refused file was described twice, the second time in English.
  const detail =
    error instanceof ApiError && error.status === 422 && error.fieldErrors.length === 0
      ? error.message
      : null;
  return (
    <div className="alert alert-error" role="alert">
      <p>{errorText(t, error)}</p>
      {detail ? <p>{detail}</p> : null}
      {error instanceof ApiError && error.fieldErrors.length > 0 ? (
        <ul>
          {error.fieldErrors.map((e) => {
            // "excludeRows.0.location": a row chosen to be left out that the file (changed since?) no longer has.
            const label = FORM_FIELDS[e.path.split(".")[0] ?? ""];
            return (
              <li key={`${e.path}${e.message}`}>
                <strong>{label ? t(label) : e.path}</strong>: {fieldErrorText(t, e)}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
