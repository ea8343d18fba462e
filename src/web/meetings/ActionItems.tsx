// A meeting's action items: who does what by when, open, done or dropped; added and changed with If-Match.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  ACTION_ITEM_STATUSES,
  type ActionItem,
  type ActionItemStatus,
  type Meeting,
} from "../../modules/meetings/meetings.schema";
import { formatDate } from "../../shared/dates";
import { client, ifMatch, unwrap } from "../api";
import { DateInput } from "../ui/DateInput";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";

export function ActionItems({ meeting, onChanged }: { meeting: Meeting; onChanged(): void }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const [error, setError] = useState<string | null>(null);
  const setStatus = async (item: ActionItem, status: ActionItemStatus) => {
    setError(null);
    try {
      await unwrap(
        client.api.meetings[":id"]["action-items"][":itemId"].$patch({
          param: { id: meeting.id, itemId: item.id },
          header: ifMatch(item.version),
          json: { status },
        }),
      );
      onChanged();
    } catch (e) {
      setError(errorText(t, e));
    }
  };
  return (
    <div>
      {meeting.actionItems.length === 0 ? <p className="muted">{t("meetings.page.noActions")}</p> : null}
      <ul className="plain-list">
        {meeting.actionItems.map((item) => (
          <li key={item.id} className="card action-item">
            <p>
              <strong>{item.ownerName}</strong>: {item.text}
              {item.dueDate ? <span className="muted"> · {formatDate(item.dueDate, locale)}</span> : null}
            </p>
            {meeting.statusChangeableActionItemIds.includes(item.id) ? (
              <select
                aria-label={t("meetings.list.status")}
                value={item.status}
                onChange={(e) => void setStatus(item, e.target.value as ActionItemStatus)}
              >
                {ACTION_ITEM_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`meetings.actionStatus.${s}`)}
                  </option>
                ))}
              </select>
            ) : (
              <span>{t(`meetings.actionStatus.${item.status}`)}</span>
            )}
          </li>
        ))}
      </ul>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {meeting.canEdit ? <ActionItemForm meetingId={meeting.id} onAdded={onChanged} /> : null}
    </div>
  );
}

function ActionItemForm({ meetingId, onAdded }: { meetingId: string; onAdded(): void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [owner, setOwner] = useState<{ id: string; name: string } | null>(null);
  const [text, setText] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [error, setError] = useState<string | null>(null);
  const found = useAsync(
    () =>
      q.trim().length < 2
        ? Promise.resolve({ items: [], total: 0 })
        : unwrap(client.api.organisations.$get({ query: { q, limit: "8" } })),
    [q],
  );
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!owner) return;
    setError(null);
    try {
      await unwrap(
        client.api.meetings[":id"]["action-items"].$post({
          param: { id: meetingId },
          json: { ownerOrganisationId: owner.id, text, dueDate: dueDate || null },
        }),
      );
      setText("");
      setDueDate("");
      setOwner(null);
      onAdded();
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  return (
    <form className="card" onSubmit={add}>
      <Field label={t("meetings.page.owner")} required>
        {(props) =>
          owner ? (
            <p>
              <strong>{owner.name}</strong>{" "}
              <button type="button" className="button" onClick={() => setOwner(null)}>
                {t("meetings.page.remove")}
              </button>
            </p>
          ) : (
            <input
              {...props}
              value={q}
              placeholder={t("meetings.page.chooseOwner")}
              onChange={(e) => setQ(e.target.value)}
            />
          )
        }
      </Field>
      {!owner && found.data && found.data.items.length > 0 ? (
        <ul className="plain-list">
          {found.data.items.map((o) => (
            <li key={o.id}>
              <button
                type="button"
                className="button"
                onClick={() => {
                  setOwner({ id: o.id, name: o.name });
                  setQ("");
                }}
              >
                {o.name}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <Field label={t("meetings.page.text")} required>
        {(props) => (
          <textarea {...props} required rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        )}
      </Field>
      <Field label={t("meetings.page.dueDate")}>
        {(props) => <DateInput control={props} value={dueDate} onChange={setDueDate} />}
      </Field>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button button-primary" disabled={!owner || !text.trim()}>
        {t("meetings.page.addAction")}
      </button>
    </form>
  );
}
