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

// The import and export page of the directory, in Chromium against the server: upload with its
// progress, the dry run's report, the import, the report as CSV, the exports, and who may open it.
jest.setTimeout(180_000);

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp({ seed: "demo" }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const FIXTURES = path.resolve(__dirname, "../fixtures/interop");
const COLUMNS = fs
  .readFileSync(path.join(FIXTURES, "lmn-nantes.csv"), "utf8")
  .split("\n")[0]
  .trim()
  .split(",");
const LMN = "CSV « lieux de médiation numérique » (standard national)";

/** A national-format row: the given columns, the others empty. */
function row(values: Record<string, string>): string {
  for (const column of Object.keys(values)) expect(COLUMNS).toContain(column);
  return COLUMNS.map((c) => {
    const value = values[c] ?? "";
    return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  }).join(",");
}

/**
 * Two good rows (one without coordinates) and a bad one (postal code), with ids of their own
 * per attempt: a retried test must not find the structures of the last one.
 */
function smallCsv(stamp: string) {
  const base = {
    commune: "Nantes",
    code_insee: "44109",
    source: "Test e2e",
    date_maj: "2025-09-01",
    services: "Aide aux démarches administratives",
  };
  const ids = { good: `e2e-${stamp}-1`, noCoords: `e2e-${stamp}-2`, bad: `e2e-${stamp}-3` };
  const pivot = (n: number) => `W${stamp.slice(-8)}${n}`;
  const text = [
    COLUMNS.join(","),
    row({
      ...base,
      id: ids.good,
      pivot: pivot(1),
      nom: `Atelier numérique ${stamp}`,
      code_postal: "44000",
      adresse: "2 place du Bouffay",
      latitude: "47.2184",
      longitude: "-1.5536",
    }),
    row({
      ...base,
      id: ids.noCoords,
      pivot: pivot(2),
      nom: `Permanence sans adresse précise ${stamp}`,
      code_postal: "44100",
      adresse: "5 rue des Dervallières",
    }),
    row({
      ...base,
      id: ids.bad,
      pivot: pivot(3),
      nom: `Lieu au mauvais code postal ${stamp}`,
      code_postal: "4400",
      adresse: "4 rue Postale",
    }),
  ].join("\n");
  return { ids, text: `${text}\n` };
}

/** The figure shown for a count of the report. */
const count = (page: Page, label: string) =>
  page
    .locator(".kpis > div")
    .filter({ has: page.getByText(label, { exact: true }) })
    .locator("dd");

async function openImport(page: Page) {
  await page.getByRole("link", { name: "Import et export" }).click();
  await page.getByRole("heading", { level: 1, name: "Importer et exporter l'annuaire" }).waitFor();
}

test("a coordinator uploads a CSV, checks it, imports it, downloads the report and finds the export", async () => {
  const stamp = String(Date.now());
  const { ids, text } = smallCsv(stamp);
  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "coordination@maillage.test");
  await openImport(page);

  await page.getByLabel("Fichier à importer").setInputFiles({
    name: "lieux-nantes.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(text, "utf8"),
  });
  // The format follows the file's extension.
  expect(await page.getByLabel(LMN).isChecked()).toBe(true);
  await page.getByRole("button", { name: "Vérifier le fichier" }).click();

  // The dry run's report: nothing written yet.
  await page.getByRole("heading", { level: 2, name: "Aperçu : ce que l'import ferait" }).waitFor();
  const progress = page.getByLabel("Envoi du fichier");
  expect(await progress.evaluate((el) => el.tagName)).toBe("PROGRESS");
  const done = await progress.evaluate((el) => {
    const bar = el as unknown as { value: number; max: number };
    return { value: bar.value, max: bar.max };
  });
  expect(done.value).toBe(Buffer.byteLength(text));
  expect(done.max).toBe(Buffer.byteLength(text));
  await page.getByText("Vérification terminée : voici ce que l'import ferait.").waitFor();
  expect(await count(page, "Enregistrements lus").innerText()).toBe("3");
  expect(await count(page, "Nouvelles fiches").innerText()).toBe("2");
  expect(await count(page, "Rejetés").innerText()).toBe("1");
  expect(await count(page, "Sans coordonnées (sans quartier)").innerText()).toBe("1");
  // No geocoder in this app, and nothing of another source to match: the counts say so.
  expect(await count(page, "Localisées par leur adresse").innerText()).toBe("0");
  expect(await count(page, "Rapprochées d'une fiche d'une autre source").innerText()).toBe("0");
  expect(await count(page, "Doublons possibles à examiner").innerText()).toBe("0");
  const badRow = page.getByRole("row", { name: new RegExp(ids.bad) });
  await badRow.getByText("code_postal", { exact: true }).waitFor();
  await badRow.getByText("4400", { exact: true }).waitFor();
  expect(await badRow.getByRole("cell").first().innerText()).toBe("4");
  const before = await app.database.db.dataSource.query(
    `SELECT id FROM structure WHERE source_ref = ANY($1)`,
    [[ids.good, ids.noCoords, ids.bad]],
  );
  expect(before).toEqual([]);
  expect(describeViolations(await axeViolations(page))).toBe("");

  // The report as CSV, built in the page.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Télécharger le rapport (CSV)" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^rapport-import-.*\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
  const lines = csv.split("\r\n");
  expect(lines[0]).toBe("Ligne;Identifiant;Colonne;Gravité;Code;Message;Valeur");
  const rejected = lines.find((l) => l.startsWith(`4;${ids.bad};code_postal;Erreur;`));
  expect(rejected).toBeDefined();
  expect(rejected).toMatch(/;4400$/);

  // The import itself.
  await page.getByRole("button", { name: "Importer", exact: true }).click();
  await page.getByRole("heading", { level: 2, name: "Résultat de l'import" }).waitFor();
  await page.getByText("Import terminé.").waitFor();
  expect(await count(page, "Nouvelles fiches").innerText()).toBe("2");
  expect(await count(page, "Rejetés").innerText()).toBe("1");
  expect(await page.getByRole("button", { name: "Importer", exact: true }).count()).toBe(0);
  const after = await app.database.db.dataSource.query(
    `SELECT source_ref FROM structure WHERE source_ref = ANY($1) ORDER BY source_ref`,
    [[ids.good, ids.noCoords, ids.bad]],
  );
  expect(after.map((r: { source_ref: string }) => r.source_ref)).toEqual([ids.good, ids.noCoords]);
  expect(describeViolations(await axeViolations(page))).toBe("");
  await screenshot(page, "admin-import-report-desktop");
  // On a phone the report fits the width (its tables scroll inside their region).
  await page.setViewportSize(PHONE);
  expect(await horizontalOverflow(page)).toBe(0);
  await screenshot(page, "admin-import-report-phone");
  await page.setViewportSize(DESKTOP);

  // The exports, linked from the page, include what was just imported.
  const lmnHref = await page
    .getByRole("link", { name: "Lieux de médiation numérique (CSV, standard national)" })
    .getAttribute("href");
  const lmn = await fetch(new URL(lmnHref!, app.url));
  expect(lmn.status).toBe(200);
  expect(lmn.headers.get("content-type")).toMatch(/^text\/csv/);
  expect(await lmn.text()).toContain(`Atelier numérique ${stamp}`);
  const diHref = await page
    .getByRole("link", { name: "Structures data·inclusion (JSON)" })
    .getAttribute("href");
  const di = await fetch(new URL(diHref!, app.url));
  expect(di.status).toBe(200);
  expect(di.headers.get("content-type")).toMatch(/^application\/json/);
  expect(Array.isArray(await di.json())).toBe(true);
  expect(problems.errors).toEqual([]);
  await context.close();
});

test("errors show at the file field: none chosen, too large (413), file refused, upload gone", async () => {
  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "admin@maillage.test");
  await openImport(page);
  const fileField = page.locator(".field").filter({ has: page.getByLabel("Fichier à importer") });
  const check = page.getByRole("button", { name: "Vérifier le fichier" });

  await check.click();
  await fileField.locator(".field-error").getByText("Choisissez un fichier.").waitFor();
  expect(await fileField.getAttribute("class")).toContain("field-invalid");
  await page.locator(".error-summary").getByText("Choisissez le format du fichier.").waitFor();
  expect(describeViolations(await axeViolations(page))).toBe("");

  // The server's 413 (a proxy's limit may be lower than the page's own check).
  await page.route("**/imports/uploads", (route) =>
    route.fulfill({
      status: 413,
      contentType: "application/json",
      body: JSON.stringify({
        errors: [{ message: "Request body too large", extensions: { code: "BAD_REQUEST" } }],
      }),
    }),
  );
  await page.getByLabel("Fichier à importer").setInputFiles({
    name: "structures.json",
    mimeType: "application/json",
    buffer: Buffer.from("[]"),
  });
  expect(await page.getByLabel("JSON data·inclusion (structures et services)").isChecked()).toBe(
    true,
  );
  await check.click();
  await fileField.getByText(/Le fichier dépasse 20 Mo/).waitFor();
  await page.unroute("**/imports/uploads");

  // A file the importer refuses whole: the report says so, and offers no import.
  await page
    .getByLabel("Fichier à importer")
    .setInputFiles(path.join(FIXTURES, "lmn-missing-columns.csv"));
  await check.click();
  await page.getByRole("heading", { level: 2, name: "Fichier refusé" }).waitFor();
  await page
    .getByRole("alert")
    .getByText("Le fichier est refusé en entier : rien n'est importé.")
    .waitFor();
  expect(await page.getByRole("button", { name: "Importer", exact: true }).count()).toBe(0);

  // An upload the server no longer has (kept 24 hours): NotFoundError, shown at the field.
  await page.getByLabel("Fichier à importer").setInputFiles(path.join(FIXTURES, "lmn-nantes.csv"));
  await check.click();
  await page.getByRole("heading", { level: 2, name: "Aperçu : ce que l'import ferait" }).waitFor();
  await app.database.db.dataSource.query(`DELETE FROM import_upload`);
  await page.getByRole("button", { name: "Importer", exact: true }).click();
  await fileField.getByText(/Le fichier envoyé n'est plus disponible/).waitFor();
  expect(describeViolations(await axeViolations(page))).toBe("");
  expect(problems.errors).toEqual([]);
  await context.close();
});

test("staff and managers get a refusal and no link; anonymous visitors are sent to sign in", async () => {
  for (const email of [
    "benevole@recup-ordi.maillage.test",
    "responsable@recup-ordi.maillage.test",
  ]) {
    const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
    await signIn(page, email);
    await page.getByRole("link", { name: "Annuaire" }).first().waitFor();
    expect(await page.getByRole("link", { name: "Import et export" }).count()).toBe(0);
    await page.goto("/admin/import");
    await page.getByRole("heading", { level: 1, name: "Accès réservé" }).waitFor();
    expect(await page.getByLabel("Fichier à importer").count()).toBe(0);
    expect(problems.errors).toEqual([]);
    await context.close();
  }
  const anonymous = await openPage(browser, app.url, DESKTOP);
  await anonymous.page.goto("/admin/import");
  await anonymous.page.waitForURL(/\/connexion\?next=%2Fadmin%2Fimport/);
  expect(await anonymous.page.getByRole("link", { name: "Import et export" }).count()).toBe(0);
  await anonymous.context.close();
});
