// Administrators load district boundaries (GeoJSON or TopoJSON): the whole file is checked, or nothing changes.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatDateTime } from "../../shared/dates";
import { ApiError, client, expectOk, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import "./coordination.css";

const MAX_BYTES = 20 * 1024 * 1024;

export function BoundariesPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const status = useAsync(() => unwrap(client.api.places.boundaries.status.$get()), []);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setError(null);
    setDone(false);
    if (file.size > MAX_BYTES) {
      setError(new ApiError(413, t("coordination.boundaries.tooLarge")));
      return;
    }
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
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
        <button type="submit" className="button button-primary" disabled={!file || busy}>
          {busy ? t("common.working") : t("coordination.boundaries.load")}
        </button>
      </form>
      {done ? (
        <p className="alert alert-success" role="status">
          {t("coordination.boundaries.done")} <Link to="/coordination">{t("coordination.title")}</Link>
        </p>
      ) : null}
      {error ? (
        <div className="alert alert-error" role="alert">
          <p>{error instanceof ApiError && error.status === 422 ? error.message : errorText(t, error)}</p>
          {error instanceof ApiError && error.fieldErrors.length > 0 ? (
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
