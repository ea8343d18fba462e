// Browser entry: language, session, routes.
import { options } from "preact";
import { type ComponentType, lazy, StrictMode, Suspense, useEffect } from "react";
import { createRoot } from "react-dom/client";
import { useTranslation } from "react-i18next";
import { createBrowserRouter, Link, Navigate, Outlet, RouterProvider } from "react-router";
import { SignInPage } from "./access/SignInPage";
import { HomePage } from "./home/HomePage";
import { initI18n, loadWholeCatalog, useWholeCatalog } from "./i18n";
import { Layout } from "./Layout";
import { SessionProvider, useSession } from "./session";
import "./styles.css";
import { usePageTitle } from "./ui/use-page-title";

// Effects run right after the render that asked for them, before the next click or keystroke, as under React, which
// the app was written for (decision 041): Preact's default waits for the next animation frame (up to 100 ms), and an
// effect comparing what it saw then with state changed since undid the change.
options.requestAnimationFrame = (flush) => queueMicrotask(flush);

// Pages load on first visit: the first screen on a 3G phone needs only the shell and sign-in.

/** A signed-out page other than sign-in: its code and the rest of the language's catalog come together. */
function withWholeCatalog(load: () => Promise<{ default: ComponentType }>) {
  return lazy(() => Promise.all([load(), loadWholeCatalog()]).then(([module]) => module));
}
const AccountPage = lazy(() => import("./access/AccountPage").then((m) => ({ default: m.AccountPage })));
const SetupPage = withWholeCatalog(() =>
  import("./access/SetupPage").then((m) => ({ default: m.SetupPage })),
);
const UsersPage = lazy(() => import("./access/UsersPage").then((m) => ({ default: m.UsersPage })));
const UserActivityPage = lazy(() =>
  import("./access/UserActivityPage").then((m) => ({ default: m.UserActivityPage })),
);
const PublicPortalPage = lazy(() =>
  import("./public-portal/PublicPortalPage").then((m) => ({ default: m.PublicPortalPage })),
);
const OutboxPage = lazy(() => import("./access/OutboxPage").then((m) => ({ default: m.OutboxPage })));
const OutboxMessagePage = lazy(() =>
  import("./access/OutboxPage").then((m) => ({ default: m.OutboxMessagePage })),
);
const AcceptInvitationPage = withWholeCatalog(() =>
  import("./access/AcceptInvitationPage").then((m) => ({ default: m.AcceptInvitationPage })),
);
const ForgotPasswordPage = withWholeCatalog(() =>
  import("./access/ForgotPasswordPage").then((m) => ({ default: m.ForgotPasswordPage })),
);
const ResetPasswordPage = withWholeCatalog(() =>
  import("./access/ResetPasswordPage").then((m) => ({ default: m.ResetPasswordPage })),
);
const OrganisationListPage = lazy(() =>
  import("./organisations/OrganisationListPage").then((m) => ({ default: m.OrganisationListPage })),
);
const OrganisationPage = lazy(() =>
  import("./organisations/OrganisationPage").then((m) => ({ default: m.OrganisationPage })),
);
const OrganisationFormPage = lazy(() =>
  import("./organisations/OrganisationFormPage").then((m) => ({ default: m.OrganisationFormPage })),
);

const AgreementListPage = lazy(() =>
  import("./agreements/AgreementListPage").then((m) => ({ default: m.AgreementListPage })),
);
const AgreementPage = lazy(() =>
  import("./agreements/AgreementPage").then((m) => ({ default: m.AgreementPage })),
);
const AgreementFormPage = lazy(() =>
  import("./agreements/AgreementFormPage").then((m) => ({ default: m.AgreementFormPage })),
);
const ThemesPage = lazy(() => import("./agreements/ThemesPage").then((m) => ({ default: m.ThemesPage })));
const ImportPage = lazy(() => import("./imports/ImportPage").then((m) => ({ default: m.ImportPage })));
const ImportLoadsPage = lazy(() =>
  import("./imports/ImportLoadsPage").then((m) => ({ default: m.ImportLoadsPage })),
);
const OverviewPage = lazy(() =>
  import("./agreements/OverviewPage").then((m) => ({ default: m.OverviewPage })),
);

const ProgrammeListPage = lazy(() =>
  import("./programmes/ProgrammeListPage").then((m) => ({ default: m.ProgrammeListPage })),
);
const ProgrammePage = lazy(() =>
  import("./programmes/ProgrammePage").then((m) => ({ default: m.ProgrammePage })),
);
const ResultsTableImportPage = lazy(() =>
  import("./programmes/ResultsTableImportPage").then((m) => ({ default: m.ResultsTableImportPage })),
);
const SectorThemesPage = lazy(() =>
  import("./programmes/SectorThemesPage").then((m) => ({ default: m.SectorThemesPage })),
);
const ProgrammeFormPage = lazy(() =>
  import("./programmes/ProgrammeFormPage").then((m) => ({ default: m.ProgrammeFormPage })),
);
const ProgrammeDashboardPage = lazy(() =>
  import("./programmes/ProgrammeDashboardPage").then((m) => ({ default: m.ProgrammeDashboardPage })),
);
const CoordinationPage = lazy(() =>
  import("./coordination/CoordinationPage").then((m) => ({ default: m.CoordinationPage })),
);
const DistrictPage = lazy(() =>
  import("./coordination/DistrictPage").then((m) => ({ default: m.DistrictPage })),
);
const GapsPage = lazy(() => import("./coordination/GapsPage").then((m) => ({ default: m.GapsPage })));
const MeetingsPage = lazy(() => import("./meetings/MeetingsPage").then((m) => ({ default: m.MeetingsPage })));
const MeetingPage = lazy(() => import("./meetings/MeetingPage").then((m) => ({ default: m.MeetingPage })));
const PartnershipsPage = lazy(() =>
  import("./partnerships/PartnershipsPage").then((m) => ({ default: m.PartnershipsPage })),
);
const PartnershipPage = lazy(() =>
  import("./partnerships/PartnershipPage").then((m) => ({ default: m.PartnershipPage })),
);
const PartnershipFormPage = lazy(() =>
  import("./partnerships/PartnershipFormPage").then((m) => ({ default: m.PartnershipFormPage })),
);
const LibraryPage = lazy(() => import("./library/LibraryPage").then((m) => ({ default: m.LibraryPage })));
const LibraryDocumentPage = lazy(() =>
  import("./library/LibraryDocumentPage").then((m) => ({ default: m.LibraryDocumentPage })),
);
const LibraryUploadPage = lazy(() =>
  import("./library/LibraryUploadPage").then((m) => ({ default: m.LibraryUploadPage })),
);
const LibraryDocumentEditPage = lazy(() =>
  import("./library/LibraryDocumentEditPage").then((m) => ({ default: m.LibraryDocumentEditPage })),
);
const LessonPage = lazy(() => import("./library/LessonPage").then((m) => ({ default: m.LessonPage })));
const LessonFormPage = lazy(() =>
  import("./library/LessonFormPage").then((m) => ({ default: m.LessonFormPage })),
);
const TimelinessPage = lazy(() =>
  import("./reporting/TimelinessPage").then((m) => ({ default: m.TimelinessPage })),
);
const BoundariesPage = lazy(() =>
  import("./coordination/BoundariesPage").then((m) => ({ default: m.BoundariesPage })),
);
const ReportListPage = lazy(() =>
  import("./reporting/ReportListPage").then((m) => ({ default: m.ReportListPage })),
);
const ReportPage = lazy(() => import("./reporting/ReportPage").then((m) => ({ default: m.ReportPage })));
const ObligationsPage = lazy(() =>
  import("./reporting/ObligationsPage").then((m) => ({ default: m.ObligationsPage })),
);
const IncidentListPage = lazy(() =>
  import("./incidents/IncidentListPage").then((m) => ({ default: m.IncidentListPage })),
);
const IncidentFormPage = lazy(() =>
  import("./incidents/IncidentFormPage").then((m) => ({ default: m.IncidentFormPage })),
);
const IncidentPage = lazy(() =>
  import("./incidents/IncidentPage").then((m) => ({ default: m.IncidentPage })),
);
const StatisticsPage = lazy(() =>
  import("./incidents/StatisticsPage").then((m) => ({ default: m.StatisticsPage })),
);
const ReferralListPage = lazy(() =>
  import("./incidents/ReferralListPage").then((m) => ({ default: m.ReferralListPage })),
);
const ReferralPage = lazy(() =>
  import("./incidents/ReferralPage").then((m) => ({ default: m.ReferralPage })),
);
const ServiceProvidersPage = lazy(() =>
  import("./incidents/ServiceProvidersPage").then((m) => ({ default: m.ServiceProvidersPage })),
);
const RoadmapPage = lazy(() => import("./monitoring/RoadmapPage").then((m) => ({ default: m.RoadmapPage })));
const VisitListPage = lazy(() =>
  import("./monitoring/VisitListPage").then((m) => ({ default: m.VisitListPage })),
);
const VisitFormPage = lazy(() =>
  import("./monitoring/VisitFormPage").then((m) => ({ default: m.VisitFormPage })),
);
const VisitPage = lazy(() => import("./monitoring/VisitPage").then((m) => ({ default: m.VisitPage })));

const RecommendationListPage = lazy(() =>
  import("./monitoring/RecommendationListPage").then((m) => ({ default: m.RecommendationListPage })),
);
const RecommendationFormPage = lazy(() =>
  import("./monitoring/RecommendationFormPage").then((m) => ({ default: m.RecommendationFormPage })),
);
const RecommendationEditPage = lazy(() =>
  import("./monitoring/RecommendationEditPage").then((m) => ({ default: m.RecommendationEditPage })),
);
const RecommendationPage = lazy(() =>
  import("./monitoring/RecommendationPage").then((m) => ({ default: m.RecommendationPage })),
);
const TrackerPage = lazy(() => import("./monitoring/TrackerPage").then((m) => ({ default: m.TrackerPage })));

// The stored language's catalog is fetched meanwhile; the app renders once it is here (below).
const i18nReady = initI18n();

// The shell and the report form's answers kept for offline use (sw.ts, decision 018); absent under `vite` dev.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").catch(() => undefined);
  });
}

function Loading() {
  const { t } = useTranslation();
  return <p className="page">{t("common.loading")}</p>;
}

/** Sends each visitor where they belong: setup on an empty instance, sign-in when signed out. */
function Gate({ need }: { need: "signed-in" | "signed-out" | "setup" }) {
  const { t } = useTranslation();
  const { state } = useSession();
  const wholeCatalog = useWholeCatalog(need === "signed-in" && state.status === "signed-in");
  const signedOutHere = need === "signed-out" && state.status === "signed-out";
  // Once the sign-in page shows, the rest of the catalog comes while the user types.
  useEffect(() => {
    if (!signedOutHere) return;
    const fetchRest = () => void loadWholeCatalog().catch(() => undefined);
    if ("requestIdleCallback" in window) {
      const id = window.requestIdleCallback(fetchRest, { timeout: 2_000 });
      return () => window.cancelIdleCallback(id);
    }
    const id = setTimeout(fetchRest, 500);
    return () => clearTimeout(id);
  }, [signedOutHere]);
  if (state.status === "loading") return <p className="page">{t("common.loading")}</p>;
  if (state.status === "unreachable") {
    return (
      <p className="page alert alert-error" role="alert">
        {t("errors.network")}
      </p>
    );
  }
  if (state.status === "setup-needed")
    return need === "setup" ? <Outlet /> : <Navigate to="/setup" replace />;
  if (need === "setup") return <Navigate to="/" replace />;
  if (state.status === "signed-out")
    return need === "signed-out" ? <Outlet /> : <Navigate to="/sign-in" replace />;
  if (need !== "signed-in") return <Navigate to="/" replace />;
  // Every signed-in page reads the whole catalog: none shows a key untranslated meanwhile.
  return wholeCatalog ? <Outlet /> : <p className="page">{t("common.loading")}</p>;
}

function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("errors.pageNotFound")}</h1>
      <Link to="/">{t("nav.home")}</Link>
    </div>
  );
}

const OccupancyPage = lazy(() =>
  import("./monitoring/OccupancyPage").then((m) => ({ default: m.OccupancyPage })),
);
const OccupancyImportPage = lazy(() =>
  import("./monitoring/OccupancyImportPage").then((m) => ({ default: m.OccupancyImportPage })),
);
const RecentChangesPage = lazy(() =>
  import("./changes/RecentChangesPage").then((m) => ({ default: m.RecentChangesPage })),
);
const PlacePage = lazy(() => import("./monitoring/PlacePage").then((m) => ({ default: m.PlacePage })));
/** Around every page: the window's title and the focus follow the page shown (see use-page-title.ts). */
function Root() {
  usePageTitle();
  return <Outlet />;
}

const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      { element: <Gate need="setup" />, children: [{ path: "/setup", element: <SetupPage /> }] },
      {
        element: <Gate need="signed-out" />,
        children: [
          { path: "/sign-in", element: <SignInPage /> },
          { path: "/accept-invitation", element: <AcceptInvitationPage /> },
          { path: "/forgot-password", element: <ForgotPasswordPage /> },
          { path: "/reset-password", element: <ResetPasswordPage /> },
        ],
      },
      {
        element: <Gate need="signed-in" />,
        children: [
          {
            element: <Layout />,
            children: [
              { path: "/", element: <HomePage /> },
              { path: "/organisations", element: <OrganisationListPage /> },
              { path: "/organisations/new", element: <OrganisationFormPage /> },
              { path: "/organisations/:id", element: <OrganisationPage /> },
              { path: "/organisations/:id/edit", element: <OrganisationFormPage /> },
              { path: "/account", element: <AccountPage /> },
              { path: "/admin/users", element: <UsersPage /> },
              { path: "/admin/users/activity", element: <UserActivityPage /> },
              { path: "/admin/outbox", element: <OutboxPage /> },
              { path: "/admin/outbox/:id", element: <OutboxMessagePage /> },
              { path: "/admin/themes", element: <ThemesPage /> },
              { path: "/admin/iati-sectors", element: <SectorThemesPage /> },
              { path: "/admin/public-portal", element: <PublicPortalPage /> },
              { path: "/agreements", element: <AgreementListPage /> },
              { path: "/agreements/overview", element: <OverviewPage /> },
              { path: "/agreements/new", element: <AgreementFormPage /> },
              { path: "/agreements/:id", element: <AgreementPage /> },
              { path: "/agreements/:id/edit", element: <AgreementFormPage /> },
              { path: "/import", element: <ImportPage /> },
              { path: "/import/loads", element: <ImportLoadsPage /> },
              { path: "/programmes", element: <ProgrammeListPage /> },
              { path: "/programmes/new", element: <ProgrammeFormPage /> },
              { path: "/programmes/dashboard", element: <ProgrammeDashboardPage /> },
              { path: "/programmes/:id", element: <ProgrammePage /> },
              { path: "/programmes/:id/edit", element: <ProgrammeFormPage /> },
              { path: "/programmes/:id/results-table", element: <ResultsTableImportPage /> },
              { path: "/programmes/results-table", element: <ResultsTableImportPage /> },
              { path: "/programmes/:id/dashboard", element: <ProgrammeDashboardPage /> },
              { path: "/coordination", element: <CoordinationPage /> },
              { path: "/reports/timeliness", element: <TimelinessPage /> },
              { path: "/coordination/gaps", element: <GapsPage /> },
              { path: "/coordination/districts/:code", element: <DistrictPage /> },
              { path: "/admin/boundaries", element: <BoundariesPage /> },
              { path: "/reports", element: <ReportListPage /> },
              { path: "/reports/obligations", element: <ObligationsPage /> },
              { path: "/reports/:id", element: <ReportPage /> },
              { path: "/meetings", element: <MeetingsPage /> },
              { path: "/meetings/:id", element: <MeetingPage /> },
              { path: "/partnerships", element: <PartnershipsPage /> },
              { path: "/partnerships/new", element: <PartnershipFormPage /> },
              { path: "/partnerships/:id", element: <PartnershipPage /> },
              { path: "/partnerships/:id/edit", element: <PartnershipFormPage /> },
              { path: "/library", element: <LibraryPage /> },
              { path: "/library/documents/new", element: <LibraryUploadPage /> },
              { path: "/library/documents/:id", element: <LibraryDocumentPage /> },
              { path: "/library/documents/:id/edit", element: <LibraryDocumentEditPage /> },
              { path: "/library/lessons/new", element: <LessonFormPage /> },
              { path: "/library/lessons/:id", element: <LessonPage /> },
              { path: "/library/lessons/:id/edit", element: <LessonFormPage /> },
              { path: "/incidents", element: <IncidentListPage /> },
              { path: "/incidents/new", element: <IncidentFormPage /> },
              { path: "/incidents/statistics", element: <StatisticsPage /> },
              { path: "/incidents/:id", element: <IncidentPage /> },
              { path: "/referrals", element: <ReferralListPage /> },
              { path: "/referrals/:id", element: <ReferralPage /> },
              { path: "/service-providers", element: <ServiceProvidersPage /> },
              { path: "/monitoring/roadmap", element: <RoadmapPage /> },
              { path: "/monitoring/visits", element: <VisitListPage /> },
              { path: "/monitoring/visits/new", element: <VisitFormPage /> },
              { path: "/monitoring/visits/:id", element: <VisitPage /> },
              { path: "/monitoring/occupancy", element: <OccupancyPage /> },
              { path: "/monitoring/occupancy/import", element: <OccupancyImportPage /> },
              { path: "/monitoring/places/:id", element: <PlacePage /> },
              { path: "/monitoring/recommendations", element: <RecommendationListPage /> },
              { path: "/monitoring/recommendations/new", element: <RecommendationFormPage /> },
              { path: "/monitoring/recommendations/:id", element: <RecommendationPage /> },
              { path: "/monitoring/recommendations/:id/edit", element: <RecommendationEditPage /> },
              { path: "/monitoring/tracker", element: <TrackerPage /> },
              { path: "/changes", element: <RecentChangesPage /> },
              { path: "*", element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);

const root = document.getElementById("root");
if (root) {
  void i18nReady.then(() =>
    createRoot(root).render(
      <StrictMode>
        <SessionProvider>
          <Suspense fallback={<Loading />}>
            <RouterProvider router={router} />
          </Suspense>
        </SessionProvider>
      </StrictMode>,
    ),
  );
}
