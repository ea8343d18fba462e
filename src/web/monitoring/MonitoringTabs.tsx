// The tabs across the monitoring pages: visits (published ones are for everyone), recommendations, tracker, occupancy,
// roadmap (the monitoring body's own).
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { maySomewhere } from "../incidents/incident-access";
import { useMe } from "../session";

export function MonitoringTabs() {
  const { t } = useTranslation();
  const me = useMe();
  const keepsPlan = maySomewhere(me.grants, "monitoring_plan", "read");
  return (
    <nav className="tabs monitoring-tabs" aria-label={t("monitoring.nav.title")}>
      <NavLink to="/monitoring/visits">{t("monitoring.nav.visits")}</NavLink>
      <NavLink to="/monitoring/recommendations">{t("monitoring.nav.recommendations")}</NavLink>
      <NavLink to="/monitoring/tracker">{t("monitoring.nav.tracker")}</NavLink>
      <NavLink to="/monitoring/occupancy">{t("monitoring.nav.occupancy")}</NavLink>
      {keepsPlan ? <NavLink to="/monitoring/roadmap">{t("monitoring.nav.roadmap")}</NavLink> : null}
    </nav>
  );
}
