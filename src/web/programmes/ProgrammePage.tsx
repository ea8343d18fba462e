// One programme: its facts, logframe (edited in place), indicators with targets and results, events, people reached.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import {
  CHILD_LEVEL,
  type Indicator,
  type LogframeItem,
  type ProgrammeDetail,
  type ProgrammeEvent,
  type Result,
  VALUE_KINDS,
  type ValueKind,
} from "../../modules/programmes/programmes.schema";
import type { FieldError } from "../../shared/app-errors";
import { formatDate } from "../../shared/dates";
import { themeName } from "../agreements/AgreementBits";
import { ApiError, client, expectOk, unwrap } from "../api";
import { errorsByPath, errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { EventForm } from "./EventForm";
import { IndicatorForm } from "./IndicatorForm";
import { ActualValue, formatNumber, ProgressValue, programmeFieldError } from "./ProgrammeBits";

export function ProgrammePage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { id = "" } = useParams();
  const programme = useAsync(() => unwrap(client.api.programmes[":id"].$get({ param: { id } })), [id]);
  const reachTable = useAsync(
    () => unwrap(client.api.programmes[":id"]["people-reached"].$get({ param: { id } })),
    [id, programme.data?.version],
  );
  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  const [adding, setAdding] = useState(false);
  const [editingIndicator, setEditingIndicator] = useState<string | null>(null);
  const [openResults, setOpenResults] = useState<string | null>(null);
  const [editingEvent, setEditingEvent] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const p = programme.data;
  if (programme.error)
    return (
      <p className="page alert alert-error" role="alert">
        {errorText(t, programme.error)}
      </p>
    );
  if (!p) return <p className="page">{t("common.loading")}</p>;

  const deleteIndicator = async (indicator: Indicator) => {
    setFailure(null);
    try {
      const results = await unwrap(
        client.api.programmes[":id"].indicators[":indicatorId"].results.$get({
          param: { id: p.id, indicatorId: indicator.id },
        }),
      );
      if (
        !window.confirm(
          t("programmes.editing.deleteIndicatorConfirm", {
            title: indicator.title,
            count: results.items.length,
          }),
        )
      )
        return;
      await expectOk(
        client.api.programmes[":id"].indicators[":indicatorId"].$delete({
          param: { id: p.id, indicatorId: indicator.id },
        }),
      );
      if (openResults === indicator.id) setOpenResults(null);
      programme.reload();
    } catch (error) {
      setFailure(errorText(t, error));
    }
  };

  const deleteEvent = async (event: ProgrammeEvent) => {
    setFailure(null);
    if (
      !window.confirm(
        t("programmes.editing.deleteEventConfirm", { title: event.title, count: event.participantTotal }),
      )
    )
      return;
    try {
      await expectOk(
        client.api.programmes[":id"].events[":eventId"].$delete({ param: { id: p.id, eventId: event.id } }),
      );
      programme.reload();
    } catch (error) {
      setFailure(errorText(t, error));
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>{p.title}</h1>
        <div className="page-actions">
          {p.canEdit ? (
            <Link to={`/programmes/${p.id}/edit`} className="button">
              {t("programmes.editing.editProgramme")}
            </Link>
          ) : null}
          <Link to={`/programmes/${p.id}/dashboard`} className="button button-primary">
            {t("programmes.dashboard")}
          </Link>
        </div>
      </div>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("programmes.fields.status")}</dt>
        <dd>{t(`programmes.statuses.${p.status}`)}</dd>
        <dt>{t("programmes.fields.lead")}</dt>
        <dd>
          <Link to={`/organisations/${p.lead.id}`}>{p.lead.name}</Link>
        </dd>
        {p.partners.length > 0 ? (
          <>
            <dt>{t("programmes.fields.partners")}</dt>
            <dd>{p.partners.map((o) => o.name).join(", ")}</dd>
          </>
        ) : null}
        {p.donors.length > 0 ? (
          <>
            <dt>{t("programmes.fields.donors")}</dt>
            <dd>
              {p.donors
                .map((d) =>
                  d.amount !== null
                    ? `${d.name} (${formatNumber(d.amount, locale)} ${d.currency ?? ""})`
                    : d.name,
                )
                .join(", ")}
            </dd>
          </>
        ) : null}
        <dt>{t("programmes.fields.period")}</dt>
        <dd>
          {formatDate(p.startDate, locale)} – {formatDate(p.endDate, locale)}
        </dd>
        {p.themes.length > 0 ? (
          <>
            <dt>{t("programmes.fields.themes")}</dt>
            <dd>{p.themes.map((code) => themeName(themes.data?.items, code, locale)).join(", ")}</dd>
          </>
        ) : null}
        {p.places.length > 0 ? (
          <>
            <dt>{t("programmes.fields.places")}</dt>
            <dd>{p.places.map((x) => x.name).join(", ")}</dd>
          </>
        ) : null}
        {p.agreements.length > 0 ? (
          <>
            <dt>{t("programmes.editing.agreements")}</dt>
            <dd>
              {p.agreements.map((a, i) => (
                <span key={a.id}>
                  {i > 0 ? ", " : null}
                  <Link to={`/agreements/${a.id}`}>{a.title}</Link>
                </span>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
      {p.description ? <p className="prose">{p.description}</p> : null}

      <section>
        <h2>{t("programmes.logframe")}</h2>
        <Logframe programme={p} parentId={null} onChanged={programme.reload} />
      </section>

      <section>
        <h2>{t("programmes.indicators")}</h2>
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("programmes.indicator")}</th>
                <th scope="col">{t("programmes.baseline")}</th>
                <th scope="col">{t("programmes.target")}</th>
                <th scope="col">{t("programmes.actual")}</th>
                <th scope="col">{t("programmes.progress")}</th>
                {p.canEdit ? (
                  // Named for screen readers; not a visually-hidden span, which sits outside the scrolling table.
                  <th scope="col" aria-label={t("programmes.editing.actions")} />
                ) : null}
              </tr>
            </thead>
            <tbody>
              {p.indicators.map((i) => (
                <tr key={i.id} data-testid="indicator-row">
                  <th scope="row">
                    {i.title}
                    <span className="muted"> · {t(`programmes.units.${i.unit}`)}</span>
                  </th>
                  <td>
                    {i.baselineValue !== null
                      ? formatNumber(i.baselineValue, locale)
                      : (i.baselineText ?? "—")}
                  </td>
                  <td>{i.target !== null ? formatNumber(i.target, locale) : "—"}</td>
                  <td>
                    <ActualValue actual={i.actual} locale={locale} />
                  </td>
                  <td>
                    <ProgressValue percent={i.progressPercent} actual={i.actual} />
                  </td>
                  {p.canEdit ? (
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="link-button"
                        aria-label={t("programmes.editing.editNamed", { name: i.title })}
                        onClick={() => setEditingIndicator(i.id)}
                      >
                        {t("programmes.edit")}
                      </button>{" "}
                      <button
                        type="button"
                        className="link-button"
                        aria-expanded={openResults === i.id}
                        aria-label={t("programmes.editing.resultsOf", { name: i.title })}
                        onClick={() => setOpenResults(openResults === i.id ? null : i.id)}
                      >
                        {t("programmes.editing.results")}
                      </button>{" "}
                      <button
                        type="button"
                        className="link-button danger"
                        aria-label={t("programmes.editing.deleteNamed", { name: i.title })}
                        onClick={() => void deleteIndicator(i)}
                      >
                        {t("common.delete")}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {openResults ? (
          <ResultList
            programme={p}
            indicatorId={openResults}
            onChanged={programme.reload}
            onClose={() => setOpenResults(null)}
          />
        ) : null}
        {p.canEdit && editingIndicator ? (
          <IndicatorForm
            key={editingIndicator}
            programme={p}
            indicator={p.indicators.find((i) => i.id === editingIndicator)}
            onSaved={() => {
              setEditingIndicator(null);
              programme.reload();
            }}
            onCancel={() => setEditingIndicator(null)}
          />
        ) : null}
        {p.canEdit && !editingIndicator ? (
          adding ? (
            <IndicatorForm
              programme={p}
              onSaved={() => {
                setAdding(false);
                programme.reload();
              }}
              onCancel={() => setAdding(false)}
            />
          ) : (
            <button type="button" className="button" onClick={() => setAdding(true)}>
              {t("programmes.addIndicator")}
            </button>
          )
        ) : null}
        {p.canEdit && p.indicators.length > 0 ? (
          <ResultForm programme={p} onSaved={programme.reload} />
        ) : null}
      </section>

      <section>
        <h2>{t("programmes.peopleReachedTable")}</h2>
        <p className="muted rule">{t("programmes.doubleCountingRule")}</p>
        <div className="table-scroll">
          <table className="data-table" data-testid="people-reached-table">
            <thead>
              <tr>
                <th scope="col">{t("programmes.activity")}</th>
                <th scope="col">{t("programmes.peopleReached")}</th>
              </tr>
            </thead>
            <tbody>
              {reachTable.data?.items.map((r) => (
                <tr key={r.activityId}>
                  <th scope="row">{r.activity}</th>
                  <td>
                    {[
                      ...r.counts.map(
                        (c) =>
                          `${formatNumber(c.people, locale)} ${t(`programmes.categories.${c.category}`)}`,
                      ),
                      ...r.notes,
                    ].join(" / ") || "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section>
        <h2>{t("programmes.eventsTitle")}</h2>
        <ol className="timeline">
          {p.events.map((e) =>
            editingEvent === e.id ? (
              <li key={e.id} className="timeline-entry">
                <EventForm
                  programme={p}
                  event={e}
                  onSaved={() => {
                    setEditingEvent(null);
                    programme.reload();
                  }}
                  onCancel={() => setEditingEvent(null)}
                />
              </li>
            ) : (
              <li key={e.id} className="timeline-entry" data-testid="event-entry">
                <div className="card-meta">
                  <span className="tag">{t(`programmes.eventKinds.${e.kind}`)}</span>
                  <span className="muted">
                    {e.dateReported ? formatDate(e.startDate, locale) : t("programmes.dateNotReported.label")}
                  </span>
                  {e.places.length > 0 ? <span>{e.places.map((x) => x.name).join(", ")}</span> : null}
                </div>
                <p className="timeline-text">
                  {e.title} —{" "}
                  {e.participants.length > 0
                    ? t("programmes.participantTotal", { count: e.participantTotal })
                    : (e.reachNote ?? t("programmes.notReported"))}
                  {e.repeatAudience ? (
                    <span className="muted"> ({t("programmes.repeatAudienceShort")})</span>
                  ) : null}
                </p>
                {e.notes ? <p className="muted">{e.notes}</p> : null}
                {p.canEdit ? (
                  <p className="row-actions">
                    <button
                      type="button"
                      className="link-button"
                      aria-label={t("programmes.editing.editNamed", { name: e.title })}
                      onClick={() => setEditingEvent(e.id)}
                    >
                      {t("programmes.edit")}
                    </button>{" "}
                    <button
                      type="button"
                      className="link-button danger"
                      aria-label={t("programmes.editing.deleteNamed", { name: e.title })}
                      onClick={() => void deleteEvent(e)}
                    >
                      {t("common.delete")}
                    </button>
                  </p>
                ) : null}
              </li>
            ),
          )}
        </ol>
        {p.canEdit ? <EventForm programme={p} onSaved={programme.reload} /> : null}
      </section>
    </div>
  );
}

/** The logframe as nested lists; each item's text is edited where it stands. */
function Logframe({
  programme,
  parentId,
  onChanged,
}: {
  programme: ProgrammeDetail;
  parentId: string | null;
  onChanged(): void;
}) {
  const items = programme.logframe.filter((i) => i.parentId === parentId);
  if (items.length === 0 && parentId !== null) return null;
  return (
    <ul className={parentId === null ? "logframe" : "logframe-children"}>
      {items.map((item) => (
        <li key={item.id}>
          <LogframeEntry programme={programme} item={item} onChanged={onChanged} />
          <Logframe programme={programme} parentId={item.id} onChanged={onChanged} />
        </li>
      ))}
      {parentId === null && items.length === 0 && programme.canEdit ? (
        <li>
          <AddItem programme={programme} parent={null} onChanged={onChanged} />
        </li>
      ) : null}
    </ul>
  );
}

function LogframeEntry({
  programme,
  item,
  onChanged,
}: {
  programme: ProgrammeDetail;
  item: LogframeItem;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(item.text);
  const [error, setError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string[]>([]);
  const level = t(`programmes.levels.${item.level}`);
  const indicators = programme.indicators.filter((i) => i.logframeItemId === item.id);
  /** Whether an indicator holds reported values (a not-reported period is a report too). */
  const reported = (i: Indicator) => i.actual.kind !== "none" || i.actual.notReportedCount > 0;
  const remove = async () => {
    setError(null);
    setRefusal([]);
    const empty = indicators.filter((i) => !reported(i));
    const question = [
      t("programmes.editing.deleteItemConfirm", { level, text: item.text }),
      empty.length > 0
        ? t("programmes.editing.deleteItemIndicators", { names: empty.map((i) => i.title).join(", ") })
        : "",
    ]
      .filter(Boolean)
      .join("\n\n");
    if (!window.confirm(question)) return;
    try {
      await expectOk(
        client.api.programmes[":id"].logframe[":itemId"].$delete({
          param: { id: programme.id, itemId: item.id },
        }),
      );
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        // Say what is still there, in the user's language, from what the page already knows.
        setRefusal(
          err.fieldErrors.map((f) =>
            t(`programmes.editing.refused.${f.code ?? "other"}`, {
              level,
              count:
                f.code === "has_children"
                  ? programme.logframe.filter((i) => i.parentId === item.id).length
                  : programme.events.filter((e) => e.activityId === item.id).length,
              names: indicators
                .filter(reported)
                .map((i) => `“${i.title}”`)
                .join(", "),
              defaultValue: f.message,
            }),
          ),
        );
      } else setError(errorText(t, err));
    }
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await unwrap(
        client.api.programmes[":id"].logframe[":itemId"].$patch({
          param: { id: programme.id, itemId: item.id },
          json: { text },
        }),
      );
      setEditing(false);
      onChanged();
    } catch (err) {
      setError(
        err instanceof ApiError && err.fieldErrors[0]
          ? programmeFieldError(t, err.fieldErrors[0])
          : errorText(t, err),
      );
    }
  };
  return (
    <div className={`logframe-item level-${item.level}`}>
      <span className="tag tag-quiet">{t(`programmes.levels.${item.level}`)}</span>{" "}
      {editing ? (
        <form className="inline-form" onSubmit={save}>
          <label className="visually-hidden" htmlFor={`lf-${item.id}`}>
            {t(`programmes.levels.${item.level}`)}
          </label>
          <textarea id={`lf-${item.id}`} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
          <button type="submit" className="button">
            {t("common.save")}
          </button>
          <button type="button" className="link-button" onClick={() => setEditing(false)}>
            {t("common.cancel")}
          </button>
          {error ? <p className="field-error">{error}</p> : null}
        </form>
      ) : (
        <>
          <span>{item.text}</span>
          {programme.canEdit ? (
            <>
              {" "}
              <button type="button" className="link-button" onClick={() => setEditing(true)}>
                {t("programmes.edit")}
              </button>
              {CHILD_LEVEL[item.level] ? (
                <AddItem programme={programme} parent={item} onChanged={onChanged} />
              ) : null}{" "}
              <button
                type="button"
                className="link-button danger"
                aria-label={t("programmes.editing.deleteNamed", { name: item.text })}
                onClick={() => void remove()}
              >
                {t("common.delete")}
              </button>
            </>
          ) : null}
          {refusal.length > 0 ? (
            <ul className="field-error" role="alert">
              {refusal.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : null}
          {error ? <p className="field-error">{error}</p> : null}
        </>
      )}
    </div>
  );
}

function AddItem({
  programme,
  parent,
  onChanged,
}: {
  programme: ProgrammeDetail;
  parent: LogframeItem | null;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const level = parent ? CHILD_LEVEL[parent.level] : "objective";
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  if (!level) return null;
  const add = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await unwrap(
        client.api.programmes[":id"].logframe.$post({
          param: { id: programme.id },
          json: { parentId: parent?.id ?? null, level, text },
        }),
      );
      setText("");
      setOpen(false);
      onChanged();
    } catch (err) {
      setError(
        err instanceof ApiError && err.fieldErrors[0]
          ? programmeFieldError(t, err.fieldErrors[0])
          : errorText(t, err),
      );
    }
  };
  if (!open)
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        {t("programmes.addLevel", { level: t(`programmes.levels.${level}`) })}
      </button>
    );
  return (
    <form className="inline-form" onSubmit={add}>
      <label className="visually-hidden" htmlFor={`add-${parent?.id ?? "root"}`}>
        {t(`programmes.levels.${level}`)}
      </label>
      <input id={`add-${parent?.id ?? "root"}`} value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="button">
        {t("programmes.add")}
      </button>
      {error ? <p className="field-error">{error}</p> : null}
    </form>
  );
}

function ResultForm({ programme, onSaved }: { programme: ProgrammeDetail; onSaved(): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [indicatorId, setIndicator] = useState(programme.indicators[0]?.id ?? "");
  const [periodStart, setStart] = useState("");
  const [periodEnd, setEnd] = useState("");
  const [valueKind, setKind] = useState<ValueKind>("exact");
  const [value, setValue] = useState("");
  const [text, setText] = useState("");
  const [errors, setErrors] = useState<FieldError[]>([]);
  const byPath = errorsByPath(errors);
  const err = (path: string) => (byPath[path] ? programmeFieldError(t, byPath[path]) : undefined);
  if (!open)
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t("programmes.reportResult")}
      </button>
    );
  const numeric = valueKind === "exact" || valueKind === "lower_bound";
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await unwrap(
        client.api.programmes[":id"].results.$post({
          param: { id: programme.id },
          json: {
            indicatorId,
            periodStart,
            periodEnd,
            valueKind,
            value: numeric && value.trim() !== "" ? Number(value) : null,
            text: text || null,
          },
        }),
      );
      setOpen(false);
      setValue("");
      setText("");
      onSaved();
    } catch (error) {
      setErrors(error instanceof ApiError ? error.fieldErrors : []);
    }
  };
  return (
    <form className="form form-inline-card" onSubmit={submit} noValidate>
      <h3>{t("programmes.reportResult")}</h3>
      <Field label={t("programmes.indicator")} error={err("indicatorId")}>
        {(p) => (
          <select {...p} value={indicatorId} onChange={(e) => setIndicator(e.target.value)}>
            {programme.indicators.map((i) => (
              <option key={i.id} value={i.id}>
                {i.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="form-row">
        <Field label={t("programmes.fields.periodStart")} error={err("periodStart")} required>
          {(p) => <input {...p} type="date" value={periodStart} onChange={(e) => setStart(e.target.value)} />}
        </Field>
        <Field label={t("programmes.fields.periodEnd")} error={err("periodEnd")} required>
          {(p) => <input {...p} type="date" value={periodEnd} onChange={(e) => setEnd(e.target.value)} />}
        </Field>
      </div>
      <div className="form-row">
        <Field label={t("programmes.fields.valueKind")} error={err("valueKind")}>
          {(p) => (
            <select {...p} value={valueKind} onChange={(e) => setKind(e.target.value as ValueKind)}>
              {VALUE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`programmes.valueKinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {numeric ? (
          <Field label={t("programmes.fields.value")} error={err("value")}>
            {(p) => (
              <input
                {...p}
                className="input-short"
                inputMode="decimal"
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
            )}
          </Field>
        ) : null}
      </div>
      <Field label={t("programmes.fields.resultText")} error={err("text")}>
        {(p) => <input {...p} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {t("programmes.add")}
        </button>
      </div>
    </form>
  );
}

/** An indicator's reported results; those not from an event can be deleted here (an event's go with the event). */
function ResultList({
  programme,
  indicatorId,
  onChanged,
  onClose,
}: {
  programme: ProgrammeDetail;
  indicatorId: string;
  onChanged(): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const indicator = programme.indicators.find((i) => i.id === indicatorId);
  const results = useAsync(
    () =>
      unwrap(
        client.api.programmes[":id"].indicators[":indicatorId"].results.$get({
          param: { id: programme.id, indicatorId },
        }),
      ),
    [programme.id, indicatorId, programme.version],
  );
  const [error, setError] = useState<string | null>(null);
  const shownValue = (r: Result) =>
    r.valueKind === "exact" && r.value !== null
      ? formatNumber(r.value, locale)
      : r.valueKind === "lower_bound" && r.value !== null
        ? t("programmes.atLeast", { value: formatNumber(r.value, locale) })
        : r.valueKind === "qualitative"
          ? (r.text ?? "")
          : t("programmes.notReported");
  const period = (r: Result) => `${formatDate(r.periodStart, locale)} – ${formatDate(r.periodEnd, locale)}`;
  const remove = async (r: Result) => {
    setError(null);
    if (
      !window.confirm(
        t("programmes.editing.deleteResultConfirm", { value: shownValue(r), period: period(r) }),
      )
    )
      return;
    try {
      await expectOk(
        client.api.programmes[":id"].results[":resultId"].$delete({
          param: { id: programme.id, resultId: r.id },
        }),
      );
      onChanged();
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  if (!indicator) return null;
  return (
    <section
      className="form-inline-card"
      aria-label={t("programmes.editing.resultsOf", { name: indicator.title })}
    >
      <h3>{t("programmes.editing.resultsOf", { name: indicator.title })}</h3>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {results.data && results.data.items.length === 0 ? (
        <p className="muted">{t("programmes.noResults")}</p>
      ) : null}
      <ul className="plain-list result-list">
        {results.data?.items.map((r) => (
          <li key={r.id} data-testid="result-entry">
            <span>{period(r)}</span>
            {r.place ? <span className="muted"> · {r.place.name}</span> : null}
            <strong> · {shownValue(r)}</strong>
            {r.eventId ? (
              <span className="tag tag-quiet">{t("programmes.editing.fromEvent")}</span>
            ) : programme.canEdit ? (
              <>
                {" "}
                <button type="button" className="link-button danger" onClick={() => void remove(r)}>
                  {t("common.delete")}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      <button type="button" className="link-button" onClick={onClose}>
        {t("programmes.editing.close")}
      </button>
    </section>
  );
}
