import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { LanguageSwitch } from "@/app/layout/LanguageSwitch";
import { useI18n } from "@/app/i18n/I18nProvider";
import { I18nProvider } from "@/app/i18n/I18nProvider";
import { LoginDocument } from "@/gql/graphql";
import { LoginPage } from "@/modules/auth/components/LoginPage";
import { ccasMediator, signInOptionsMock, viewerMock } from "./support/fixtures";
import { renderPage } from "./support/render";
import { render } from "@testing-library/react";

function Title() {
  const { t } = useI18n();
  return <h1>{t("directory.title")}</h1>;
}

test("French by default; the switch turns the interface and the page language to English", async () => {
  window.localStorage.clear();
  const user = userEvent.setup();
  render(
    <I18nProvider>
      <LanguageSwitch />
      <Title />
    </I18nProvider>,
  );
  expect(screen.getByRole("heading")).toHaveTextContent("Annuaire");
  expect(document.documentElement.lang).toBe("fr");
  expect(screen.getByRole("button", { name: "Français" })).toHaveAttribute("aria-pressed", "true");
  await user.click(screen.getByRole("button", { name: "English" }));
  expect(screen.getByRole("heading")).toHaveTextContent("Directory");
  expect(document.documentElement.lang).toBe("en");
  expect(window.localStorage.getItem("maillage.locale")).toBe("en");
});

const login = (result: Record<string, unknown>) => ({
  request: {
    query: LoginDocument,
    variables: { email: "mediation@ccas.maillage.test", password: "secret-password" },
  },
  result: { data: { login: result } },
});

async function signIn() {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText(/^Adresse e-mail/), " mediation@ccas.maillage.test ");
  await user.type(screen.getByLabelText(/^Mot de passe/), "secret-password");
  await user.click(screen.getByRole("button", { name: "Se connecter" }));
}

test("a wrong password says what to do, without telling which field was wrong", async () => {
  renderPage(<LoginPage />, {
    route: "/connexion",
    path: "/connexion",
    mocks: [
      viewerMock(null),
      signInOptionsMock(),
      login({ __typename: "InvalidCredentialsError", message: "Invalid credentials" }),
    ],
  });
  await signIn();
  expect(await screen.findByRole("alert")).toHaveTextContent(
    "Adresse e-mail ou mot de passe incorrect. Vérifiez-les, puis réessayez.",
  );
});

test("signing in goes back to the page that was asked for", async () => {
  const { router } = renderPage(<LoginPage />, {
    route: "/connexion?next=%2Ftableau%3Ftab%3Dsent",
    path: "/connexion",
    mocks: [viewerMock(null), signInOptionsMock(), login(ccasMediator)],
  });
  await signIn();
  await waitFor(() => expect(router.state.location.pathname).toBe("/tableau"));
  expect(router.state.location.search).toBe("?tab=sent");
});

test("with ProConnect configured, the page says which method is for whom and links to it", async () => {
  renderPage(<LoginPage />, {
    route: "/connexion?next=%2Fprogramme",
    path: "/connexion",
    mocks: [viewerMock(null), signInOptionsMock(true)],
  });
  const link = await screen.findByRole("link", { name: "Se connecter avec ProConnect" });
  expect(link).toHaveAttribute("href", "/auth/oidc/login?returnTo=%2Fprogramme");
  expect(screen.getByRole("heading", { name: "Agents publics" })).toBeInTheDocument();
  expect(screen.getByRole("heading", { name: "Associations et bénévoles" })).toBeInTheDocument();
});

test("without ProConnect, no ProConnect button", async () => {
  renderPage(<LoginPage />, {
    route: "/connexion",
    path: "/connexion",
    mocks: [viewerMock(null), signInOptionsMock(false)],
  });
  await screen.findByRole("button", { name: "Se connecter" });
  await new Promise((r) => setTimeout(r, 50));
  expect(screen.queryByRole("link", { name: "Se connecter avec ProConnect" })).toBeNull();
});
