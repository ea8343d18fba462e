// What a refused save (412) shows: who changed what since the form opened, and per field their value or yours.
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { History } from "./History";
import type { Conflict, ConflictChoice } from "./useEditForm";

type EditConflictProps = {
  conflict: Conflict | null;
  choose(key: string, choice: ConflictChoice): void;
  /** The heading of the audit entries ("Changed by someone else since you opened the form"). */
  changesTitle: string;
  fieldLabel(field: string): string;
  formatValue?(field: string, value: unknown): string | undefined;
};

export function EditConflict({ conflict, choose, changesTitle, fieldLabel, formatValue }: EditConflictProps) {
  const { t } = useTranslation();
  const id = useId();
  if (!conflict) return null;
  return (
    <>
      {conflict.changes.length > 0 ? (
        <section aria-label={changesTitle}>
          <h2>{changesTitle}</h2>
          <History entries={conflict.changes} fieldLabel={fieldLabel} formatValue={formatValue} />
        </section>
      ) : null}
      <section aria-labelledby={`${id}-title`} className="conflict">
        <h2 id={`${id}-title`}>{t("form.conflict.title")}</h2>
        <p className="muted">
          {conflict.rows.length > 0 ? t("form.conflict.intro") : t("form.conflict.nothingToChoose")}
        </p>
        {conflict.rows.map((row) => (
          <fieldset key={row.key} className="conflict-field">
            <legend>{row.label}</legend>
            <label className="check">
              <input
                type="radio"
                name={`${id}-${row.key}`}
                checked={row.choice === "theirs"}
                onChange={() => choose(row.key, "theirs")}
              />
              <span>
                {t("form.conflict.takeTheirs")}: <strong>{row.theirs || "—"}</strong>
              </span>
            </label>
            <label className="check">
              <input
                type="radio"
                name={`${id}-${row.key}`}
                checked={row.choice === "mine"}
                onChange={() => choose(row.key, "mine")}
              />
              <span>
                {t("form.conflict.keepMine")}: <strong>{row.mine || "—"}</strong>
              </span>
            </label>
          </fieldset>
        ))}
      </section>
    </>
  );
}

// Its own file, so that a form can show failures without carrying the comparison (the report route, decision 018).
export { FormFailure } from "./FormFailure";
