// One programme: its facts, logframe (edited in place), indicators with targets and results, events, people reached.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import {
  CHILD_LEVEL,
  INDICATOR_UNITS,
  type IndicatorUnit,
  type LogframeItem,
  type ProgrammeDetail,
  VALUE_KINDS,
  type ValueKind,
} from "../../modules/programmes/programmes.schema";
import type { FieldError } from "../../shared/app-errors";
import { formatDate } from "../../shared/dates";
import { themeName } from "../agreements/AgreementBits";
import { ApiError, client, unwrap } from "../api";
import { errorsByPath, errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { EventForm } from "./EventForm";
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
  const p = programme.data;
  if (programme.error)
    return (
      <p className="page alert alert-error" role="alert">
        {errorText(t, programme.error)}
      </p>
    );
  if (!p) return <p className="page">{t("common.loading")}</p>;
  return (
    <div className="page">
      <div className="page-head">
        <h1>{p.title}</h1>
        <Link to={`/programmes/${p.id}/dashboard`} className="button button-primary">
          {t("programmes.dashboard")}
        </Link>
      </div>
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
              </tr>
            </thead>
            <tbody>
              {p.indicators.map((i) => (
                <tr key={i.id}>
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {p.canEdit ? <IndicatorForm programme={p} onSaved={programme.reload} /> : null}
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
          {p.events.map((e) => (
            <li key={e.id} className="timeline-entry">
              <div className="card-meta">
                <span className="tag">{t(`programmes.eventKinds.${e.kind}`)}</span>
                <span className="muted">{formatDate(e.startDate, locale)}</span>
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
            </li>
          ))}
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
              ) : null}
            </>
          ) : null}
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

function IndicatorForm({ programme, onSaved }: { programme: ProgrammeDetail; onSaved(): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [logframeItemId, setItem] = useState(programme.logframe[0]?.id ?? "");
  const [unit, setUnit] = useState<IndicatorUnit>("people");
  const [target, setTarget] = useState("");
  const [errors, setErrors] = useState<FieldError[]>([]);
  const byPath = errorsByPath(errors);
  const err = (path: string) => (byPath[path] ? programmeFieldError(t, byPath[path]) : undefined);
  if (!open)
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t("programmes.addIndicator")}
      </button>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await unwrap(
        client.api.programmes[":id"].indicators.$post({
          param: { id: programme.id },
          json: {
            title,
            logframeItemId,
            unit,
            disaggregations: unit === "people" ? ["sex", "category"] : [],
            targets:
              target.trim() === ""
                ? []
                : [{ periodStart: programme.startDate, periodEnd: programme.endDate, value: Number(target) }],
          },
        }),
      );
      setOpen(false);
      setTitle("");
      setTarget("");
      onSaved();
    } catch (error) {
      setErrors(error instanceof ApiError ? error.fieldErrors : []);
    }
  };
  return (
    <form className="form form-inline-card" onSubmit={submit} noValidate>
      <h3>{t("programmes.addIndicator")}</h3>
      <Field label={t("programmes.indicator")} error={err("title")} required>
        {(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <div className="form-row">
        <Field label={t("programmes.fields.level")} error={err("logframeItemId")}>
          {(p) => (
            <select {...p} value={logframeItemId} onChange={(e) => setItem(e.target.value)}>
              {programme.logframe.map((i) => (
                <option key={i.id} value={i.id}>
                  {t(`programmes.levels.${i.level}`)}: {i.text.slice(0, 60)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("programmes.fields.unit")} error={err("unit")}>
          {(p) => (
            <select {...p} value={unit} onChange={(e) => setUnit(e.target.value as IndicatorUnit)}>
              {INDICATOR_UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`programmes.units.${u}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t("programmes.fields.targetWholePeriod")}
          error={err("targets") ?? err("targets.0.value")}
        >
          {(p) => (
            <input
              {...p}
              className="input-short"
              inputMode="decimal"
              value={target}
              onChange={(e) => setTarget(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {t("programmes.add")}
        </button>
      </div>
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
