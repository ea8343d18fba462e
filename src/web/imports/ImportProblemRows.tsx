// The rows of an import with problems: each can be left out (or taken back), every row with an error at once; and
// the rows an import left out, by file, row and column.
import { useTranslation } from "react-i18next";
import type { ExcludedRow, ImportIssue, ImportPreview } from "../../modules/imports/imports.schema";

/** One problem of a row: its column and what is wrong, in the reader's language. */
export function RowIssue({ issue: i }: { issue: ImportIssue }) {
  const { t } = useTranslation();
  return (
    <li className={i.severity === "error" ? "field-error" : ""}>
      <strong>{i.severity === "error" ? t("import.error") : t("import.warning")}</strong>{" "}
      {i.column ? `${i.column}: ` : ""}
      {t(`import.issues.${i.code}`, { defaultValue: i.message })}
      {i.text ? <q className="muted"> {i.text}</q> : null}
    </li>
  );
}

/**
 * The rows with an error or a warning, and those left out, in the file's order. The import is all or nothing: a row
 * with an error refuses the file until it is corrected or left out here.
 */
export function ProblemRows({
  preview: p,
  busy,
  chosen,
  onToggle,
  onExcludeRowsWithErrors,
}: {
  preview: ImportPreview;
  busy: boolean;
  /** The rows left out as the user chose them: the box follows the click, not the preview that answers it. */
  chosen: readonly string[];
  onToggle(location: string): void;
  onExcludeRowsWithErrors(): void;
}) {
  const { t } = useTranslation();
  if (p.problemRows.length === 0) return null;
  const left = new Map(p.excludedRows.map((r) => [r.location, r.issues]));
  const withErrors = p.problemRows.filter((r) => !r.excluded && r.errors > 0).length;
  return (
    <section className="import-problem-rows" aria-labelledby="import-problem-rows">
      <h3 id="import-problem-rows">{t("import.problemRows.title")}</h3>
      <p className="muted">{t("import.problemRows.hint")}</p>
      {withErrors > 0 ? (
        <div className="form-actions">
          <button type="button" className="button" disabled={busy} onClick={onExcludeRowsWithErrors}>
            {t("import.problemRows.excludeAllWithErrors", { count: withErrors })}
          </button>
        </div>
      ) : null}
      <ul className="plain-list">
        {p.problemRows.map((r) => {
          const issues = r.excluded
            ? (left.get(r.location) ?? [])
            : p.issues.filter((i) => i.location === r.location);
          return (
            <li
              key={r.location}
              data-location={r.location}
              className={`import-problem-row${r.excluded ? " is-excluded" : ""}`}
            >
              <div className="import-problem-row-head">
                <label className="check">
                  <input
                    type="checkbox"
                    checked={chosen.includes(r.location)}
                    disabled={busy}
                    onChange={() => onToggle(r.location)}
                  />
                  <span>{t("import.problemRows.excludeRow", { location: r.location })}</span>
                </label>
                {r.excluded ? <span className="tag">{t("import.problemRows.leftOut")}</span> : null}
              </div>
              {issues.length > 0 ? (
                <ul className="plain-list import-issues">
                  {issues.map((i) => (
                    <RowIssue key={`${i.code}${i.column}${i.text}`} issue={i} />
                  ))}
                </ul>
              ) : (
                <p className="muted">{t("import.problemRows.noProblem")}</p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** What an import left out: each row, by file and row, with its problems by column. */
export function ExcludedRowsList({ rows }: { rows: readonly ExcludedRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <div className="import-excluded">
      <p>{t("import.excludedDone", { count: rows.length })}</p>
      <ul className="plain-list">
        {rows.map((r) => (
          <li key={r.location} data-location={r.location}>
            <strong>
              {r.file}, {r.location}
            </strong>
            {r.issues.length > 0 ? (
              <ul className="plain-list import-issues">
                {r.issues.map((i) => (
                  <RowIssue key={`${i.code}${i.column}${i.text}`} issue={i} />
                ))}
              </ul>
            ) : (
              <span className="muted"> — {t("import.problemRows.noProblem")}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
