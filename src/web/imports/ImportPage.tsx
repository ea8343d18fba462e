// Status-report import: upload → preview (counts, rows, warnings, column mapping, organisation and theme choices) → import with progress.
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Theme } from "../../modules/agreements/agreements.schema";
import {
  COLUMN_KEYS,
  type ColumnChoice,
  IGNORE_COLUMN,
  type ImportOptionsInput,
  type ImportPreview,
  type ImportResult,
  type OrganisationDecision,
  type PreviewRow,
} from "../../modules/imports/imports.schema";
import { themeName } from "../agreements/AgreementBits";
import { ApiError, client, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";

type Problem = { detail?: string; title?: string; errors?: { path: string; message: string }[] };
type StreamLine =
  | { type: "progress"; done: number; total: number }
  | { type: "result"; result: ImportResult }
  | { type: "problem"; problem: Problem & { status: number } };

function formOf(file: File, options: ImportOptionsInput): FormData {
  const body = new FormData();
  body.set("file", file);
  body.set("options", JSON.stringify(options));
  return body;
}

async function problemOf(res: Response): Promise<ApiError> {
  let body: Problem = {};
  try {
    body = (await res.json()) as Problem;
  } catch {
    // not JSON
  }
  return new ApiError(res.status, body.detail ?? body.title ?? res.statusText, body.errors ?? []);
}

async function requestPreview(file: File, options: ImportOptionsInput): Promise<ImportPreview> {
  const res = await fetch("/api/imports/status-report/preview", {
    method: "POST",
    credentials: "same-origin",
    body: formOf(file, options),
  });
  if (!res.ok) throw await problemOf(res);
  return (await res.json()) as ImportPreview;
}

/** Imports, reading the NDJSON progress lines as they come. */
async function requestImport(
  file: File,
  options: ImportOptionsInput,
  onProgress: (done: number, total: number) => void,
): Promise<ImportResult> {
  const res = await fetch("/api/imports/status-report", {
    method: "POST",
    credentials: "same-origin",
    headers: { accept: "application/x-ndjson" },
    body: formOf(file, options),
  });
  if (!res.ok || !res.body) throw await problemOf(res);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = JSON.parse(buffer.slice(0, newline)) as StreamLine;
      buffer = buffer.slice(newline + 1);
      if (line.type === "progress") onProgress(line.done, line.total);
      else if (line.type === "result") return line.result;
      else throw new ApiError(line.problem.status, line.problem.detail ?? "", []);
      newline = buffer.indexOf("\n");
    }
    if (done) throw new ApiError(500, "The import stopped without an answer.");
  }
}

export function ImportPage() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [institution, setInstitution] = useState("");
  const [columns, setColumns] = useState<Record<string, ColumnChoice>>({});
  const [organisations, setOrganisations] = useState<Record<string, OrganisationDecision>>({});
  const [themes, setThemes] = useState<Record<string, string[]>>({});
  // The latest theme choices, for previews that were asked before the last choice was made.
  const themesRef = useRef(themes);
  themesRef.current = themes;
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const themeList = useAsync(() => unwrap(client.api.themes.$get()), []);

  const options = (over: Partial<ImportOptionsInput> = {}): ImportOptionsInput => ({
    ...(institution.trim() ? { institution: institution.trim() } : {}),
    columns,
    organisations,
    themes,
    ...over,
  });

  // Only the latest preview asked for is shown: an earlier, slower answer never overwrites a later choice.
  const previewRequest = useRef(0);
  async function runPreview(over: Partial<ImportOptionsInput> = {}) {
    if (!file) return;
    const request = ++previewRequest.current;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const next = await requestPreview(file, options(over));
      if (request !== previewRequest.current) return;
      const chosen = themesRef.current;
      setPreview({
        ...next,
        rows: next.rows.map((r) => (chosen[r.key] ? { ...r, themes: chosen[r.key] ?? [] } : r)),
      });
    } catch (e) {
      if (request === previewRequest.current) setError(e);
    } finally {
      if (request === previewRequest.current) setBusy(false);
    }
  }

  async function runImport() {
    if (!file) return;
    setBusy(true);
    setError(null);
    setProgress({ done: 0, total: preview?.rows.length ?? 0 });
    try {
      setResult(await requestImport(file, options(), (done, total) => setProgress({ done, total })));
      setPreview(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  }

  const chooseColumn = (header: string, key: ColumnChoice) => {
    const next = { ...columns, [header]: key };
    setColumns(next);
    void runPreview({ columns: next });
  };
  const chooseOrganisation = (key: string, value: string) => {
    const next = { ...organisations };
    if (value === "") delete next[key];
    else next[key] = value === "create" ? { action: "create" } : { action: "match", organisationId: value };
    setOrganisations(next);
    void runPreview({ organisations: next });
  };
  const toggleTheme = (row: PreviewRow, code: string) => {
    const current = themes[row.key] ?? row.themes;
    const next = {
      ...themes,
      [row.key]: current.includes(code) ? current.filter((c) => c !== code) : [...current, code],
    };
    setThemes(next);
    setPreview((p) =>
      p
        ? { ...p, rows: p.rows.map((r) => (r.key === row.key ? { ...r, themes: next[row.key] ?? [] } : r)) }
        : p,
    );
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t("import.title")}</h1>
      </div>
      <p className="lead">{t("import.intro")}</p>
      <form
        className="form import-upload"
        onSubmit={(e) => {
          e.preventDefault();
          setColumns({});
          setOrganisations({});
          setThemes({});
          void runPreview({ columns: {}, organisations: {}, themes: {} });
        }}
      >
        <label className="field">
          <span>{t("import.file")}</span>
          <input
            type="file"
            accept=".txt,.docx,.xlsx,.csv,.htm,.html,text/plain,text/csv"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPreview(null);
              setResult(null);
            }}
          />
          <span className="field-hint">{t("import.fileHint")}</span>
        </label>
        <label className="field">
          <span>{t("import.institution")}</span>
          <input
            value={institution}
            onChange={(e) => setInstitution(e.target.value)}
            placeholder={t("import.institutionPlaceholder")}
          />
          <span className="field-hint">{t("import.institutionHint")}</span>
        </label>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={!file || busy}>
            {t("import.preview")}
          </button>
        </div>
      </form>

      {busy && !progress ? <p className="muted">{t("common.working")}</p> : null}
      {error ? <ImportError error={error} /> : null}
      {progress ? (
        <div className="import-progress" role="status">
          <progress max={Math.max(progress.total, 1)} value={progress.done} />
          <span>{t("import.progress", { done: progress.done, total: progress.total })}</span>
        </div>
      ) : null}
      {result ? (
        <div className="alert alert-success" role="status">
          <p>
            {t("import.done", {
              agreements: result.counts.agreementsCreated,
              organisations: result.counts.organisationsCreated,
              memberships: result.counts.memberships,
            })}
          </p>
          <Link to="/agreements">{t("import.seeAgreements")}</Link>
        </div>
      ) : null}

      {preview ? (
        <PreviewView
          preview={preview}
          themes={themeList.data?.items}
          busy={busy}
          onColumn={chooseColumn}
          onOrganisation={chooseOrganisation}
          onTheme={toggleTheme}
          onImport={runImport}
        />
      ) : null}
    </div>
  );
}

function ImportError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const detail = error instanceof ApiError && error.status === 422 ? error.message : null;
  return (
    <div className="alert alert-error" role="alert">
      <p>{errorText(t, error)}</p>
      {detail ? <p>{detail}</p> : null}
      {error instanceof ApiError && error.fieldErrors.length > 0 ? (
        <ul>
          {error.fieldErrors.map((e) => (
            <li key={`${e.path}${e.message}`}>
              <strong>{e.path}</strong>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function PreviewView(props: {
  preview: ImportPreview;
  themes: Theme[] | undefined;
  busy: boolean;
  onColumn(header: string, key: ColumnChoice): void;
  onOrganisation(key: string, value: string): void;
  onTheme(row: PreviewRow, code: string): void;
  onImport(): void;
}) {
  const { t } = useTranslation();
  const { preview: p } = props;
  const c = p.counts;
  return (
    <section className="import-preview" aria-label={t("import.previewTitle")}>
      <h2>{t("import.previewTitle")}</h2>
      <p>
        {t("import.keptBy", { name: p.institution.name })}
        {p.institution.action === "create" ? ` (${t("import.actions.create")})` : ""}
      </p>
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
            <th>{t("import.counts.warnings")}</th>
            <td>{c.warnings}</td>
          </tr>
          <tr>
            <th>{t("import.counts.errors")}</th>
            <td>{c.errors}</td>
          </tr>
        </tbody>
      </table>
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={props.busy || c.errors > 0}
          onClick={props.onImport}
        >
          {t("import.apply")}
        </button>
        {c.errors > 0 ? <span className="field-error">{t("import.fixErrors")}</span> : null}
      </div>

      {p.issues.length > 0 ? (
        <>
          <h3>{t("import.issuesTitle")}</h3>
          <ul className="plain-list import-issues">
            {p.issues.map((i) => (
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

      <h3>{t("import.columnsTitle")}</h3>
      {p.sections.map((s) => (
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
                    onChange={(e) => props.onColumn(col.header, e.target.value as ColumnChoice)}
                  >
                    {[...COLUMN_KEYS, IGNORE_COLUMN].map((k) => (
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

      <h3>{t("import.organisationsTitle")}</h3>
      <div className="table-scroll">
        <table className="import-table">
          <thead>
            <tr>
              <th>{t("import.organisation")}</th>
              <th>{t("import.proposal")}</th>
              <th>{t("import.decision")}</th>
            </tr>
          </thead>
          <tbody>
            {p.organisations.map((o) => (
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
                </td>
                <td>
                  <select
                    aria-label={t("import.decisionFor", { name: o.name })}
                    value={o.how === "new" && o.existing === null ? "create" : (o.existing?.id ?? "")}
                    onChange={(e) => props.onOrganisation(o.key, e.target.value)}
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

      <h3>{t("import.rowsTitle")}</h3>
      <ol className="cards import-rows">
        {p.rows.map((r) => (
          <RowCard key={r.key} row={r} themes={props.themes} onTheme={props.onTheme} />
        ))}
      </ol>
    </section>
  );
}

function RowCard({
  row: r,
  themes,
  onTheme,
}: {
  row: PreviewRow;
  themes: Theme[] | undefined;
  onTheme(row: PreviewRow, code: string): void;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const offered = [...new Set([...r.proposedThemes, ...r.themes])];
  return (
    <li className="card" data-row={r.key}>
      <div className="card-top">
        <span className="muted">
          {r.key} · {r.location}
        </span>
        <span className={`tag import-action-${r.action}`}>
          {r.kind === "membership" ? t("import.membership") : t(`import.rowActions.${r.action}`)}
        </span>
      </div>
      <p className="card-title">{r.title}</p>
      {r.membership ? (
        <p>
          {t(`memberships.roles.${r.membership.role}`, { defaultValue: r.membership.role })}
          {r.membership.roleNote ? ` ${r.membership.roleNote}` : ""}
          {r.membership.startYear ? ` · ${r.membership.startYear}–${r.membership.endYear ?? ""}` : ""}
        </p>
      ) : (
        <dl className="facts">
          <dt>{t("import.signedOn")}</dt>
          <dd>
            {r.signedOnText ?? "—"}{" "}
            {r.signedOnPrecision ? (
              <span className="muted">({t(`import.precision.${r.signedOnPrecision}`)})</span>
            ) : null}
          </dd>
          <dt>{t("import.places")}</dt>
          <dd>
            {r.areas.length > 0 ? (
              r.areas.map((a) => a.label).join(", ")
            ) : (
              <span className="muted">{r.areasText ?? "—"}</span>
            )}
            {r.areaNotes.map((n) => (
              <div key={`${n.kind}${n.name}`} className="muted">
                {t(`import.areaNotes.${n.kind}`, { name: n.name, label: n.label })}
              </div>
            ))}
          </dd>
          <dt>{t("import.commitments")}</dt>
          <dd>
            {r.action === "create" ? r.commitments.length : t("import.adds", { count: r.adds.commitments })}
          </dd>
          <dt>{t("import.progressEntries")}</dt>
          <dd>{r.action === "create" ? r.progress.length : t("import.adds", { count: r.adds.progress })}</dd>
        </dl>
      )}
      {r.kind === "agreement" ? (
        <fieldset className="chips import-themes">
          <legend>{t("import.themes")}</legend>
          {offered.length === 0 ? <span className="muted">{t("import.noTheme")}</span> : null}
          {(themes ?? []).map((theme) =>
            offered.includes(theme.code) || r.themes.includes(theme.code) ? (
              <label key={theme.code} className="check">
                <input
                  type="checkbox"
                  checked={r.themes.includes(theme.code)}
                  onChange={() => onTheme(r, theme.code)}
                />
                {themeName(themes, theme.code, locale)}
              </label>
            ) : null,
          )}
          <select
            aria-label={t("import.addTheme")}
            value=""
            onChange={(e) => {
              if (e.target.value) onTheme(r, e.target.value);
            }}
          >
            <option value="">{t("import.addTheme")}</option>
            {(themes ?? [])
              .filter((theme) => !r.themes.includes(theme.code))
              .map((theme) => (
                <option key={theme.code} value={theme.code}>
                  {themeName(themes, theme.code, locale)}
                </option>
              ))}
          </select>
        </fieldset>
      ) : null}
    </li>
  );
}
