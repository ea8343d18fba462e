// Administrators load district boundaries (GeoJSON or TopoJSON): the whole file is checked, or nothing changes.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { MAX_BOUNDARY_BYTES } from "../../modules/places/boundary-limit";
import { formatDateTime } from "../../shared/dates";
import { ApiError, client, expectOk, unwrap } from "../api";
import { errorText, fieldErrorText } from "../ui/errors";
import { type UiLocale, useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import "./coordination.css";

/** Megabytes to one decimal, rounded up so that a file just over the limit never reads as the limit itself. */
const megabytes = (bytes: number, locale: UiLocale) =>
  new Intl.NumberFormat(locale === "rw" ? "en" : locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(Math.ceil((bytes / 1024 / 1024) * 10) / 10);

export function BoundariesPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const status = useAsync(() => unwrap(client.api.places.boundaries.status.$get()), []);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  // Checked as soon as the file is chosen: 20 MB would take minutes to send over mobile data only to be refused.
  const tooLarge = file !== null && file.size > MAX_BOUNDARY_BYTES;
  const sizes = {
    size: file ? megabytes(file.size, locale) : "",
    limit: MAX_BOUNDARY_BYTES / 1024 / 1024,
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file || tooLarge) return;
    setError(null);
    setDone(false);
    setBusy(true);
    try {
      await expectOk(
        fetch(`/api/places/boundaries?name=${encodeURIComponent(file.name)}`, {
          method: "PUT",
          credentials: "same-origin",
          headers: { "content-type": "application/json" },
          body: await file.text(),
        }),
      );
      setDone(true);
      status.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  // A file refused on a reading limit (zip, points, time, memory) names that limit.
  const limitProblem =
    error instanceof ApiError ? error.fieldErrors.find((e) => e.code?.startsWith("file_")) : undefined;
  const problem = tooLarge
    ? t("coordination.boundaries.tooLarge", sizes)
    : limitProblem
      ? fieldErrorText(t, limitProblem)
      : error instanceof ApiError && error.status === 413
        ? // Under our limit yet refused: a proxy in front of the server allows less.
          t("coordination.boundaries.tooLargeForServer", sizes)
        : error instanceof ApiError && error.status === 422
          ? error.message
          : error
            ? errorText(t, error)
            : null;
  const s = status.data;
  return (
    <div className="page page-narrow coordination">
      <h1>{t("coordination.boundaries.title")}</h1>
      <p className="muted">{t("coordination.boundaries.intro")}</p>
      {s ? (
        <p>
          {s.loaded && s.loadedAt
            ? t("coordination.boundaries.loaded", {
                count: s.districts,
                name: s.sourceName ?? "",
                date: formatDateTime(s.loadedAt, locale),
              })
            : t("coordination.boundaries.none")}
        </p>
      ) : null}
      <form onSubmit={submit} className="stack">
        <label>
          {t("coordination.boundaries.file")}
          <input
            type="file"
            accept=".geojson,.json,.topojson,application/geo+json,application/json"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setError(null);
              setDone(false);
            }}
          />
        </label>
        <button type="submit" className="button button-primary" disabled={!file || tooLarge || busy}>
          {busy ? t("common.working") : t("coordination.boundaries.load")}
        </button>
      </form>
      {done ? (
        <p className="alert alert-success" role="status">
          {t("coordination.boundaries.done")} <Link to="/coordination">{t("coordination.title")}</Link>
        </p>
      ) : null}
      {problem ? (
        <div className="alert alert-error" role="alert">
          <p>{problem}</p>
          {!tooLarge && error instanceof ApiError && error.fieldErrors.length > 0 ? (
            <ul>
              {error.fieldErrors.map((f) => (
                <li key={`${f.path}-${f.message}`}>{f.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
