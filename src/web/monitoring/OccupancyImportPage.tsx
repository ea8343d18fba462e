// Import of an occupancy table: upload → preview of the matched places and every problem (file, row, column) →
// confirm. Nothing is written until the preview is clean and confirmed.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { OccupancyImportResult } from "../../modules/monitoring/occupancy.schema";
import { expectOk } from "../api";
import { Field } from "../ui/Field";
import { postFile, uploadErrorText } from "../ui/file-upload";
import { MonitoringTabs } from "./MonitoringTabs";
import "./occupancy.css";

export function OccupancyImportPage() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState("");
  const [asOf, setAsOf] = useState("");
  const [preview, setPreview] = useState<OccupancyImportResult | null>(null);
  const [done, setDone] = useState<OccupancyImportResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(dryRun: boolean): Promise<OccupancyImportResult | null> {
    if (!file) return null;
    const form = new FormData();
    form.set("file", file);
    if (source.trim() !== "") form.set("source", source.trim());
    if (asOf !== "") form.set("asOf", asOf);
    form.set("dryRun", String(dryRun));
    setBusy(true);
    setFailure(null);
    try {
      const res = await expectOk(postFile("/api/occupancy/import", form));
      return (await res.json()) as OccupancyImportResult;
    } catch (error) {
      setFailure(uploadErrorText(t, error));
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function onPreview(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    setPreview(await send(true));
  }

  async function onConfirm() {
    const result = await send(false);
    if (result?.written) {
      setDone(result);
      setPreview(null);
    }
  }

  return (
    <div className="page occupancy-import-page">
      <MonitoringTabs />
      <h1>{t("monitoring.occupancy.import.title")}</h1>
      <p>{t("monitoring.occupancy.import.hint")}</p>
      <form onSubmit={onPreview}>
        <Field label={t("monitoring.occupancy.import.file")} required>
          {(p) => (
            <input
              {...p}
              type="file"
              accept=".csv,.xlsx"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setPreview(null);
              }}
            />
          )}
        </Field>
        <Field label={t("monitoring.occupancy.import.source")}>
          {(p) => <input {...p} value={source} onChange={(e) => setSource(e.target.value)} />}
        </Field>
        <Field label={t("monitoring.occupancy.import.asOf")}>
          {(p) => <input {...p} type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />}
        </Field>
        <button type="submit" className="button" disabled={!file || busy}>
          {t("monitoring.occupancy.import.preview")}
        </button>
      </form>
      {failure ? (
        <p className="field-error" role="alert">
          {failure}
        </p>
      ) : null}
      {done ? (
        <p role="status">
          {t("monitoring.occupancy.import.done", { count: done.rows.length })}{" "}
          <Link to="/monitoring/occupancy">{t("monitoring.occupancy.title")}</Link>
        </p>
      ) : null}
      {preview ? (
        <section aria-label={t("monitoring.occupancy.import.preview")}>
          {preview.errors.length > 0 ? (
            <>
              <h2>{t("monitoring.occupancy.import.errors")}</h2>
              <div className="occupancy-table-wrap">
                <table className="data-table occupancy-import-errors">
                  <thead>
                    <tr>
                      <th scope="col">{t("monitoring.occupancy.import.row")}</th>
                      <th scope="col">{t("monitoring.occupancy.import.column")}</th>
                      <th scope="col">{t("monitoring.occupancy.import.problem")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.errors.map((e) => (
                      <tr key={`${e.row}-${e.column}-${e.code}`}>
                        <td>{e.row ?? ""}</td>
                        <td>{e.column ?? ""}</td>
                        <td>{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
          <h2>{t("monitoring.occupancy.import.matches")}</h2>
          {preview.rows.length === 0 ? (
            <p>{t("monitoring.occupancy.import.nothing")}</p>
          ) : (
            <div className="occupancy-table-wrap">
              <table className="data-table occupancy-import-rows">
                <thead>
                  <tr>
                    <th scope="col">{t("monitoring.occupancy.import.row")}</th>
                    <th scope="col">{t("monitoring.occupancy.import.facility")}</th>
                    <th scope="col">{t("monitoring.occupancy.import.matched")}</th>
                    <th scope="col">{t("monitoring.occupancy.columns.asOf")}</th>
                    <th scope="col">{t("monitoring.occupancy.columns.rate")}</th>
                    <th scope="col">{t("monitoring.occupancy.import.action")}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((r) => (
                    <tr key={r.row}>
                      <td>{r.row}</td>
                      <td>{r.facilityName}</td>
                      <td>{r.placeName}</td>
                      <td>{r.asOf}</td>
                      <td>
                        {r.publishedRate ??
                          (r.population !== null ? `${r.population} / ${r.capacity ?? "?"}` : "")}
                      </td>
                      <td>{t(`monitoring.occupancy.import.actions.${r.action}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {preview.errors.length === 0 && preview.rows.length > 0 ? (
            <button type="button" className="button button-primary" onClick={onConfirm} disabled={busy}>
              {t("monitoring.occupancy.import.confirm", { count: preview.rows.length })}
            </button>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
