import type { Browser } from "playwright-core";
import { startTestApp, type TestApp } from "../server/support/test-app";
import { axeViolations, DESKTOP, launchBrowser, openPage, signIn } from "./support/browser";
import { referralsBothWays } from "./support/demo-data";

// What people do on the board and in the editing forms, with the keyboard and the real server.
jest.setTimeout(120_000);

let app: TestApp;
let browser: Browser;
let ids: Record<string, string>;

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp({ seed: "demo" }), launchBrowser()]);
  ids = await referralsBothWays(app);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test("the board is operable with the keyboard alone", async () => {
  const { context, page } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "mediation@ccas.maillage.test");
  await page.goto("/tableau?tab=received");
  const pending = page.getByRole("region", { name: /^En attente/ });
  await pending.getByText("de RéCup'Ordi 44").waitFor();
  // Reach "Refuser" with Tab from the tabs, open the form, choose a reason, confirm.
  await page.getByRole("link", { name: /^Reçues/ }).focus();
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press("Tab");
    const name = await page.evaluate("document.activeElement?.textContent ?? ''");
    if (String(name).startsWith("Refuser")) break;
  }
  expect(String(await page.evaluate("document.activeElement?.textContent"))).toMatch(/^Refuser/);
  await page.keyboard.press("Enter");
  // The reason select has the focus.
  expect(await page.evaluate("document.activeElement?.tagName")).toBe("SELECT");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Tab"); // comment
  await page.keyboard.press("Tab"); // confirm
  await page.keyboard.press("Enter");
  const ended = page.getByRole("region", { name: /^Refusées/ });
  await ended.getByText("de RéCup'Ordi 44").waitFor();
  // The card keeps the focus in its new column.
  await page.waitForFunction(
    "document.activeElement?.closest('section')?.getAttribute('aria-labelledby') === 'column-ended'",
  );
  await context.close();
});

test("a manager edits opening hours with a preview, sees the server's error, then saves; and adds an offer", async () => {
  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "direction@ccas.maillage.test");
  await page.goto(`/structures/${ids["ccas-nantes"]}/modifier`);
  const hours = page.getByLabel("Horaires (format OpenStreetMap)");
  await hours.waitFor();

  await hours.fill("Mo-Fr 09:00-12:00; Sa 25:00-26:00");
  await page.getByText(/Pas d'aperçu pour cette écriture/).waitFor();
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await page.locator("#field-openingHours-error").waitFor();
  expect(await hours.getAttribute("aria-invalid")).toBe("true");

  await hours.fill("Mo-Fr 09:00-12:00,13:30-17:00; PH off");
  const preview = page.getByRole("table", { name: "Aperçu de la semaine" });
  await preview.getByRole("row", { name: /vendredi 09:00 – 12:00, 13:30 – 17:00/i }).waitFor();
  await page.getByText("Fermé les jours fériés.").waitFor();
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await page.getByText("Modifications enregistrées.").waitFor();

  await page.getByRole("button", { name: "Ajouter une offre" }).click();
  const form = page.getByRole("form", { name: "Ajouter une offre" });
  await form.getByLabel(/^Intitulé/).fill("Permanence numérique du mardi");
  await form.getByRole("combobox", { name: "Besoin" }).selectOption("ADMINISTRATIVE_PROCEDURES");
  await form.getByRole("checkbox", { name: "Gratuit", exact: true }).check();
  await form.getByRole("button", { name: "Enregistrer" }).click();
  await page.getByText("Offre « Permanence numérique du mardi » ajoutée.").waitFor();
  expect(await axeViolations(page)).toEqual([]);

  await page.goto(`/structures/${ids["ccas-nantes"]}`);
  await page.getByRole("heading", { level: 3, name: "Permanence numérique du mardi" }).waitFor();
  await page
    .getByRole("table", { name: "Semaine habituelle" })
    .getByRole("row", { name: /lundi 09:00 – 12:00, 13:30 – 17:00/i })
    .waitFor();
  expect(problems.errors).toEqual([]);
  await context.close();
});
