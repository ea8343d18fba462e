// A programme's results table in: upload (Word, Excel, CSV) → preview of each row (what it reads, where it goes, new,
// update or unchanged) and every problem by row and column → confirm → what was written. Nothing is written before.
import type { TFunction } from "i18next";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type {
  RecordedRow,
  ResultsTableOutcome,
  ResultsTableRowPlan,
} from "../../modules/programmes/results-table.schema";
import type { FieldError } from "../../shared/app-errors";
import { ApiError, client, expectOk, unwrap } from "../api";
import { errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { postFile, postFileWithProgress } from "../ui/file-upload";
import { PageFailure } from "../ui/PageFailure";
import { type Chosen, SearchChips } from "../ui/SearchChips";
import { scrollRegion } from "../ui/scroll-region";
import { useAsync } from "../ui/useAsync";

const ACCEPT =
  ".docx,.xlsx,.csv,.txt,.htm,.html,text/csv,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The new programme a table is imported into (from the programmes list: no programme yet). */
type NewProgramme = { title: string; lead: Chosen[]; startDate: string; endDate: string };

export function ResultsTableImportPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const programme = useAsync(
    () => (id ? unwrap(client.api.programmes[":id"].$get({ param: { id } })) : Promise.resolve(null)),
    [id],
  );
  const [fresh, setFresh] = useState<NewProgramme>({ title: "", lead: [], startDate: "", endDate: "" });
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ResultsTableOutcome | null>(null);
  const [done, setDone] = useState<ResultsTableOutcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);

  async function send(confirm: boolean): Promise<ResultsTableOutcome | null> {
    if (!file) return null;
    const form = new FormData();
    form.set("file", file);
    form.set("confirm", String(confirm));
    if (!id) {
      form.set("title", fresh.title);
      form.set("leadOrganisationId", fresh.lead[0]?.id ?? "");
      form.set("startDate", fresh.startDate);
      form.set("endDate", fresh.endDate);
    }
    setBusy(true);
    setError(null);
    try {
      const url = id ? `/api/programmes/${id}/results-table` : "/api/programmes/results-table";
      if (!confirm) return (await (await expectOk(postFile(url, form))).json()) as ResultsTableOutcome;
      // Rows done / total while the import writes (a long table takes seconds).
      setProgress({ done: 0, total: preview?.rows.length ?? 0 });
      return await postFileWithProgress<ResultsTableOutcome>(url, form, (done, total) =>
        setProgress({ done, total }),
      );
    } catch (e) {
      setError(e);
      return null;
    } finally {
      setBusy(false);
      setProgress(null);
    }
  }

  async function onPreview(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    setPreview(await send(false));
  }

  async function onConfirm() {
    const result = await send(true);
    if (result?.written) {
      setDone(result);
      setPreview(null);
      programme.reload();
    }
  }

  // A refusal of the new programme's fields is shown at each field; the table's problems below the form.
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : [];
  const fieldError = (path: string) => {
    const e = fieldErrors.find((x) => x.path === path);
    return e ? fieldErrorText(t, e) : undefined;
  };
  const programmeFields = ["title", "leadOrganisationId", "startDate", "endDate"];
  const tableError =
    error instanceof ApiError &&
    fieldErrors.length > 0 &&
    fieldErrors.every((e) => programmeFields.includes(e.path))
      ? null
      : error;
  const changeFresh = (change: Partial<NewProgramme>) => {
    setFresh((f) => ({ ...f, ...change }));
    setPreview(null);
  };

  if (programme.error) return <PageFailure error={programme.error} />;
  const p = programme.data;
  if (id && !p) return <p className="page">{t("common.loading")}</p>;
  const canEdit = p ? p.canEdit : true;
  const programmeId = p?.id ?? done?.written?.programmeId;

  return (
    <div className="page results-table-import">
      <p>
        {p ? (
          <Link to={`/programmes/${p.id}`}>{t("programmes.backToProgramme")}</Link>
        ) : (
          <Link to="/programmes">← {t("programmes.title")}</Link>
        )}
      </p>
      <h1>{p ? t("programmes.resultsTable.title") : t("programmes.resultsTable.newTitle")}</h1>
      <p className="lead">
        {p
          ? t("programmes.resultsTable.intro", { programme: p.title })
          : t("programmes.resultsTable.newIntro")}
      </p>
      {!canEdit ? (
        <p className="alert alert-error" role="alert">
          {t("errors.forbidden")}
        </p>
      ) : null}
      <form className="form" onSubmit={onPreview} noValidate>
        {!id ? (
          <fieldset className="fieldset" disabled={Boolean(done)}>
            <legend>{t("programmes.resultsTable.newProgramme")}</legend>
            <Field label={t("programmes.fields.title")} error={fieldError("title")} required>
              {(f) => (
                <input {...f} value={fresh.title} onChange={(e) => changeFresh({ title: e.target.value })} />
              )}
            </Field>
            <SearchChips
              legend={t("programmes.fields.lead")}
              searchLabel={t("library.fields.findOrganisation")}
              chosen={fresh.lead}
              onChange={(lead) => changeFresh({ lead })}
              error={fieldError("leadOrganisationId")}
              max={1}
              required
              search={(q) =>
                unwrap(client.api.organisations.$get({ query: { q, limit: "8" } })).then((r) =>
                  r.items.map((o) => ({ id: o.id, name: o.name })),
                )
              }
            />
            <div className="form-row">
              <Field label={t("programmes.fields.startDate")} error={fieldError("startDate")} required>
                {(f) => (
                  <input
                    {...f}
                    type="date"
                    value={fresh.startDate}
                    onChange={(e) => changeFresh({ startDate: e.target.value })}
                  />
                )}
              </Field>
              <Field label={t("programmes.fields.endDate")} error={fieldError("endDate")} required>
                {(f) => (
                  <input
                    {...f}
                    type="date"
                    value={fresh.endDate}
                    onChange={(e) => changeFresh({ endDate: e.target.value })}
                  />
                )}
              </Field>
            </div>
          </fieldset>
        ) : null}
        <label className="field">
          <span>{t("programmes.resultsTable.file")}</span>
          <input
            type="file"
            accept={ACCEPT}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPreview(null);
              setDone(null);
              setError(null);
            }}
          />
          <span className="field-hint">{t("programmes.resultsTable.fileHint")}</span>
        </label>
        <div className="form-actions">
          <button
            type="submit"
            className="button"
            disabled={!file || busy || !canEdit || Boolean(done && !id)}
          >
            {t("programmes.resultsTable.preview")}
          </button>
        </div>
      </form>

      {busy && !progress ? <p className="muted">{t("common.working")}</p> : null}
      {progress ? (
        <div className="import-progress" role="status">
          <progress max={Math.max(progress.total, 1)} value={progress.done} />
          <span>{t("import.progress", { done: progress.done, total: progress.total })}</span>
        </div>
      ) : null}
      {tableError ? <ResultsTableError error={tableError} /> : null}
      {error && !tableError ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, error)} {t("programmes.resultsTable.nothingImported")}
        </p>
      ) : null}
      {done?.written ? (
        <div className="alert alert-success" role="status">
          <p>
            {t("programmes.resultsTable.done", {
              events: done.written.events,
              results: done.written.results,
              indicators: done.written.indicators,
              activities: done.written.activities,
              updated: done.written.updated,
              unchanged: done.written.unchanged,
            })}
          </p>
          {programmeId ? (
            <Link to={`/programmes/${programmeId}`}>
              {p ? t("programmes.resultsTable.seeProgramme") : t("programmes.resultsTable.seeNewProgramme")}
            </Link>
          ) : null}
        </div>
      ) : null}
      {preview ? (
        <section aria-labelledby="results-table-preview">
          <h2 id="results-table-preview">{t("programmes.resultsTable.previewTitle")}</h2>
          <p>
            {t("programmes.resultsTable.summary", {
              rows: preview.rows.length,
              new: preview.rows.filter((r) => r.change === "new").length,
              update: preview.rows.filter((r) => r.change === "update").length,
              unchanged: preview.rows.filter((r) => r.change === "unchanged").length,
            })}{" "}
            {t(`programmes.resultsTable.layouts.${preview.layout}`)}
          </p>
          <PreviewTable preview={preview} />
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => void onConfirm()}
            >
              {t("programmes.resultsTable.confirm", { count: preview.rows.length })}
            </button>
            <span className="field-hint">{t("programmes.resultsTable.confirmHint")}</span>
          </div>
        </section>
      ) : null}
    </div>
  );
}

/**
 * Where a row is, in the reader's words: the server names it in English ("sheet Résultats, row 4", "table 2, row 3",
 * "row 4", "line 74"); anything else is shown as it came.
 */
function locationText(t: TFunction, location: string): string {
  const m = /^(?:sheet (.+), |table (\d+), )?row (\d+)$/.exec(location);
  if (m) {
    const [, sheet, table, row] = m;
    if (sheet !== undefined) return t("programmes.resultsTable.locations.sheetRow", { sheet, row });
    if (table !== undefined) return t("programmes.resultsTable.locations.tableRow", { table, row });
    return t("programmes.resultsTable.locations.row", { row });
  }
  const line = /^line (\d+)$/.exec(location)?.[1];
  return line ? t("programmes.resultsTable.locations.line", { line }) : location;
}

/** What a row's value is read as, in the reader's words: "30 Stakeholders", "at least 50 000", "in words: …". */
function ReadAs({ row }: { row: ResultsTableRowPlan }) {
  const { t, i18n } = useTranslation();
  const number = (n: number) => new Intl.NumberFormat(i18n.language).format(n);
  const v = row.reach;
  switch (v.kind) {
    case "empty":
      return <span className="muted">{t("programmes.notReported")}</span>;
    case "qualitative":
      return <span>{t("programmes.resultsTable.inWords", { text: v.text })}</span>;
    case "lower_bound":
      return <span>{t("programmes.atLeast", { value: number(v.value) })}</span>;
    default:
      return "parts" in v ? (
        <span>
          {v.parts.map((x) => `${number(x.count)} ${t(`programmes.categories.${x.category}`)}`).join(" · ")}
        </span>
      ) : (
        <span>
          {number(v.value)}
          {v.percent ? " %" : ""}
        </span>
      );
  }
}

/** What an earlier import recorded, in the reader's words: "120 prisoners", "at least 50,000", "Nationwide". */
function wasText(t: TFunction, locale: string, was: RecordedRow): string {
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  const parts = was.participants.map((x) => `${number(x.count)} ${t(`programmes.categories.${x.category}`)}`);
  const r = was.result;
  if (r?.valueKind === "lower_bound" && r.value !== null)
    parts.push(t("programmes.atLeast", { value: number(r.value) }));
  else if (r?.valueKind === "exact" && r.value !== null) parts.push(number(r.value));
  else if (r?.text) parts.push(r.text);
  else if (was.reachNote) parts.push(was.reachNote);
  return parts.length > 0 ? parts.join(" · ") : t("programmes.notReported");
}

function PreviewTable({ preview }: { preview: ResultsTableOutcome }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const activities = preview.layout === "activities";
  return (
    <div className="table-scroll" {...scrollRegion(t("programmes.resultsTable.previewTitle"))}>
      {/* On a phone each row is a small card of labelled lines (the labels come from data-label). */}
      <table className="data-table stack-table" data-testid="results-table-preview">
        <thead>
          <tr>
            <th scope="col">{t("programmes.resultsTable.where")}</th>
            <th scope="col">{activities ? t("programmes.activity") : t("programmes.indicator")}</th>
            <th scope="col">{t("programmes.resultsTable.readAs")}</th>
            {activities ? null : <th scope="col">{t("programmes.target")}</th>}
            <th scope="col">{t("programmes.resultsTable.goesTo")}</th>
            <th scope="col">{t("programmes.resultsTable.change")}</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((r) => (
            <tr key={r.location}>
              <td data-label={t("programmes.resultsTable.where")}>{locationText(t, r.location)}</td>
              <td data-label={activities ? t("programmes.activity") : t("programmes.indicator")}>{r.name}</td>
              <td data-label={t("programmes.resultsTable.readAs")}>
                {/* One element per cell: a phone's card lays the cell out as label | content. */}
                <span>
                  <ReadAs row={r} />
                  {"text" in r.reach && r.reach.kind !== "qualitative" ? (
                    <span className="muted"> ({r.reach.text})</span>
                  ) : null}
                </span>
              </td>
              {activities ? null : (
                <td data-label={t("programmes.target")}>
                  {r.target && "text" in r.target ? r.target.text : ""}
                </td>
              )}
              <td data-label={t("programmes.resultsTable.goesTo")}>
                {r.matches
                  ? t(`programmes.resultsTable.matches.${activities ? "activity" : "indicator"}`)
                  : t(`programmes.resultsTable.creates.${activities ? "activity" : "indicator"}`)}
              </td>
              <td data-label={t("programmes.resultsTable.change")}>
                <span>
                  <span className={r.change === "unchanged" ? "tag tag-quiet" : "tag"}>
                    {t(`programmes.resultsTable.changes.${r.change}`)}
                  </span>
                  {r.was ? (
                    <span className="muted">
                      {" "}
                      {t("programmes.resultsTable.was", { value: wasText(t, locale, r.was) })}
                    </span>
                  ) : null}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The refusal, and each problem by row and column (the server names them in `params`). */
function ResultsTableError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const problems: FieldError[] = error instanceof ApiError ? error.fieldErrors.slice(0, 50) : [];
  const at = (e: FieldError, key: string) => {
    const v = e.params?.[key];
    return typeof v === "string" || typeof v === "number" ? String(v) : "";
  };
  return (
    <div className="alert alert-error" role="alert">
      <p>
        {errorText(t, error)} {t("programmes.resultsTable.nothingImported")}
      </p>
      {problems.length > 0 ? (
        <div className="table-scroll" {...scrollRegion(t("programmes.resultsTable.problems"))}>
          <table className="data-table stack-table" data-testid="results-table-problems">
            <thead>
              <tr>
                <th scope="col">{t("programmes.resultsTable.where")}</th>
                <th scope="col">{t("programmes.resultsTable.column")}</th>
                <th scope="col">{t("programmes.resultsTable.problem")}</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((e) => (
                <tr key={`${e.path}|${e.code ?? ""}|${e.message}`}>
                  <td data-label={t("programmes.resultsTable.where")}>
                    {at(e, "location") ? locationText(t, at(e, "location")) : at(e, "file") || e.path}
                  </td>
                  <td data-label={t("programmes.resultsTable.column")}>{at(e, "column")}</td>
                  <td data-label={t("programmes.resultsTable.problem")}>
                    {fieldErrorText(
                      t,
                      at(e, "location")
                        ? { ...e, params: { ...e.params, location: locationText(t, at(e, "location")) } }
                        : e,
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
