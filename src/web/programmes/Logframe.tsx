// A programme's logframe as nested lists: each item's text is edited where it stands, children added, items deleted.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  CHILD_LEVEL,
  type Indicator,
  type LogframeItem,
  type ProgrammeDetail,
} from "../../modules/programmes/programmes.schema";
import { ApiError, client, expectOk, ifMatch, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { programmeFieldError } from "./ProgrammeBits";

/** The logframe as nested lists; each item's text is edited where it stands. */
export function Logframe({
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
          header: ifMatch(item.version),
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
          header: ifMatch(item.version),
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
