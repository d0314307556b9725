import { lazy } from "react";
import { createBrowserRouter, type RouteObject } from "react-router";
import { LoginPage } from "@/modules/auth/components/LoginPage";
import { RequireAuth } from "@/modules/auth/components/RequireAuth";
import { DirectoryPage } from "@/modules/directory/components/DirectoryPage";
import { AppLayout } from "./layout/AppLayout";
import { NotFoundPage } from "./layout/NotFoundPage";
import { RouteError } from "./layout/RouteError";

// Every page but the directory and sign-in is its own chunk; the map and the dashboard too.
const StructurePage = lazy(() =>
  import("@/modules/structure/components/StructurePage").then((m) => ({
    default: m.StructurePage,
  })),
);
const NewReferralPage = lazy(() =>
  import("@/modules/referral/components/NewReferralPage").then((m) => ({
    default: m.NewReferralPage,
  })),
);
const BoardPage = lazy(() =>
  import("@/modules/board/components/BoardPage").then((m) => ({ default: m.BoardPage })),
);
const DashboardPage = lazy(() =>
  import("@/modules/dashboard/components/DashboardPage").then((m) => ({
    default: m.DashboardPage,
  })),
);
const StructureEditPage = lazy(() =>
  import("@/modules/editing/components/StructureEditPage").then((m) => ({
    default: m.StructureEditPage,
  })),
);
const StructureCreatePage = lazy(() =>
  import("@/modules/editing/components/StructureCreatePage").then((m) => ({
    default: m.StructureCreatePage,
  })),
);
const InvitationPage = lazy(() =>
  import("@/modules/auth/components/InvitationPage").then((m) => ({ default: m.InvitationPage })),
);
const ProgrammeDashboardPage = lazy(() =>
  import("@/modules/programme/components/ProgrammeDashboardPage").then((m) => ({
    default: m.ProgrammeDashboardPage,
  })),
);
const WavesAdminPage = lazy(() =>
  import("@/modules/programme/components/WavesAdminPage").then((m) => ({
    default: m.WavesAdminPage,
  })),
);
const DevicesAdminPage = lazy(() =>
  import("@/modules/programme/components/DevicesAdminPage").then((m) => ({
    default: m.DevicesAdminPage,
  })),
);
const SettingsPage = lazy(() =>
  import("@/modules/account/components/SettingsPage").then((m) => ({ default: m.SettingsPage })),
);
const ApiTokensPage = lazy(() =>
  import("@/modules/account/components/ApiTokensPage").then((m) => ({ default: m.ApiTokensPage })),
);
const MembersPage = lazy(() =>
  import("@/modules/account/components/MembersPage").then((m) => ({ default: m.MembersPage })),
);
const OutboxPage = lazy(() =>
  import("@/modules/account/components/OutboxPage").then((m) => ({ default: m.OutboxPage })),
);
const UsersPage = lazy(() =>
  import("@/modules/admin/components/UsersPage").then((m) => ({ default: m.UsersPage })),
);
const ImportPage = lazy(() =>
  import("@/modules/import/components/ImportPage").then((m) => ({ default: m.ImportPage })),
);
const DuplicatesPage = lazy(() =>
  import("@/modules/duplicates/components/DuplicatesPage").then((m) => ({
    default: m.DuplicatesPage,
  })),
);
const ForgotPasswordPage = lazy(() =>
  import("@/modules/account/components/ForgotPasswordPage").then((m) => ({
    default: m.ForgotPasswordPage,
  })),
);
const ResetPasswordPage = lazy(() =>
  import("@/modules/account/components/ResetPasswordPage").then((m) => ({
    default: m.ResetPasswordPage,
  })),
);
const ProgrammeSection = lazy(() =>
  import("@/modules/programme/components/ProgrammeSection").then((m) => ({
    default: m.ProgrammeSection,
  })),
);

export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    children: [
      {
        // Inside the layout: a page that fails keeps the header and navigation.
        errorElement: <RouteError />,
        children: [
          { index: true, element: <DirectoryPage /> },
          {
            path: "structures/nouvelle",
            element: (
              <RequireAuth allow={(a) => a.coordinates}>
                <StructureCreatePage />
              </RequireAuth>
            ),
          },
          { path: "structures/:id", element: <StructurePage /> },
          {
            path: "structures/:id/modifier",
            element: (
              <RequireAuth>
                <StructureEditPage />
              </RequireAuth>
            ),
          },
          {
            path: "orientations/nouvelle",
            element: (
              <RequireAuth allow={(a) => a.memberships.length > 0}>
                <NewReferralPage />
              </RequireAuth>
            ),
          },
          {
            path: "tableau",
            element: (
              <RequireAuth allow={(a) => a.memberships.length > 0}>
                <BoardPage />
              </RequireAuth>
            ),
          },
          {
            path: "pilotage",
            element: (
              <RequireAuth allow={(a) => a.coordinates}>
                <DashboardPage />
              </RequireAuth>
            ),
          },
          {
            path: "pilotage/programme",
            element: (
              <RequireAuth allow={(a) => a.coordinates}>
                <ProgrammeDashboardPage />
              </RequireAuth>
            ),
          },
          {
            // The plan's waves and the devices: coordinators and admins, as the server's rule.
            path: "pilotage/programme/vagues",
            element: (
              <RequireAuth allow={(a) => a.coordinates}>
                <WavesAdminPage />
              </RequireAuth>
            ),
          },
          {
            path: "pilotage/programme/equipements",
            element: (
              <RequireAuth allow={(a) => a.coordinates}>
                <DevicesAdminPage />
              </RequireAuth>
            ),
          },
          {
            // Loans and Pass numérique for the structures' members (routes inside the section).
            path: "programme/*",
            element: (
              <RequireAuth allow={(a) => a.memberships.length > 0}>
                <ProgrammeSection />
              </RequireAuth>
            ),
          },
          {
            path: "structures/:id/membres",
            element: (
              <RequireAuth>
                <MembersPage />
              </RequireAuth>
            ),
          },
          {
            path: "structures/:id/jetons",
            element: (
              <RequireAuth>
                <ApiTokensPage />
              </RequireAuth>
            ),
          },
          {
            path: "parametres",
            element: (
              <RequireAuth>
                <SettingsPage />
              </RequireAuth>
            ),
          },
          {
            path: "admin/courriels",
            element: (
              <RequireAuth allow={(a) => a.isAdmin}>
                <OutboxPage />
              </RequireAuth>
            ),
          },
          {
            path: "admin/comptes",
            element: (
              <RequireAuth allow={(a) => a.isAdmin}>
                <UsersPage />
              </RequireAuth>
            ),
          },
          {
            // Importing and exporting the directory: coordinators and admins, as the server's rule.
            path: "admin/import",
            element: (
              <RequireAuth allow={(a) => a.coordinates}>
                <ImportPage />
              </RequireAuth>
            ),
          },
          {
            // Possible duplicates found by imports: coordinators and admins, as the server's rule.
            path: "admin/doublons",
            element: (
              <RequireAuth allow={(a) => a.coordinates}>
                <DuplicatesPage />
              </RequireAuth>
            ),
          },
          { path: "mot-de-passe-oublie", element: <ForgotPasswordPage /> },
          { path: "mot-de-passe/:token", element: <ResetPasswordPage /> },
          { path: "connexion", element: <LoginPage /> },
          { path: "invitation/:token", element: <InvitationPage /> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
