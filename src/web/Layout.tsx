// The shell around every signed-in page: header, navigation, language, sign-out; the API documentation in the footer.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { formatDateTime } from "../shared/dates";
import { maySomewhere } from "./incidents/incident-access";
import { useMe, useSession } from "./session";
import { LanguageSwitcher } from "./ui/LanguageSwitcher";
import { useUiLocale } from "./ui/locale";

export function Layout() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const me = useMe();
  const { signOut, can, canSomewhere } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [moreOpen, setMoreOpen] = useState(false);
  const more = useRef<HTMLDivElement>(null);
  const moreButton = useRef<HTMLButtonElement>(null);
  const close = () => {
    setMenuOpen(false);
    setMoreOpen(false);
  };
  // The "More" list closes as menus do: a click elsewhere, or Escape (which hands the focus back to its button).
  useEffect(() => {
    if (!moreOpen) return;
    const outside = (e: PointerEvent) => {
      if (e.target instanceof Node && !more.current?.contains(e.target)) setMoreOpen(false);
    };
    const onEscape = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setMoreOpen(false);
      moreButton.current?.focus();
    };
    document.addEventListener("pointerdown", outside);
    document.addEventListener("keydown", onEscape);
    return () => {
      document.removeEventListener("pointerdown", outside);
      document.removeEventListener("keydown", onEscape);
    };
  }, [moreOpen]);
  const secondFactor = me.secondFactor;
  // Incidents are confidential: the link shows to roles that open cases, referrals or their counts, and leads those
  // who only count them (an administrator, a district officer) straight to the statistics.
  const readsIncidents = maySomewhere(me.grants, "incident", "read");
  const readsReferrals = maySomewhere(me.grants, "referral", "read");
  const readsIncidentCounts = maySomewhere(me.grants, "incident_statistics", "read");
  // Past the grace period an administrator without a second factor is held on the security page until it is set up.
  if (secondFactor.overdue && location.pathname !== "/account") return <Navigate to="/account" replace />;
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" onClick={close}>
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>{t("app.name")}</span>
        </NavLink>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          {t("nav.menu")}
        </button>
        <nav id="main-nav" className={menuOpen ? "nav nav-open" : "nav"} aria-label={t("nav.main")}>
          <NavLink to="/" end onClick={close}>
            {t("nav.home")}
          </NavLink>
          <NavLink to="/agreements" onClick={close}>
            {t("nav.agreements")}
          </NavLink>
          <NavLink to="/programmes" onClick={close}>
            {t("programmes.title")}
          </NavLink>
          <NavLink to="/coordination" onClick={close}>
            {t("coordination.nav")}
          </NavLink>
          <NavLink to="/reports" onClick={close}>
            {t("nav.reports")}
          </NavLink>
          {readsIncidents || readsReferrals || readsIncidentCounts ? (
            <NavLink to={readsIncidents ? "/incidents" : "/incidents/statistics"} onClick={close}>
              {t("incidents.nav.incidents")}
            </NavLink>
          ) : null}
          <div ref={more} className={moreOpen ? "nav-more nav-more-open" : "nav-more"}>
            {/* At narrow widths the menu lists everything, so this button shows only on the one-line bar. */}
            <button
              ref={moreButton}
              type="button"
              className="nav-more-button"
              aria-expanded={moreOpen}
              aria-controls="nav-more-list"
              onClick={() => setMoreOpen((o) => !o)}
            >
              {t("nav.more")}
            </button>
            <div id="nav-more-list" className="nav-more-list">
              <NavLink to="/reports/timeliness" onClick={close}>
                {t("nav.timeliness")}
              </NavLink>
              <NavLink to="/organisations" onClick={close}>
                {t("nav.organisations")}
              </NavLink>
              <NavLink to="/partnerships" onClick={close}>
                {t("nav.partnerships")}
              </NavLink>
              <NavLink to="/library" onClick={close}>
                {t("nav.library")}
              </NavLink>
              <NavLink to="/changes" onClick={close}>
                {t("nav.changes")}
              </NavLink>
              {readsReferrals ? (
                <NavLink to="/referrals" onClick={close}>
                  {t("incidents.nav.referrals")}
                </NavLink>
              ) : null}
              <NavLink
                to={
                  maySomewhere(me.grants, "monitoring_visit", "read")
                    ? "/monitoring/visits"
                    : "/monitoring/recommendations"
                }
                onClick={close}
              >
                {t("monitoring.nav.title")}
              </NavLink>
              {canSomewhere("agreement", "create") ? (
                <NavLink to="/import" onClick={close}>
                  {t("import.nav")}
                </NavLink>
              ) : null}
              {can("agreement", "create") && can("organisation", "create") ? (
                <NavLink to="/import/loads" onClick={close}>
                  {t("importLoads.nav")}
                </NavLink>
              ) : null}
              {can("user", "read") ? (
                <NavLink to="/admin/users" onClick={close}>
                  {t("nav.users")}
                </NavLink>
              ) : null}
              {canSomewhere("theme", "create") ? (
                <NavLink to="/admin/themes" onClick={close}>
                  {t("nav.themes")}
                </NavLink>
              ) : null}
              {can("public_portal", "update") ? (
                <NavLink to="/admin/public-portal" onClick={close}>
                  {t("publicPortal.admin.title")}
                </NavLink>
              ) : null}
            </div>
          </div>
          <span className="nav-spacer" />
          <LanguageSwitcher />
          <NavLink to="/account" className="nav-user" title={me.email} onClick={close}>
            {me.name}
          </NavLink>
          <button
            type="button"
            className="link-button"
            onClick={async () => {
              await signOut();
              navigate("/sign-in");
            }}
          >
            {t("nav.signOut")}
          </button>
        </nav>
      </header>
      {secondFactor.required && location.pathname !== "/account" ? (
        <p className="alert alert-error second-factor-banner" role="status">
          {t("account.secondFactorBanner", {
            deadline: formatDateTime(secondFactor.requiredBy ?? new Date(), locale),
          })}{" "}
          <NavLink to="/account">{t("account.secondFactorStart")}</NavLink>
        </p>
      ) : null}
      <main id="main" className="main">
        <Outlet />
      </main>
      {/* For those who build on the register: out of the main menu, which is for everyday work. */}
      <footer className="app-footer">
        <a href="/api/docs">{t("nav.apiDocs")}</a>
      </footer>
    </div>
  );
}
