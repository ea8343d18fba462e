// Sections of the event form: where and by whom (district, activity, other places, organisers), and who took part.
import { useTranslation } from "react-i18next";
import {
  PARTICIPANT_CATEGORIES,
  type ParticipantCategory,
  type ProgrammeDetail,
  SEXES,
  type Sex,
} from "../../modules/programmes/programmes.schema";
import { client, unwrap } from "../api";
import { Field } from "../ui/Field";
import { useAsync } from "../ui/useAsync";
import type { EditForm } from "../ui/useEditForm";
import { type EventDraft, newRow, type ParticipantRow } from "./useEventForm";

type SectionProps = { form: EditForm<EventDraft>; err(path: string): string | undefined };

export function EventPlacesSection({ form, err, programme }: SectionProps & { programme: ProgrammeDetail }) {
  const { t } = useTranslation();
  const { draft, setDraft, set } = form;
  const districts = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "district", limit: "100" } })),
    [],
  );
  const organisations = useAsync(
    () => unwrap(client.api.organisations.$get({ query: { limit: "200" } })),
    [],
  );
  return (
    <>
      <div className="form-row">
        <Field label={t("programmes.district")} error={err("placeIds.0")}>
          {(p) => (
            <select {...p} value={draft.placeId} onChange={set("placeId")}>
              <option value="">—</option>
              {districts.data?.items.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("programmes.fields.activity")} error={err("activityId")}>
          {(p) => (
            <select {...p} value={draft.activityId} onChange={set("activityId")}>
              <option value="">—</option>
              {programme.logframe
                .filter((i) => i.level === "activity")
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.text}
                  </option>
                ))}
            </select>
          )}
        </Field>
      </div>
      {draft.otherPlaces.length > 0 ? (
        <fieldset>
          <legend>{t("programmes.editing.otherPlaces")}</legend>
          <div className="chips">
            {draft.otherPlaces.map((x) => (
              <span key={x.id} className="chip">
                {x.name}
                <button
                  type="button"
                  aria-label={`${t("common.remove")} ${x.name}`}
                  onClick={() =>
                    setDraft((d) => ({ ...d, otherPlaces: d.otherPlaces.filter((o) => o.id !== x.id) }))
                  }
                >
                  ×
                </button>
              </span>
            ))}
          </div>
        </fieldset>
      ) : null}
      <Field label={t("programmes.editing.organisers")} error={err("organiserIds.0")}>
        {(p) => (
          <select
            {...p}
            multiple
            size={3}
            value={draft.organiserIds}
            onChange={(e) =>
              setDraft((d) => ({ ...d, organiserIds: [...e.target.selectedOptions].map((o) => o.value) }))
            }
          >
            {organisations.data?.items.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}

export function EventParticipantsSection({ form, err }: SectionProps) {
  const { t } = useTranslation();
  const { draft, setDraft } = form;
  const total = draft.rows.reduce((s, r) => s + (Number.parseInt(r.count, 10) || 0), 0);
  const setRow = (i: number, patch: Partial<ParticipantRow>) =>
    setDraft((d) => ({ ...d, rows: d.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
  return (
    <fieldset>
      <legend>{t("programmes.participants")}</legend>
      {draft.rows.map((r, i) => (
        <div className="form-row participant-row" key={r.key}>
          <Field label={t("programmes.category")} error={err(`participants.${i}`)}>
            {(p) => (
              <select
                {...p}
                value={r.category}
                onChange={(e) => setRow(i, { category: e.target.value as ParticipantCategory })}
              >
                {PARTICIPANT_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`programmes.categories.${c}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("programmes.sex")}>
            {(p) => (
              <select {...p} value={r.sex} onChange={(e) => setRow(i, { sex: e.target.value as Sex })}>
                {SEXES.map((s) => (
                  <option key={s} value={s}>
                    {t(`programmes.sexes.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("programmes.count")} error={err(`participants.${i}.count`)}>
            {(p) => (
              <input
                {...p}
                className="input-short"
                inputMode="numeric"
                value={r.count}
                onChange={(e) => setRow(i, { count: e.target.value })}
              />
            )}
          </Field>
          <button
            type="button"
            className="link-button"
            onClick={() => setDraft((d) => ({ ...d, rows: d.rows.filter((x) => x.key !== r.key) }))}
          >
            {t("programmes.editing.removeRow")}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="link-button"
        onClick={() => setDraft((d) => ({ ...d, rows: [...d.rows, newRow("other")] }))}
      >
        {t("programmes.addParticipantRow")}
      </button>
      <p className="muted">{t("programmes.participantTotal", { count: total })}</p>
    </fieldset>
  );
}
