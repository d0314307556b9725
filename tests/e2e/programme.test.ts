import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { startTestApp, type TestApp } from "../server/support/test-app";
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
import { programmeFigures } from "./programme-fixtures";

// The Programme section against the real server on a fresh demo database: a coordinator reads
// the plan's three indicators on known figures; a structure's manager records a loan, is refused
// the delivery before the charter, signs it, delivers; issues a booklet and redeems a ticket.
jest.setTimeout(180_000);

let app: TestApp;
let browser: Browser;
let year: number;

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp({ seed: "demo" }), launchBrowser()]);
  ({ year } = await programmeFigures(app));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function expectAccessible(page: Page, what: string) {
  const violations = await axeViolations(page);
  if (violations.length) throw new Error(`${what}: ${describeViolations(violations)}`);
}

/** The text of a table's row whose header cell names it. */
async function rowText(page: Page, table: string | RegExp, row: string | RegExp) {
  return page
    .getByRole("table", { name: table })
    .getByRole("row", { name: row })
    .first()
    .innerText();
}

describe("Pilotage → Programme", () => {
  test.each([
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const)(
    "%s: a coordinator reads the three indicators; accessible, fits the width",
    async (device, viewport) => {
      const { context, page, problems } = await openPage(browser, app.url, viewport);
      await signIn(page, "coordination@maillage.test");
      await page.goto("/pilotage");
      await page.getByRole("link", { name: "Programme", exact: true }).click();
      await page.waitForURL("**/pilotage/programme", { waitUntil: "commit" });
      await page.getByRole("heading", { level: 1, name: "Pilotage du programme" }).waitFor();

      // Households against the target.
      const households = page.getByRole("progressbar", {
        name: `Foyers accompagnés en ${year} face à l'objectif`,
      });
      await households.waitFor();
      expect(await households.getAttribute("aria-valuetext")).toBe(
        "4 foyers accompagnés sur un objectif de 40 (10 %)",
      );
      await page.getByText("4 foyers accompagnés sur un objectif de 40 (10 %)").waitFor();
      expect(await rowText(page, /Foyers accompagnés par quartier/, /Bellevue/)).toMatch(/2$/);
      expect(await rowText(page, /Foyers accompagnés par quartier/, /Nantes Nord/)).toMatch(/1$/);
      const month = new Intl.DateTimeFormat("fr-FR", {
        month: "long",
        timeZone: "Europe/Paris",
      }).format(new Date());
      expect(await rowText(page, /Foyers accompagnés par mois/, new RegExp(month))).toMatch(
        /4\s+4$/,
      );

      // Waves: delivered against planned, per district.
      const bellevue = page.getByRole("progressbar", {
        name: "Ordinateurs remis pour la vague « Cité éducative Bellevue »",
      });
      expect(await bellevue.getAttribute("aria-valuetext")).toBe("2 remis sur 160 prévus (1 %)");
      expect(await rowText(page, "« Cité éducative Bellevue » par quartier", /Bellevue/)).toMatch(
        /160\s+2\s+0\s+0\s+1 %/,
      );
      expect(
        await rowText(page, "« Écoles de la Bottière et de Nantes Nord » par quartier", /Doulon/),
      ).toMatch(/non réparti\s+0\s+1\s+0/);
      expect(
        await page
          .getByRole("progressbar", { name: "Ordinateurs remis, toutes vagues confondues" })
          .getAttribute("aria-valuetext"),
      ).toBe("3 remis sur 660 prévus (0 %)");

      // Ticket flows per structure and district.
      const flows = /^Par structure/;
      expect(await rowText(page, flows, /RéCup'Ordi 44/)).toMatch(/4\s+40,00\s€\s+0\s+0,00\s€/);
      expect(await rowText(page, flows, /Espace public numérique du CCAS/)).toMatch(
        /0\s+0,00\s€\s+1\s+10,00\s€/,
      );

      await expectAccessible(page, `programme dashboard (${device})`);
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, `programme-dashboard-${device}`);
      expect(problems.errors).toEqual([]);
      await context.close();
    },
  );

  test("the year's target is set, with the server's refusal next to the field", async () => {
    const { context, page } = await openPage(browser, app.url, DESKTOP);
    await signIn(page, "admin@maillage.test");
    await page.goto(`/pilotage/programme?year=${year + 1}`);
    const field = page.getByLabel(`Objectif de foyers accompagnés en ${year + 1}`);
    await field.fill("0");
    await page.getByRole("button", { name: "Enregistrer l'objectif" }).click();
    await page.locator("#field-target-error").waitFor();
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    await field.fill("3000");
    await page.getByRole("button", { name: "Enregistrer l'objectif" }).click();
    await page.getByText(`Objectif enregistré : 3 000 foyers en ${year + 1}.`).waitFor();
    await page.getByText("0 foyer accompagné sur un objectif de 3 000 (0 %)").waitFor();
    await context.close();
  });
});

test("a structure records a loan, is refused the delivery before the charter, signs, delivers; issues a booklet and redeems a ticket", async () => {
  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "responsable@recup-ordi.maillage.test");
  // A fresh page: the layout's navigation is only sure to know the viewer after a load.
  await page.goto("/");
  await page
    .getByRole("navigation", { name: "Navigation principale" })
    .getByRole("link", { name: "Prêts et Pass numérique" })
    .click();
  await page.getByRole("heading", { level: 1, name: "Prêts d'ordinateurs" }).waitFor();
  await page.getByRole("link", { name: "Enregistrer un nouveau prêt" }).click();

  // The loan: a device in stock, a wave, a new household, the family, the school, consent.
  await page.getByRole("heading", { level: 1, name: "Nouveau prêt d'ordinateur" }).waitFor();
  const device = page.getByLabel(/^Ordinateur/);
  await device.locator("option", { hasText: "DEMO-PC" }).first().waitFor({ state: "attached" });
  const firstDevice = await device.locator("option", { hasText: "DEMO-PC" }).first().innerText();
  await device.selectOption({ label: firstDevice });
  const wave = page.getByLabel(/^Vague/);
  await wave.selectOption({
    label: await wave.locator("option", { hasText: "Cité éducative Bellevue" }).innerText(),
  });
  await page.getByLabel(/^Prénom/).fill("Awa");
  await page.getByLabel(/^Nom ou initiale/).fill("K.");
  await page.getByLabel(/^Numéro de téléphone/).fill("06 98 76 54 32");
  await page.getByLabel(/^Quartier de résidence/).selectOption("bellevue-chantenay-sainte-anne");
  await page.getByLabel("École de l'enfant").fill("École Jean Moulin");
  await page.getByRole("button", { name: "Enregistrer le prêt" }).click();
  // Without the school network and the consent, the form says what is missing.
  await page.getByRole("alert").getByText("Le formulaire contient des erreurs").waitFor();
  await page.locator("#field-consent-given-error").waitFor();
  await expectAccessible(page, "new loan with errors");
  await screenshot(page, "programme-new-loan-errors-desktop");
  await page.getByRole("radio", { name: "REP+" }).check();
  await page.getByLabel("J'ai lu ce texte à la personne et elle a donné son accord.").check();
  await page.getByRole("button", { name: "Enregistrer le prêt" }).click();

  await page.waitForURL(/\/programme\/prets\/[0-9a-f-]{36}/, { waitUntil: "commit" });
  const created = page.getByText(/Prêt enregistré\. Donnez à la famille la référence de son foyer/);
  await created.waitFor();
  const reference = /F-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(await created.innerText())![0];

  // The charter rule: delivering before the charter is refused, and said so.
  await page.getByRole("button", { name: "Marquer comme remis" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "Remise refusée" });
  await refusal.waitFor();
  expect(await refusal.innerText()).toContain("la charte d'engagement n'est pas signée");
  await expectAccessible(page, "delivery refused");
  await screenshot(page, "programme-delivery-refused-desktop");

  await page.getByLabel(/^Signataire pour la famille/).fill("Awa K.");
  await page.getByLabel(/^Signataire pour la Ville/).fill("Ville de Nantes — mission numérique");
  await page.getByLabel(/^Signataire pour l'association/).fill("Morgane");
  await page.getByRole("button", { name: "Enregistrer la charte signée" }).click();
  await page.getByText("Charte enregistrée : l'ordinateur peut être remis.").waitFor();
  await page.getByRole("button", { name: "Marquer comme remis" }).click();
  await page.getByText("Remise enregistrée.").waitFor();
  await page.locator(".facts").getByText("Remis", { exact: true }).waitFor();
  await expectAccessible(page, "loan delivered");
  await screenshot(page, "programme-loan-delivered-desktop");

  // A booklet for the same household, found by its reference.
  await page.getByRole("link", { name: "Retour aux prêts" }).click();
  await page.getByRole("link", { name: "Pass numérique", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Pass numérique" }).waitFor();
  await page.getByRole("radio", { name: /Foyer déjà suivi/ }).check();
  await page.getByLabel(/^Référence du foyer/).fill(reference.toLowerCase());
  await page.getByRole("button", { name: "Rechercher le foyer" }).click();
  await page.getByText(`Foyer ${reference} trouvé (Bellevue`).waitFor();
  await page.getByLabel(/^Nombre de tickets/).fill("3");
  await page.getByLabel(/^Valeur d'un ticket/).fill("12,50");
  await page.getByRole("button", { name: "Émettre le carnet" }).click();
  await page.waitForURL(/\/programme\/pass\/carnets\//, { waitUntil: "commit" });
  await page.getByText("Carnet émis.", { exact: false }).waitFor();
  const codes = page.getByRole("table", { name: "Tickets du carnet" }).locator(".ticket-code");
  expect(await codes.count()).toBe(3);
  const code = await codes.first().innerText();
  await expectAccessible(page, "booklet");
  await screenshot(page, "programme-booklet-desktop");

  // Récup'Ordi 44 is labelled Pass numérique: it redeems the ticket, once.
  await page.getByRole("link", { name: "Retour au Pass numérique" }).click();
  const codeField = page.getByLabel(/^Code du ticket/);
  await codeField.fill(code.toLowerCase().replace(/-/g, " "));
  await page.getByRole("button", { name: "Encaisser le ticket" }).click();
  await page.getByText(`Ticket ${code} encaissé : 12,50 €`).waitFor();
  // Again, with the keyboard only: Enter in the field sends the form.
  await codeField.fill(code);
  await codeField.press("Enter");
  await page.getByRole("alert").getByText("Ticket déjà encaissé").waitFor();
  expect(await codeField.getAttribute("aria-invalid")).toBe("true");
  await page
    .getByRole("table", { name: /Carnets émis/ })
    .getByRole("row", { name: /3 × 12,50/ })
    .getByText("2 tickets · 25,00 €")
    .waitFor();
  await expectAccessible(page, "ticket already redeemed");
  await screenshot(page, "programme-pass-desktop");

  await page.setViewportSize(PHONE);
  expect(await horizontalOverflow(page)).toBe(0);
  await screenshot(page, "programme-pass-phone");
  await page.goto("/programme/prets/nouveau");
  await page.getByRole("heading", { level: 1, name: "Nouveau prêt d'ordinateur" }).waitFor();
  await page.getByText(/ordinateur\(s\) en stock/).waitFor();
  await expectAccessible(page, "new loan (phone)");
  expect(await horizontalOverflow(page)).toBe(0);
  await screenshot(page, "programme-new-loan-phone");

  expect(problems.errors).toEqual([]);
  await context.close();
});

test("the Programme section comes in lazy chunks of its own", () => {
  const dist = path.resolve(__dirname, "../../client/dist");
  const chunks = fs.readdirSync(path.join(dist, "assets"));
  expect(chunks.some((f) => /^ProgrammeDashboardPage-.*\.js$/.test(f))).toBe(true);
  expect(chunks.some((f) => /^ProgrammeSection-.*\.js$/.test(f))).toBe(true);
  const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) =>
    fs.readFileSync(path.join(dist, m[1]), "utf8"),
  );
  expect(initial.length).toBeGreaterThan(0);
  for (const code of initial) {
    expect(code).not.toContain("meter-track"); // the indicators' markup
    expect(code).not.toContain("redeem-form"); // the Pass numérique forms' markup
  }
});
