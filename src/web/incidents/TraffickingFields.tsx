// A trafficking case's HTCDS details: how the person was exploited, recruited and controlled (the standard's values,
// with translated labels), and the places of recruitment, transit and exploitation in order.
import { useTranslation } from "react-i18next";
import { TRAFFICKING_EVENT_TYPES } from "../../modules/incidents/incidents.schema";
import { Field } from "../ui/Field";
import { ApproximateDateInput } from "./ApproximateDateInput";
import { CountrySelect, useDistricts } from "./IncidentBits";
import {
  type EventDraft,
  emptyEvent,
  type IncidentDraft,
  TRAFFICKING_LISTS,
  type TraffickingList,
} from "./incident-draft";

type Props = {
  draft: IncidentDraft;
  setDraft(update: (d: IncidentDraft) => IncidentDraft): void;
  err(path: string): string | undefined;
};

const LISTS = Object.keys(TRAFFICKING_LISTS) as TraffickingList[];

export function TraffickingFields({ draft, setDraft, err }: Props) {
  const { t } = useTranslation();
  const districts = useDistricts();
  const toggle = (list: TraffickingList, value: string, on: boolean) =>
    setDraft((d) => {
      const current: readonly string[] = d[list];
      const next = on ? [...current.filter((v) => v !== value), value] : current.filter((v) => v !== value);
      // Kept in the standard's order, whatever order they were ticked in.
      const ordered = (TRAFFICKING_LISTS[list] as readonly string[]).filter((v) => next.includes(v));
      return { ...d, [list]: ordered };
    });
  const setEvent = (key: string, patch: Partial<EventDraft>) =>
    setDraft((d) => ({ ...d, events: d.events.map((e) => (e.key === key ? { ...e, ...patch } : e)) }));
  return (
    <section className="incident-section" aria-labelledby="trafficking-title">
      <h2 id="trafficking-title">{t("incidents.trafficking.title")}</h2>
      {LISTS.map((list) => (
        <fieldset key={list}>
          <legend>{t(`incidents.trafficking.${list}`)}</legend>
          {err(`trafficking.${list}`) ? (
            <p className="field-error" role="alert">
              {err(`trafficking.${list}`)}
            </p>
          ) : null}
          <div className="check-grid">
            {TRAFFICKING_LISTS[list].map((value) => (
              <label key={value} className="check">
                <input
                  type="checkbox"
                  checked={(draft[list] as readonly string[]).includes(value)}
                  onChange={(e) => toggle(list, value, e.target.checked)}
                />
                <span>{t(`incidents.htcds.${list}.${value}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <h3>{t("incidents.trafficking.events")}</h3>
      {draft.events.length === 0 ? <p className="muted">{t("incidents.trafficking.noEvents")}</p> : null}
      {draft.events.map((event, i) => (
        <fieldset key={event.key} className="incident-row">
          <legend>{t("incidents.trafficking.eventN", { n: i + 1 })}</legend>
          <div className="form-row">
            <Field label={t("incidents.trafficking.eventType")} error={err(`trafficking.events.${i}.type`)}>
              {(p) => (
                <select
                  {...p}
                  value={event.type}
                  onChange={(e) =>
                    setEvent(event.key, {
                      type: TRAFFICKING_EVENT_TYPES.find((x) => x === e.target.value) ?? "Recruitment",
                    })
                  }
                >
                  {TRAFFICKING_EVENT_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {t(`incidents.htcds.events.${type}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("incidents.fields.country")} error={err(`trafficking.events.${i}.countryCode`)}>
              {(p) => (
                <CountrySelect
                  control={p}
                  value={event.countryCode}
                  onChange={(countryCode) => setEvent(event.key, { countryCode })}
                />
              )}
            </Field>
          </div>
          <div className="form-row">
            {event.countryCode.toUpperCase() === "RW" ? (
              <Field label={t("incidents.fields.district")} error={err(`trafficking.events.${i}.districtId`)}>
                {(p) => (
                  <select
                    {...p}
                    value={event.districtId}
                    onChange={(e) => setEvent(event.key, { districtId: e.target.value })}
                  >
                    <option value="">{t("incidents.form.notKnown")}</option>
                    {districts.data?.items.map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : null}
            <Field
              label={t("incidents.fields.date")}
              hint={t("incidents.form.dateHint")}
              error={err(`trafficking.events.${i}.date`)}
            >
              {(p) => (
                <ApproximateDateInput
                  control={p}
                  value={event.date}
                  onChange={(date) => setEvent(event.key, { date })}
                />
              )}
            </Field>
          </div>
          <button
            type="button"
            className="link-button"
            onClick={() => setDraft((d) => ({ ...d, events: d.events.filter((e) => e.key !== event.key) }))}
          >
            {t("incidents.trafficking.removeEvent", { n: i + 1 })}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="button"
        onClick={() =>
          setDraft((d) => ({
            ...d,
            // Recruitment, then transit, then exploitation: the usual order of a case's places.
            events: [...d.events, emptyEvent(TRAFFICKING_EVENT_TYPES[Math.min(d.events.length, 2)])],
          }))
        }
      >
        {t("incidents.trafficking.addEvent")}
      </button>
    </section>
  );
}
