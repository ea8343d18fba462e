// The import preview: what would be created and matched, the issues found, and the choices the user can make.
import { useTranslation } from "react-i18next";
import type { Theme } from "../../modules/agreements/agreements.schema";
import {
  COLUMN_KEYS,
  type ColumnChoice,
  IGNORE_COLUMN,
  type ImportPreview,
  OTHER_COLUMN,
  type PreviewRow,
} from "../../modules/imports/imports.schema";
import { scrollRegion } from "../ui/scroll-region";
import { ProblemRows } from "./ImportProblemRows";
import { RowCard } from "./ImportRowCard";

export function PreviewView(props: {
  preview: ImportPreview;
  themes: Theme[] | undefined;
  busy: boolean;
  onColumn(header: string, key: ColumnChoice): void;
  onOrganisation(key: string, value: string): void;
  onTheme(row: PreviewRow, code: string): void;
  /** The rows the user chose to leave out, as chosen (the preview answering the choice may still be on its way). */
  excludedRows: readonly string[];
  onExcludeRow(location: string): void;
  onExcludeRowsWithErrors(): void;
  onImport(): void;
}) {
  const { t } = useTranslation();
  const { preview: p } = props;
  const c = p.counts;
  const toImport = t("import.rowsToImport", { count: p.rows.length });
  // The rows' own problems are listed with each row (to leave it out); here only those of the file and its tables.
  const rowLocations = new Set(p.problemRows.map((r) => r.location));
  const fileIssues = p.issues.filter((i) => !rowLocations.has(i.location));
  return (
    <section className="import-preview" aria-label={t("import.previewTitle")}>
      <h2>{t("import.previewTitle")}</h2>
      <p>
        {t("import.keptBy", { name: p.institution.name })}
        {p.institution.action === "create" ? ` (${t("import.actions.create")})` : ""}
      </p>
      <ImportCounts counts={c} />
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={props.busy || c.errors > 0}
          onClick={props.onImport}
        >
          {t("import.apply")} (
          {c.rowsExcluded > 0
            ? t("import.applyLeavingOut", {
                rows: toImport,
                leftOut: t("import.rowsLeftOut", { count: c.rowsExcluded }),
              })
            : toImport}
          )
        </button>
        {c.errors > 0 ? <span className="field-error">{t("import.fixErrors")}</span> : null}
      </div>

      <ProblemRows
        preview={p}
        busy={props.busy}
        chosen={props.excludedRows}
        onToggle={props.onExcludeRow}
        onExcludeRowsWithErrors={props.onExcludeRowsWithErrors}
      />

      {fileIssues.length > 0 ? (
        <>
          <h3>{t("import.issuesTitle")}</h3>
          <ul className="plain-list import-issues">
            {fileIssues.map((i) => (
              <li
                key={`${i.location}${i.code}${i.column}`}
                className={i.severity === "error" ? "field-error" : ""}
              >
                <strong>{i.severity === "error" ? t("import.error") : t("import.warning")}</strong>{" "}
                {[i.location, i.column].filter(Boolean).join(", ")}:{" "}
                {t(`import.issues.${i.code}`, { defaultValue: i.message })}
                {i.text ? <q className="muted"> {i.text}</q> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <UnmappedColumns sections={p.sections} onColumn={props.onColumn} />

      <ImportColumns sections={p.sections} onColumn={props.onColumn} />

      <ImportOrganisations organisations={p.organisations} onOrganisation={props.onOrganisation} />

      <h3>{t("import.rowsTitle")}</h3>
      <ol className="cards import-rows">
        {p.rows.map((r) => (
          <RowCard key={r.key} row={r} themes={props.themes} onTheme={props.onTheme} />
        ))}
      </ol>
    </section>
  );
}

function ImportCounts({ counts: c }: { counts: ImportPreview["counts"] }) {
  const { t } = useTranslation();
  return (
    <table className="counts">
      <tbody>
        <tr>
          <th>{t("import.counts.organisationsCreated")}</th>
          <td>{c.organisationsCreated}</td>
        </tr>
        <tr>
          <th>{t("import.counts.organisationsMatched")}</th>
          <td>{c.organisationsMatched}</td>
        </tr>
        <tr>
          <th>{t("import.counts.agreementsCreated")}</th>
          <td>{c.agreementsCreated}</td>
        </tr>
        <tr>
          <th>{t("import.counts.agreementsUpdated")}</th>
          <td>{c.agreementsUpdated}</td>
        </tr>
        <tr>
          <th>{t("import.counts.agreementsUnchanged")}</th>
          <td>{c.agreementsUnchanged}</td>
        </tr>
        <tr>
          <th>{t("import.counts.commitments")}</th>
          <td>{c.commitments}</td>
        </tr>
        <tr>
          <th>{t("import.counts.progressEntries")}</th>
          <td>{c.progressEntries}</td>
        </tr>
        <tr>
          <th>{t("import.counts.memberships")}</th>
          <td>{c.memberships}</td>
        </tr>
        <tr>
          <th>{t("import.counts.otherFields")}</th>
          <td>{c.otherFields}</td>
        </tr>
        <tr>
          <th>{t("import.counts.warnings")}</th>
          <td>{c.warnings}</td>
        </tr>
        <tr>
          <th>{t("import.counts.errors")}</th>
          <td>{c.errors}</td>
        </tr>
        <tr>
          <th>{t("import.counts.rowsExcluded")}</th>
          <td>{c.rowsExcluded}</td>
        </tr>
      </tbody>
    </table>
  );
}

/**
 * The columns no meaning was found for (or left out), once per header, with a cell of each: kept with every
 * agreement as other fields unless the user leaves them out. Nothing the file holds goes unseen.
 */
function UnmappedColumns({
  sections,
  onColumn,
}: {
  sections: ImportPreview["sections"];
  onColumn(header: string, key: ColumnChoice): void;
}) {
  const { t } = useTranslation();
  const unmapped = new Map<string, { header: string; key: ColumnChoice; sample: string | null }>();
  for (const s of sections)
    for (const col of s.columns) {
      if (col.key !== OTHER_COLUMN && col.key !== IGNORE_COLUMN) continue;
      // A column with neither a header nor a cell holds nothing to keep.
      if (col.header === "" && col.sample === null) continue;
      const seen = unmapped.get(col.header);
      if (!seen) unmapped.set(col.header, { header: col.header, key: col.key, sample: col.sample });
      else seen.sample ??= col.sample;
    }
  if (unmapped.size === 0) return null;
  return (
    <>
      <h3>{t("import.otherColumnsTitle")}</h3>
      <p className="muted">{t("import.otherColumnsHint")}</p>
      <ul className="plain-list import-unmapped">
        {[...unmapped.values()].map((col) => (
          <li key={col.header} data-column={col.header}>
            <strong>{col.header || "—"}</strong>{" "}
            {col.sample ? (
              <q className="muted">{t("import.otherColumnSample", { text: col.sample })}</q>
            ) : (
              <span className="muted">{t("import.otherColumnEmpty")}</span>
            )}{" "}
            {col.header !== "" ? (
              <select
                aria-label={t("import.otherColumnChoice", { header: col.header })}
                value={col.key}
                onChange={(e) => onColumn(col.header, e.target.value as ColumnChoice)}
              >
                {[OTHER_COLUMN, IGNORE_COLUMN].map((k) => (
                  <option key={k} value={k}>
                    {t(`import.columns.${k}`)}
                  </option>
                ))}
              </select>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Each section's columns, read as the importer understood them; the user can map a column otherwise or ignore it. */
function ImportColumns({
  sections,
  onColumn,
}: {
  sections: ImportPreview["sections"];
  onColumn(header: string, key: ColumnChoice): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{t("import.columnsTitle")}</h3>
      {sections.map((s) => (
        <details key={`${s.number}-${s.title}`} className="filter-panel">
          <summary>
            {s.number ? `${s.number}. ` : ""}
            {s.title} — {t(`import.sectionKinds.${s.kind}`)} ({t("import.rowCount", { count: s.rows })})
          </summary>
          <div className="import-columns">
            {s.columns
              .filter((col) => col.header !== "")
              .map((col) => (
                <label key={col.index} className="field">
                  <span>{col.header}</span>
                  <select
                    aria-label={col.header}
                    value={col.key}
                    onChange={(e) => onColumn(col.header, e.target.value as ColumnChoice)}
                  >
                    {[...COLUMN_KEYS, OTHER_COLUMN, IGNORE_COLUMN].map((k) => (
                      <option key={k} value={k}>
                        {t(`import.columns.${k}`)}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
          </div>
        </details>
      ))}
    </>
  );
}

/** The organisations the file names: created, or matched to one already registered — the user decides. */
function ImportOrganisations({
  organisations,
  onOrganisation,
}: {
  organisations: ImportPreview["organisations"];
  onOrganisation(key: string, value: string): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{t("import.organisationsTitle")}</h3>
      <div className="table-scroll" {...scrollRegion(t("import.organisationsTitle"))}>
        <table className="import-table">
          <thead>
            <tr>
              <th>{t("import.organisation")}</th>
              <th>{t("import.proposal")}</th>
              <th>{t("import.decision")}</th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((o) => (
              <tr key={o.key}>
                <td>
                  <strong>{o.name}</strong>
                  {o.acronym ? ` (${o.acronym})` : ""}
                  <div className="muted">{[o.email, o.phone, o.website].filter(Boolean).join(" · ")}</div>
                </td>
                <td>
                  <span className={`tag import-action-${o.action}`}>{t(`import.actions.${o.action}`)}</span>{" "}
                  {o.existing ? (
                    <span>
                      {o.existing.name} <span className="muted">({t(`import.how.${o.how}`)})</span>
                    </span>
                  ) : null}
                  {o.reason ? (
                    <div className="muted import-reason" data-reason={o.reason.code}>
                      {t(`import.reason.${o.reason.code}`, o.reason.params)}
                    </div>
                  ) : null}
                </td>
                <td>
                  <select
                    aria-label={t("import.decisionFor", { name: o.name })}
                    value={o.how === "new" && o.existing === null ? "create" : (o.existing?.id ?? "")}
                    onChange={(e) => onOrganisation(o.key, e.target.value)}
                  >
                    <option value="create">{t("import.createNew")}</option>
                    {[
                      ...(o.existing ? [{ id: o.existing.id, name: o.existing.name, score: 1 }] : []),
                      ...o.candidates.filter((cand) => cand.id !== o.existing?.id),
                    ].map((cand) => (
                      <option key={cand.id} value={cand.id}>
                        {t("import.useExisting", { name: cand.name })}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
