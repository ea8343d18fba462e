// The district page's "reports late this quarter": reports for the quarter that last ended (due in this one) that
// came late or have not come, from the timeliness answer.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { client, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { scrollRegion } from "../ui/scroll-region";
import { useAsync } from "../ui/useAsync";
import "../reporting/timeliness.css";

export function ReportsLateSection({ districtId }: { districtId: string }) {
  const { t } = useTranslation();
  const report = useAsync(
    () =>
      unwrap(
        client.api.reporting.timeliness.$get({ query: { periodType: "quarter", last: "1", districtId } }),
      ),
    [districtId],
  );
  const r = report.data;
  const period = r?.periods[0] ?? "";
  const due = r?.overdue[0]?.dueDate ?? "";
  return (
    <section aria-labelledby="late-reports-title" data-testid="district-late-reports">
      <h2 id="late-reports-title">{t("timeliness.districtLate.title")}</h2>
      {report.error ? <p className="alert alert-error">{errorText(t, report.error)}</p> : null}
      {r && r.national.total.expected === 0 ? (
        <p className="muted">{t("timeliness.districtLate.notExpected", { period })}</p>
      ) : null}
      {r && r.national.total.expected > 0 && r.overdue.length === 0 ? (
        <p>{t("timeliness.districtLate.none", { period })}</p>
      ) : null}
      {r && r.overdue.length > 0 ? (
        <>
          <p>{t("timeliness.districtLate.intro", { period, due })}</p>
          {/* A phone scrolls the table, not the page (Musanze's page was 410 px wide at 360). */}
          <div className="table-scroll" {...scrollRegion(t("timeliness.districtLate.title"))}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("timeliness.columns.organisation")}</th>
                  <th scope="col">{t("timeliness.columns.body")}</th>
                  <th scope="col">{t("timeliness.columns.state")}</th>
                  <th scope="col">{t("timeliness.columns.daysLate")}</th>
                </tr>
              </thead>
              <tbody>
                {r.overdue.map((o) => (
                  <tr key={o.obligationId}>
                    <th scope="row">{o.organisationName}</th>
                    <td>{o.bodyName}</td>
                    <td>
                      <span className={`report-state report-state-${o.state}`}>
                        {t(`timeliness.states.${o.state}`)}
                      </span>
                    </td>
                    <td>{o.daysLate}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <p>
        <Link to={`/reports/timeliness?districtId=${districtId}`}>{t("timeliness.districtLate.seeAll")}</Link>
      </p>
    </section>
  );
}
