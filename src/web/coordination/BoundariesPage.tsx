// Administrators see which district boundaries the map draws (the built-in set or a loaded file), load a file
// (GeoJSON or TopoJSON: the whole file is checked, or nothing changes), or go back to the built-in set.
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
  const [done, setDone] = useState<"loaded" | "builtIn" | null>(null);
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
    setDone(null);
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
      setDone("loaded");
      status.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function restoreBuiltIn() {
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      await unwrap(client.api.places.boundaries.$delete());
      setDone("builtIn");
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
        <div className="stack">
          <p>
            {s.source === "loaded" && s.loadedAt
              ? t("coordination.boundaries.loaded", {
                  count: s.districts,
                  name: s.sourceName ?? "",
                  date: formatDateTime(s.loadedAt, locale),
                })
              : s.source === "built_in"
                ? t("coordination.boundaries.builtIn", { count: s.districts })
                : t("coordination.boundaries.none")}
          </p>
          {s.loaded ? (
            <p>
              <button type="button" className="button" disabled={busy} onClick={restoreBuiltIn}>
                {t("coordination.boundaries.useBuiltIn")}
              </button>
            </p>
          ) : null}
        </div>
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
              setDone(null);
            }}
          />
        </label>
        <button type="submit" className="button button-primary" disabled={!file || tooLarge || busy}>
          {busy ? t("common.working") : t("coordination.boundaries.load")}
        </button>
      </form>
      {done ? (
        <p className="alert alert-success" role="status">
          {t(done === "loaded" ? "coordination.boundaries.done" : "coordination.boundaries.builtInBack")}{" "}
          <Link to="/coordination">{t("coordination.title")}</Link>
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
