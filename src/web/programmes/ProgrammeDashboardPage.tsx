// Dashboard of one programme or of all: targets vs results, people reached by category and district, timeline.
import { Suspense, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { client, unwrap } from "../api";
import { useUiLocale } from "../ui/locale";
import { PageFailure } from "../ui/PageFailure";
import { useAsync } from "../ui/useAsync";
import { ReachSection, TargetsSection, TimelineSection } from "./DashboardSections";
import { formatNumber } from "./ProgrammeBits";
import { sayStoredText } from "./stored-texts";

function sumBy<T>(rows: readonly T[], key: (r: T) => string, value: (r: T) => number) {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(key(r), (totals.get(key(r)) ?? 0) + value(r));
  return [...totals].map(([label, v]) => ({ label, value: v })).sort((a, b) => b.value - a.value);
}

export function ProgrammeDashboardPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { id } = useParams();
  const dashboard = useAsync(
    () =>
      id
        ? unwrap(client.api.programmes[":id"].dashboard.$get({ param: { id } }))
        : unwrap(client.api.programmes.dashboard.$get()),
    [id],
  );
  const programme = useAsync(
    () => (id ? unwrap(client.api.programmes[":id"].$get({ param: { id } })) : Promise.resolve(null)),
    [id],
  );
  const d = dashboard.data;
  const byCategory = useMemo(
    () =>
      d
        ? sumBy(
            d.reach,
            (r) => t(`programmes.categories.${r.category}`),
            (r) => r.people,
          )
        : [],
    [d, t],
  );
  const byDistrict = useMemo(
    () =>
      d
        ? sumBy(
            d.reach,
            (r) => r.districtName ?? t("programmes.noDistrict"),
            (r) => r.people,
          )
        : [],
    [d, t],
  );
  if (dashboard.error) return <PageFailure error={dashboard.error} />;
  if (!d) return <p className="page">{t("common.loading")}</p>;
  const title = programme.data ? programme.data.title : t("programmes.allProgrammes");
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t("programmes.dashboardOf", { title })}</h1>
        <Link to={id ? `/programmes/${id}` : "/programmes"} className="button">
          {id ? t("programmes.backToProgramme") : t("programmes.title")}
        </Link>
      </div>
      <section className="stats" aria-label={t("programmes.peopleReached")}>
        <div className="stat">
          <span className="stat-number" data-testid="people-reached">
            {formatNumber(d.peopleReached, locale)}
          </span>
          <span>{t("programmes.peopleReached")}</span>
        </div>
        {/* Reach that is not a count: the card counts those events and says their words; it never adds to people. */}
        {d.qualitativeReach.length > 0 ? (
          <div className="stat">
            <span className="stat-number" data-testid="qualitative-reach">
              {formatNumber(d.qualitativeReach.length, locale)}
            </span>
            <span>
              {t("programmes.qualitativeReachCard", {
                count: d.qualitativeReach.length,
                notes: [...new Set(d.qualitativeReach.map((q) => sayStoredText(q.note, t, locale)))].join(
                  ", ",
                ),
              })}
            </span>
          </div>
        ) : null}
      </section>
      <p className="muted rule">{t("programmes.doubleCountingRule")}</p>

      <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
        <TargetsSection dashboard={d} />
        <ReachSection
          title={t("programmes.reachByCategory")}
          head={t("programmes.category")}
          rows={byCategory}
          id="reach-by-category"
        />
        <ReachSection
          title={t("programmes.reachByDistrict")}
          head={t("programmes.district")}
          rows={byDistrict}
          id="reach-by-district"
        />
        <TimelineSection dashboard={d} />
      </Suspense>
    </div>
  );
}
