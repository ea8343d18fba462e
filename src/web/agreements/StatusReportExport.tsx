// "Export what I see": the status report of the agreements the list shows, as a file, as of a day, in a language.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  REPORT_FORMATS,
  REPORT_SECTIONS,
  type ReportFormat,
} from "../../modules/status-report/status-report.schema";
import { todayInKigali } from "../../shared/today";
import { ApiError, expectOk } from "../api";
import { errorText, fieldErrorText } from "../ui/errors";
import { type UiLocale, useUiLocale } from "../ui/locale";

/** The file name the server gave in Content-Disposition (RFC 6266 filename*, else filename). */
function fileNameOf(res: Response, fallback: string): string {
  const header = res.headers.get("content-disposition") ?? "";
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
}

export function StatusReportExport({ filters }: { filters: Record<string, string> }) {
  const everything = Object.keys(filters).length === 0;
  const { t } = useTranslation();
  const locale = useUiLocale();
  const today = todayInKigali();
  const [format, setFormat] = useState<ReportFormat>("docx");
  const [asOf, setAsOf] = useState(today);
  const [lang, setLang] = useState<UiLocale>(locale);
  const [section, setSection] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);

  async function download() {
    setBusy(true);
    setMessage(null);
    const params = new URLSearchParams({ ...filters, format, lang });
    if (asOf) params.set("asOf", asOf);
    if (section) params.set("section", section);
    try {
      const res = await expectOk(
        fetch(`/api/reports/status-report?${params}`, { credentials: "same-origin" }),
      );
      const name = fileNameOf(res, `status-report.${format === "hxl" ? "csv" : format}`);
      const url = URL.createObjectURL(await res.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      // Some browsers read the blob after click() returns: release it a little later.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setMessage({ kind: "success", text: t("reportExport.ui.done", { file: name }) });
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors : [];
      const labels: Record<string, string> = {
        asOf: t("reportExport.ui.asOf"),
        format: t("reportExport.ui.format"),
        lang: t("reportExport.ui.language"),
        section: t("reportExport.ui.section"),
      };
      const detail = fields.map((f) => `${labels[f.path] ?? f.path}: ${fieldErrorText(t, f)}`).join("; ");
      setMessage({ kind: "error", text: detail ? `${errorText(t, error)} ${detail}` : errorText(t, error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="filter-panel export-panel">
      <summary>{t("reportExport.ui.button")}</summary>
      <p className="muted">{everything ? t("reportExport.ui.hintAll") : t("reportExport.ui.hint")}</p>
      <div className="filters">
        <label className="filter">
          <span className="filter-label">{t("reportExport.ui.format")}</span>
          <select value={format} onChange={(e) => setFormat(e.target.value as ReportFormat)}>
            {REPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`reportExport.ui.formats.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span className="filter-label">{t("reportExport.ui.asOf")}</span>
          <input type="date" value={asOf} max={today} required onChange={(e) => setAsOf(e.target.value)} />
        </label>
        <label className="filter">
          <span className="filter-label">{t("reportExport.ui.language")}</span>
          <select value={lang} onChange={(e) => setLang(e.target.value as UiLocale)}>
            {(["en", "fr", "rw"] as const).map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span className="filter-label">{t("reportExport.ui.section")}</span>
          <select value={section} onChange={(e) => setSection(e.target.value)}>
            <option value="">{t("reportExport.ui.allSections")}</option>
            {REPORT_SECTIONS.map((s) => (
              <option key={s} value={s}>
                {t(
                  `reportExport.sections.${({ "1": "local", "2": "international", "3": "associations" } as const)[s]}`,
                )}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p>
        <button type="button" className="button button-primary" disabled={busy} onClick={download}>
          {busy ? t("reportExport.ui.preparing") : t("reportExport.ui.download")}
        </button>
      </p>
      {message ? (
        <p className={`alert ${message.kind === "error" ? "alert-error" : "alert-success"}`} role="status">
          {message.text}
        </p>
      ) : null}
    </details>
  );
}
