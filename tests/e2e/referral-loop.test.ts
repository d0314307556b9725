import type { Browser, Page } from "playwright-core";
import { startTestApp, type TestApp } from "../server/support/test-app";
import {
  axeViolations,
  describeViolations,
  launchBrowser,
  openPage,
  type PageProblems,
  screenshot,
  signIn,
} from "./support/browser";

// The whole referral loop in two browsers, against the real server on a fresh database:
// a CCAS mediator finds Récup'Ordi 44 by need and district and refers a resident to it, with
// consent; Récup'Ordi's volunteer sees it arrive live and accepts it; the mediator's board follows.
jest.setTimeout(120_000);

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp({ seed: "demo" }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function expectAccessible(page: Page, what: string) {
  const violations = await axeViolations(page);
  if (violations.length) throw new Error(`${what}: ${describeViolations(violations)}`);
}

function column(page: Page, name: RegExp) {
  return page.getByRole("region", { name });
}

test("a referral goes from the directory to the partner's board and back, live", async () => {
  const partner = await openPage(browser, app.url);
  const referrer = await openPage(browser, app.url);
  const problems: PageProblems[] = [partner.problems, referrer.problems];

  // The partner's board is open before anything is sent.
  await signIn(partner.page, "benevole@recup-ordi.maillage.test");
  await partner.page.goto("/tableau");
  await partner.page.getByText("En direct").waitFor();
  await column(partner.page, /^En attente/)
    .getByText("Aucune orientation.")
    .waitFor();

  // The referrer finds the structure by need and district.
  await signIn(referrer.page, "mediation@ccas.maillage.test");
  const page = referrer.page;
  await page.goto("/");
  await page.getByLabel("Besoin", { exact: true }).selectOption("AFFORDABLE_EQUIPMENT");
  await page.getByLabel("Quartier", { exact: true }).selectOption("bellevue-chantenay-sainte-anne");
  await page.waitForURL(/need=AFFORDABLE_EQUIPMENT.*district=bellevue-chantenay-sainte-anne/, {
    waitUntil: "commit",
  });
  const result = page.getByRole("link", { name: "RéCup'Ordi 44" });
  await result.waitFor();
  await expectAccessible(page, "directory (filtered)");
  await screenshot(page, "loop-directory-filtered-desktop");
  await result.click();

  await page.getByRole("heading", { level: 1, name: "RéCup'Ordi 44" }).waitFor();
  await page.getByRole("link", { name: "Orienter quelqu'un ici" }).click();

  // The referral form: the structure is chosen; consent is required.
  await page.getByRole("heading", { level: 1, name: "Nouvelle orientation" }).waitFor();
  await page.getByText("Structure choisie :").waitFor();
  await page
    .getByRole("combobox", { name: "Besoin", exact: true })
    .selectOption("AFFORDABLE_EQUIPMENT");
  await page.getByLabel("Quartier de résidence").selectOption("bellevue-chantenay-sainte-anne");
  await page.getByLabel("Prénom").fill("Amina");
  await page.getByLabel("Nom ou initiale").fill("B.");
  await page.getByLabel("Numéro de téléphone").fill("06 12 34 56 78");
  await page.getByRole("button", { name: "Envoyer l'orientation" }).click();
  const consentError = page.locator("#field-consent-given-error");
  await consentError.waitFor();
  expect(await consentError.textContent()).toContain("consentement");
  await expectAccessible(page, "new referral with errors");
  await screenshot(page, "loop-new-referral-errors-desktop");

  await page.getByLabel("J'ai lu ce texte à la personne et elle a donné son accord.").check();
  await page.getByRole("button", { name: "Envoyer l'orientation" }).click();
  await page.waitForURL(/\/tableau\?structure=.*&tab=sent/, { waitUntil: "commit" });
  await page.getByText("Orientation envoyée.").waitFor();
  const sentPending = column(page, /^En attente/);
  await sentPending.getByText("vers RéCup'Ordi 44").waitFor();

  // The partner's board shows it without a reload.
  const received = column(partner.page, /^En attente/);
  await received.getByText("de Espace public numérique du CCAS").waitFor({ timeout: 15_000 });
  await partner.page.getByText(/Nouvelle orientation reçue/).waitFor();
  await expectAccessible(partner.page, "partner board");
  await screenshot(partner.page, "loop-partner-board-desktop");

  // The partner accepts; the referrer's board follows live.
  await received.getByRole("button", { name: /^Accepter/ }).click();
  await column(partner.page, /^Acceptées/)
    .getByText("de Espace public numérique du CCAS")
    .waitFor();
  await column(page, /^Acceptées/)
    .getByText("vers RéCup'Ordi 44")
    .waitFor({ timeout: 15_000 });
  expect(await sentPending.getByText("vers RéCup'Ordi 44").count()).toBe(0);
  await expectAccessible(page, "referrer board");
  await screenshot(page, "loop-referrer-board-desktop");

  for (const p of problems) expect(p.errors).toEqual([]);
  await partner.context.close();
  await referrer.context.close();
});
