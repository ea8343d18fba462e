// One place of detention's occupancy: the rate over time as a chart, the figures in a table beside it, and (for
// those who record occupancy) a form to add a figure. A section on its own, so the place's page can sit it beside
// visits, recommendations and partners.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, client, expectOk, ifMatch, unwrap } from "../api";
import { maySomewhere } from "../incidents/incident-access";
import { useMe } from "../session";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { OccupancyChart } from "./OccupancyChart";
import "./occupancy.css";

const COUNTS = ["capacity", "population", "men", "women", "minors"] as const;
type Draft = Record<(typeof COUNTS)[number] | "asOf" | "publishedRate" | "source", string>;
const EMPTY: Draft = {
  asOf: "",
  capacity: "",
  population: "",
  men: "",
  women: "",
  minors: "",
  publishedRate: "",
  source: "",
};

/** "" → null; "1 234" → 1234; a comma decimal is read as a point. Anything else goes as typed, for the server to refuse. */
function numberOf(text: string): number | null | string {
  const t = text.trim().replace(/\s/g, "").replace(",", ".");
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : text;
}

export function PlaceOccupancySection({
  placeId,
  headingLevel = 2,
}: {
  placeId: string;
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation();
  const lang = useUiLocale();
  const me = useMe();
  const series = useAsync(
    () => unwrap(client.api.places[":id"].occupancy.$get({ param: { id: placeId } })),
    [placeId],
  );
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const mayWrite = maySomewhere(me.grants, "occupancy", "create");
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const Heading = headingLevel === 2 ? "h2" : "h3";

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFieldErrors({});
    setFailure(null);
    setSaved(false);
    const body = {
      asOf: draft.asOf,
      source: draft.source,
      ...Object.fromEntries([...COUNTS, "publishedRate" as const].map((k) => [k, numberOf(draft[k])])),
    };
    try {
      await unwrap(client.api.places[":id"].occupancy.$post({ param: { id: placeId }, json: body as never }));
      setDraft(EMPTY);
      setSaved(true);
      series.reload();
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.length > 0)
        setFieldErrors(Object.fromEntries(error.fieldErrors.map((f) => [f.path, f.message])));
      setFailure(errorText(t, error));
    }
  }

  async function remove(figureId: string, version: number, label: string) {
    if (!window.confirm(label)) return;
    try {
      await expectOk(
        fetch(`/api/places/${placeId}/occupancy/${figureId}`, {
          method: "DELETE",
          credentials: "same-origin",
          headers: ifMatch(version),
        }),
      );
      series.reload();
    } catch (error) {
      setFailure(errorText(t, error));
    }
  }

  const data = series.data;
  const rated = (data?.figures ?? []).flatMap((f) =>
    f.rate === null ? [] : [{ asOf: f.asOf, rate: f.rate }],
  );
  return (
    <section className="place-occupancy" aria-labelledby={`occupancy-${placeId}`}>
      <Heading id={`occupancy-${placeId}`}>{t("monitoring.occupancy.place.chartTitle")}</Heading>
      {series.error ? (
        <p className="field-error" role="alert">
          {errorText(t, series.error)}
        </p>
      ) : null}
      {data ? (
        <>
          {data.capacity !== null ? (
            <p>
              {t("monitoring.occupancy.place.officialCapacity", { capacity: number.format(data.capacity) })}
            </p>
          ) : null}
          {data.latest?.rate !== null && data.latest?.rate !== undefined ? (
            <p>
              {t("monitoring.occupancy.place.latest", {
                rate: number.format(data.latest.rate),
                date: data.latest.asOf,
              })}
              {data.latest.rate > 100 ? (
                <span className="overcrowded-badge">{t("monitoring.occupancy.overcrowdedBadge")}</span>
              ) : null}
            </p>
          ) : null}
          {data.figures.length === 0 ? (
            <p>{t("monitoring.occupancy.place.noFigures")}</p>
          ) : (
            <div className="occupancy-chart-with-table">
              <OccupancyChart
                points={rated}
                label={t("monitoring.occupancy.place.chartLabel", { name: data.placeName })}
              />
              <div className="occupancy-table-wrap">
                <table className="data-table occupancy-table">
                  <caption>{t("monitoring.occupancy.place.figures")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("monitoring.occupancy.columns.asOf")}</th>
                      <th scope="col" className="rate">
                        {t("monitoring.occupancy.columns.rate")}
                      </th>
                      <th scope="col">{t("monitoring.occupancy.columns.population")}</th>
                      <th scope="col" className="optional">
                        {t("monitoring.occupancy.columns.capacity")}
                      </th>
                      <th scope="col" className="optional">
                        {t("monitoring.occupancy.columns.source")}
                      </th>
                      {mayWrite ? <th scope="col">{t("monitoring.occupancy.columns.actions")}</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {data.figures.map((f) => (
                      <tr key={f.id}>
                        <td>{f.asOf}</td>
                        <td className="rate">
                          {f.rate === null ? "" : `${number.format(f.rate)} %`}
                          {f.rateKind ? (
                            <>
                              <br />
                              <small>{t(`monitoring.occupancy.rateKinds.${f.rateKind}`)}</small>
                            </>
                          ) : null}
                        </td>
                        <td>{f.population === null ? "" : number.format(f.population)}</td>
                        <td className="optional">{f.capacity === null ? "" : number.format(f.capacity)}</td>
                        <td className="optional">{f.source}</td>
                        {mayWrite ? (
                          <td>
                            <button
                              type="button"
                              className="link-button"
                              onClick={() =>
                                remove(
                                  f.id,
                                  f.version,
                                  t("monitoring.occupancy.place.removeConfirm", {
                                    date: f.asOf,
                                    source: f.source,
                                  }),
                                )
                              }
                            >
                              {t("monitoring.occupancy.place.remove")}
                            </button>
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          )}
        </>
      ) : null}
      {mayWrite ? (
        <form onSubmit={submit} noValidate>
          <Heading>{t("monitoring.occupancy.form.title")}</Heading>
          <p className="field-hint">{t("monitoring.occupancy.form.hint")}</p>
          <div className="occupancy-figure-form">
            <Field label={t("monitoring.occupancy.form.asOf")} required error={fieldErrors.asOf}>
              {(p) => (
                <input
                  {...p}
                  type="date"
                  value={draft.asOf}
                  onChange={(e) => setDraft({ ...draft, asOf: e.target.value })}
                />
              )}
            </Field>
            {COUNTS.map((k) => (
              <Field key={k} label={t(`monitoring.occupancy.columns.${k}`)} error={fieldErrors[k]}>
                {(p) => (
                  <input
                    {...p}
                    inputMode="numeric"
                    value={draft[k]}
                    onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
                  />
                )}
              </Field>
            ))}
            <Field label={t("monitoring.occupancy.form.publishedRate")} error={fieldErrors.publishedRate}>
              {(p) => (
                <input
                  {...p}
                  inputMode="decimal"
                  value={draft.publishedRate}
                  onChange={(e) => setDraft({ ...draft, publishedRate: e.target.value })}
                />
              )}
            </Field>
            <Field label={t("monitoring.occupancy.form.source")} required error={fieldErrors.source}>
              {(p) => (
                <input
                  {...p}
                  value={draft.source}
                  onChange={(e) => setDraft({ ...draft, source: e.target.value })}
                />
              )}
            </Field>
          </div>
          {failure ? (
            <p className="field-error" role="alert">
              {failure}
            </p>
          ) : null}
          {saved ? <p role="status">{t("monitoring.occupancy.form.saved")}</p> : null}
          <button type="submit" className="button button-primary">
            {t("monitoring.occupancy.form.save")}
          </button>
        </form>
      ) : null}
    </section>
  );
}
