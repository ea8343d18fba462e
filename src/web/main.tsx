// Browser entry: language, session, routes.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { useTranslation } from "react-i18next";
import { createBrowserRouter, Link, Navigate, Outlet, RouterProvider } from "react-router";
import { SetupPage } from "./access/SetupPage";
import { SignInPage } from "./access/SignInPage";
import { UsersPage } from "./access/UsersPage";
import { HomePage } from "./home/HomePage";
import { initI18n } from "./i18n";
import { Layout } from "./Layout";
import { OrganisationFormPage } from "./organisations/OrganisationFormPage";
import { OrganisationListPage } from "./organisations/OrganisationListPage";
import { OrganisationPage } from "./organisations/OrganisationPage";
import { SessionProvider, useSession } from "./session";
import "./styles.css";

initI18n();

/** Sends each visitor where they belong: setup on an empty instance, sign-in when signed out. */
function Gate({ need }: { need: "signed-in" | "signed-out" | "setup" }) {
  const { t } = useTranslation();
  const { state } = useSession();
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
  return need === "signed-in" ? <Outlet /> : <Navigate to="/" replace />;
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

const router = createBrowserRouter([
  { element: <Gate need="setup" />, children: [{ path: "/setup", element: <SetupPage /> }] },
  { element: <Gate need="signed-out" />, children: [{ path: "/sign-in", element: <SignInPage /> }] },
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
          { path: "/admin/users", element: <UsersPage /> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </StrictMode>,
  );
}
