// "Who accessed this record": every read and change of the incident, its persons, files and referrals, newest first.
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../shared/dates";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { scrollRegion } from "../ui/scroll-region";
import { useAsync } from "../ui/useAsync";
import { incidentRequests } from "./incident-requests";

export function AccessLogSection({ incidentId, version }: { incidentId: string; version: number }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const log = useAsync(() => incidentRequests.accessLog(incidentId), [incidentId, version]);
  return (
    <section className="incident-section" aria-labelledby="access-log-title">
      <h2 id="access-log-title">{t("incidents.accessLog.title")}</h2>
      <p className="muted">{t("incidents.accessLog.intro")}</p>
      {log.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, log.error)}
        </p>
      ) : null}
      {log.data ? (
        <div className="table-scroll" {...scrollRegion(t("incidents.accessLog.title"))}>
          <table className="data-table" data-testid="access-log">
            <thead>
              <tr>
                <th>{t("incidents.accessLog.when")}</th>
                <th>{t("incidents.accessLog.who")}</th>
                <th>{t("incidents.accessLog.what")}</th>
                <th>{t("incidents.accessLog.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {log.data.map((entry, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: one request may read several entities at the same moment
                <tr key={`${entry.at}-${i}`}>
                  <td>{formatDateTime(entry.at, locale)}</td>
                  <td>{entry.actorLabel}</td>
                  <td>
                    {t(`incidents.accessLog.action.${entry.action}`, { defaultValue: entry.action })}
                    {" · "}
                    {t(`incidents.accessLog.entity.${entry.entityType}`, { defaultValue: entry.entityType })}
                  </td>
                  <td>
                    {/* The server marks reads made under emergency access with this code; other reasons are as given. */}
                    {entry.reason === "break_glass"
                      ? t("incidents.accessLog.underBreakGlass")
                      : (entry.reason ?? "")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : log.loading ? (
        <p className="muted">{t("common.loading")}</p>
      ) : null}
    </section>
  );
}
