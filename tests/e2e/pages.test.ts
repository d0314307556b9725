import type { Browser, Page } from "playwright-core";
import { startTestApp, type TestApp } from "../server/support/test-app";
import { referralsBothWays } from "./support/demo-data";
import {
  axeViolations,
  describeViolations,
  DESKTOP,
  horizontalOverflow,
  launchBrowser,
  openPage,
  PHONE,
  screenshot,
  signIn,
} from "./support/browser";

// Every page, as the person who uses it, at desktop width and on a 360 px phone: axe-core finds
// no violation, nothing overflows sideways, and a screenshot is kept for review.
jest.setTimeout(180_000);

let app: TestApp;
let browser: Browser;
const ids: Record<string, string> = {};

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp({ seed: "demo" }), launchBrowser()]);
  Object.assign(ids, await referralsBothWays(app));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

interface Visit {
  name: string;
  path: () => string;
  /** Something that shows the page is ready. */
  ready: (page: Page) => Promise<unknown>;
}

const h1 = (name: string | RegExp) => (page: Page) =>
  page.getByRole("heading", { level: 1, name }).waitFor();

const VISITS: Record<string, { email: string | null; visits: Visit[] }> = {
  anonymous: {
    email: null,
    visits: [
      {
        name: "directory",
        path: () => "/?need=AFFORDABLE_EQUIPMENT",
        ready: async (page) => {
          await page.getByRole("link", { name: "RéCup'Ordi 44" }).waitFor();
          await page.locator(".map-marker, .map-cluster").first().waitFor();
        },
      },
      {
        name: "structure",
        path: () => `/structures/${ids["recup-ordi-44"]}`,
        ready: h1("RéCup'Ordi 44"),
      },
      { name: "login", path: () => "/connexion", ready: h1("Connexion") },
      {
        name: "invitation",
        path: () => "/invitation/unknown-token",
        ready: h1("Rejoindre Maillage"),
      },
      { name: "not-found", path: () => "/nulle-part", ready: h1("Page introuvable") },
      {
        name: "forgot-password",
        path: () => "/mot-de-passe-oublie",
        ready: h1("Mot de passe oublié"),
      },
      {
        name: "reset-password",
        path: () => "/mot-de-passe/lien-inconnu",
        ready: h1("Choisir un nouveau mot de passe"),
      },
    ],
  },
  manager: {
    email: "direction@ccas.maillage.test",
    visits: [
      {
        name: "new-referral",
        path: () =>
          "/orientations/nouvelle?need=AFFORDABLE_EQUIPMENT&district=bellevue-chantenay-sainte-anne",
        ready: (page) => page.getByText("Pourquoi cette proposition ?").first().waitFor(),
      },
      {
        name: "board-received",
        path: () => `/tableau?structure=${ids["ccas-espace-public-numerique"]}&tab=received`,
        ready: (page) => page.getByText("de RéCup'Ordi 44").waitFor(),
      },
      {
        name: "board-sent",
        path: () => `/tableau?structure=${ids["ccas-espace-public-numerique"]}&tab=sent`,
        ready: (page) => page.getByText("vers RéCup'Ordi 44").waitFor(),
      },
      {
        name: "edit-structure",
        path: () => `/structures/${ids["ccas-espace-public-numerique"]}/modifier`,
        ready: (page) => page.getByRole("table", { name: "Aperçu de la semaine" }).waitFor(),
      },
      {
        name: "settings",
        path: () => "/parametres",
        ready: (page) =>
          page
            .getByRole("heading", { name: /Adresse de notification de/ })
            .first()
            .waitFor(),
      },
    ],
  },
  admin: {
    email: "admin@maillage.test",
    visits: [
      {
        name: "outbox",
        path: () => "/admin/courriels",
        ready: (page) =>
          page.getByRole("heading", { level: 2, name: "Messages en échec" }).waitFor(),
      },
      {
        name: "import",
        path: () => "/admin/import",
        ready: (page) =>
          page.getByRole("heading", { level: 2, name: "Exporter l'annuaire" }).waitFor(),
      },
    ],
  },
  coordinator: {
    email: "coordination@maillage.test",
    visits: [
      {
        name: "dashboard",
        path: () => "/pilotage",
        ready: async (page) => {
          await page.getByRole("table", { name: /offres actives/i }).waitFor();
          await page
            .getByText(/Aucune orientation sur cette période|Orientations/)
            .first()
            .waitFor();
        },
      },
      {
        name: "create-structure",
        path: () => "/structures/nouvelle",
        ready: h1("Nouvelle structure"),
      },
      {
        name: "programme-waves",
        path: () => "/pilotage/programme/vagues",
        ready: (page) =>
          page.getByRole("table", { name: "Vagues du plan, par mois de début" }).waitFor(),
      },
      {
        name: "programme-devices",
        path: () => "/pilotage/programme/equipements",
        ready: (page) =>
          page.getByRole("table", { name: "Équipements, par numéro d'inventaire" }).waitFor(),
      },
    ],
  },
};

describe.each(Object.entries(VISITS))("pages for %s", (who, { email, visits }) => {
  test.each([
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const)("%s: accessible, fits the width, screenshot", async (device, viewport) => {
    const { context, page, problems } = await openPage(browser, app.url, viewport);
    if (email) await signIn(page, email);
    const failures: string[] = [];
    for (const visit of visits) {
      await page.goto(visit.path());
      await visit.ready(page);
      const violations = await axeViolations(page);
      if (violations.length)
        failures.push(`${visit.name} (${device}): ${describeViolations(violations)}`);
      const overflow = await horizontalOverflow(page);
      if (overflow > 0)
        failures.push(`${visit.name} (${device}): ${overflow}px wider than the screen`);
      await screenshot(page, `${visit.name}-${device}`);
    }
    expect(failures).toEqual([]);
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});

test("the English switch translates the interface and is remembered", async () => {
  const { context, page } = await openPage(browser, app.url, DESKTOP);
  await page.goto("/?need=AFFORDABLE_EQUIPMENT");
  await page.getByRole("button", { name: "English" }).click();
  await h1("Directory")(page);
  expect(await page.getAttribute("html", "lang")).toBe("en");
  await page.reload();
  await h1("Directory")(page);
  await page.getByRole("link", { name: "RéCup'Ordi 44" }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, "directory-english-desktop");
  await context.close();
});
