// The status-report import's state: the file and the choices made, the preview asked for them, the import with progress.
import { useRef, useState } from "react";
import type {
  ColumnChoice,
  ImportOptionsInput,
  ImportPreview,
  ImportResult,
  OrganisationDecision,
  PreviewRow,
} from "../../modules/imports/imports.schema";
import { ApiError } from "../api";

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

export function useStatusReportImport() {
  const [file, setFile] = useState<File | null>(null);
  const [institution, setInstitution] = useState("");
  // The day the document reports as of: its undated progress is recorded on it (empty: today).
  const [reportDate, setReportDate] = useState("");
  const [columns, setColumns] = useState<Record<string, ColumnChoice>>({});
  const [organisations, setOrganisations] = useState<Record<string, OrganisationDecision>>({});
  const [themes, setThemes] = useState<Record<string, string[]>>({});
  // Rows the user leaves out, by location ("line 19", "table 2, row 3"): without them, any error refuses the file.
  const [excludedRows, setExcludedRows] = useState<string[]>([]);
  // The latest theme choices, for previews that were asked before the last choice was made.
  const themesRef = useRef(themes);
  themesRef.current = themes;
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  const options = (over: Partial<ImportOptionsInput> = {}): ImportOptionsInput => ({
    ...(institution.trim() ? { institution: institution.trim() } : {}),
    ...(reportDate ? { reportDate } : {}),
    columns,
    organisations,
    themes,
    excludeRows: excludedRows.map((location) => ({ location })),
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

  const leaveOut = (next: string[]) => {
    setExcludedRows(next);
    void runPreview({ excludeRows: next.map((location) => ({ location })) });
  };
  /** Leaves a row out, or takes it back. */
  const toggleExcludedRow = (location: string) =>
    leaveOut(
      excludedRows.includes(location)
        ? excludedRows.filter((l) => l !== location)
        : [...excludedRows, location],
    );
  /** Leaves out every row with an error, each named: the import never drops a row it was not told about. */
  const excludeRowsWithErrors = () => {
    const withErrors = (preview?.problemRows ?? []).filter((r) => !r.excluded && r.errors > 0);
    leaveOut([...excludedRows, ...withErrors.map((r) => r.location)]);
  };

  /** A new file, or the same again: the choices made for the last one no longer apply. */
  const startPreview = () => {
    setColumns({});
    setOrganisations({});
    setThemes({});
    setExcludedRows([]);
    void runPreview({ columns: {}, organisations: {}, themes: {}, excludeRows: [] });
  };
  const chooseFile = (next: File | null) => {
    setFile(next);
    setPreview(null);
    setResult(null);
  };
  return {
    file,
    chooseFile,
    institution,
    setInstitution,
    reportDate,
    setReportDate,
    preview,
    error,
    busy,
    progress,
    result,
    startPreview,
    runImport,
    chooseColumn,
    chooseOrganisation,
    toggleTheme,
    excludedRows,
    toggleExcludedRow,
    excludeRowsWithErrors,
  };
}
