// The agenda of a meeting, edited in place: move items up and down, reword, change the heading, remove, add; saved
// whole (If-Match). Generated items read in the user's language until someone rewords them.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { agendaItemText, type Translate } from "../../modules/meetings/agenda-wording";
import {
  AGENDA_SECTIONS,
  type AgendaItem,
  type AgendaSection,
  type Meeting,
} from "../../modules/meetings/meetings.schema";
import { client, ifMatch, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";

type Draft = {
  key: string;
  id?: string;
  section: AgendaSection;
  text: string | null;
  source: AgendaItem["source"];
};

const draftOf = (agenda: readonly AgendaItem[]): Draft[] =>
  agenda.map((i) => ({ key: i.id, id: i.id, section: i.section, text: i.text, source: i.source }));

export function AgendaEditor({ meeting, onSaved }: { meeting: Meeting; onSaved(m: Meeting): void }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const tr: Translate = (key, values) => t(key, values ?? {});
  const [draft, setDraft] = useState<Draft[]>(() => draftOf(meeting.agenda));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState(0);

  const update = (index: number, change: Partial<Draft>) =>
    setDraft((items) => items.map((item, i) => (i === index ? { ...item, ...change } : item)));
  const move = (index: number, by: -1 | 1) =>
    setDraft((items) => {
      const next = [...items];
      const [item] = next.splice(index, 1);
      if (item) next.splice(index + by, 0, item);
      return next;
    });
  const run = async (call: () => Promise<Meeting>) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await call();
      setDraft(draftOf(saved.agenda));
      onSaved(saved);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(() =>
      unwrap(
        client.api.meetings[":id"].$patch({
          param: { id: meeting.id },
          header: ifMatch(meeting.version),
          json: {
            agenda: draft.map((d) => ({ ...(d.id ? { id: d.id } : {}), section: d.section, text: d.text })),
          },
        }),
      ),
    );
  const regenerate = () =>
    run(() =>
      unwrap(
        client.api.meetings[":id"].agenda.generate.$post({
          param: { id: meeting.id },
          header: ifMatch(meeting.version),
        }),
      ),
    );

  if (!meeting.canEdit) {
    return meeting.agenda.length === 0 ? (
      <p className="muted">{t("meetings.page.emptyAgenda")}</p>
    ) : (
      <ol className="agenda">
        {meeting.agenda.map((item) => (
          <li key={item.id}>
            <span className="muted">{t(`meetings.sections.${item.section}`)}</span> —{" "}
            {agendaItemText(item, tr, locale)}
          </li>
        ))}
      </ol>
    );
  }
  return (
    <div className="agenda-editor">
      {draft.length === 0 ? <p className="muted">{t("meetings.page.emptyAgenda")}</p> : null}
      <ol className="agenda plain-list">
        {draft.map((item, index) => {
          const generated = item.source
            ? agendaItemText({ ...item, id: item.key, text: null }, tr, locale)
            : "";
          return (
            <li key={item.key} className="card agenda-item">
              <select
                aria-label={t("meetings.page.section")}
                value={item.section}
                onChange={(e) => update(index, { section: e.target.value as AgendaSection })}
              >
                {AGENDA_SECTIONS.map((s) => (
                  <option key={s} value={s}>
                    {t(`meetings.sections.${s}`)}
                  </option>
                ))}
              </select>
              <textarea
                aria-label={t("meetings.page.wording")}
                rows={2}
                value={item.text ?? generated}
                onChange={(e) => update(index, { text: e.target.value })}
              />
              <div className="actions">
                <button
                  type="button"
                  className="button"
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                >
                  {t("meetings.page.moveUp")}
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={index === draft.length - 1}
                  onClick={() => move(index, 1)}
                >
                  {t("meetings.page.moveDown")}
                </button>
                {item.source && item.text !== null ? (
                  <button type="button" className="button" onClick={() => update(index, { text: null })}>
                    {t("meetings.page.resetWording")}
                  </button>
                ) : null}
                <button
                  type="button"
                  className="button"
                  onClick={() => setDraft((items) => items.filter((_, i) => i !== index))}
                >
                  {t("meetings.page.remove")}
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={() => {
            setAdded((n) => n + 1);
            setDraft((items) => [
              ...items,
              { key: `new-${added}`, section: "other", text: t("meetings.page.newItem"), source: null },
            ]);
          }}
        >
          {t("meetings.page.addItem")}
        </button>
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void save()}>
          {t("meetings.page.save")}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          title={t("meetings.page.regenerateHelp")}
          onClick={() => void regenerate()}
        >
          {t("meetings.page.regenerate")}
        </button>
      </div>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
