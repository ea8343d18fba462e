// A record's history: who changed which fields, from what to what, newest first.
import { useTranslation } from "react-i18next";
import type { AuditEntry } from "../../modules/audit/audit.schema";
import { formatDateTime } from "../../shared/dates";
import { scrollRegion } from "./scroll-region";

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length === 0 ? "—" : value.map(show).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

type HistoryProps = {
  entries: AuditEntry[];
  fieldLabel(field: string): string;
  /** Shows a stored value in the user's language (e.g. an enum's label); defaults to the value itself. */
  formatValue?(field: string, value: unknown): string | undefined;
};

export function History({ entries, fieldLabel, formatValue }: HistoryProps) {
  const display = (field: string, value: unknown) =>
    value === null || value === undefined ? show(value) : (formatValue?.(field, value) ?? show(value));
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "fr" || i18n.language === "rw" ? i18n.language : "en";
  if (entries.length === 0) return <p className="muted">{t("history.empty")}</p>;
  return (
    <ol className="history">
      {entries.map((entry) => (
        <li key={entry.id} className="history-entry">
          <p className="history-head">
            <strong>{t(`history.actions.${entry.action}`)}</strong>{" "}
            <span className="muted">
              {t("history.byOn", { who: entry.actorLabel, when: formatDateTime(entry.occurredAt, locale) })}
            </span>
          </p>
          {entry.action !== "delete" && Object.keys(entry.changes).length > 0 ? (
            <div
              className="table-scroll"
              {...scrollRegion(
                t("history.byOn", { who: entry.actorLabel, when: formatDateTime(entry.occurredAt, locale) }),
              )}
            >
              <table className="changes">
                <thead>
                  <tr>
                    <th scope="col">{t("history.field")}</th>
                    <th scope="col">{t("history.before")}</th>
                    <th scope="col">{t("history.after")}</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(entry.changes).map(([field, change]) => (
                    <tr key={field}>
                      <th scope="row">{fieldLabel(field)}</th>
                      <td>{display(field, change.before)}</td>
                      <td>{display(field, change.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
