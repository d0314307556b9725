import type { Browser, Page } from "playwright-core";
import { demoStructureId, loginAs } from "../server/support/identity";
import {
  allocationInput,
  CHARTER,
  CREATE_ALLOCATION,
  DELIVER,
  ISSUE_BOOKLET,
  newDevice,
  newWave,
  REDEEM,
  RETURN,
  run,
  UPDATE_WAVE,
} from "../server/support/programme";
import { startTestApp, type TestApp } from "../server/support/test-app";
import {
  axeViolations,
  describeViolations,
  DESKTOP,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
} from "./support/browser";

// The programme's administration in Chromium against the real server on a fresh demo database:
// a coordinator plans and changes a wave (and is told of a change made meanwhile), registers a
// device with its origin, corrects it, retires it, puts a returned one back in stock; a
// structure's manager voids a booklet with a reason; the roles that may not see no action.
jest.setTimeout(180_000);

let app: TestApp;
let browser: Browser;
let coordinator: { cookie: string };
let admin: { cookie: string };
/** A device returned by a family (through a loan of Récup'Ordi 44), for the restock. */
let returned: { id: string; inventoryId: string };
/** A booklet of 3 tickets issued by the CCAS public digital space, the first redeemed. */
let booklet: { id: string; number: string; codes: string[] };

const sql = (query: string, params: unknown[] = []) =>
  app.database.db.dataSource.query(query, params);

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp({ seed: "demo" }), launchBrowser()]);
  coordinator = { cookie: await loginAs(app, "coordination@maillage.test") };
  admin = { cookie: await loginAs(app, "admin@maillage.test") };
  const recup = { cookie: await loginAs(app, "responsable@recup-ordi.maillage.test") };
  const ccas = { cookie: await loginAs(app, "direction@ccas.maillage.test") };
  const recupId = await demoStructureId(app, "recup-ordi-44");
  const ccasId = await demoStructureId(app, "ccas-espace-public-numerique");

  const wave = await newWave(app, coordinator);
  const device = await newDevice(app, coordinator);
  const loan = await run(
    app,
    CREATE_ALLOCATION,
    { input: allocationInput(recupId, device.id, wave.id, { charter: CHARTER }) },
    recup,
  );
  if (loan.__typename !== "Allocation") throw new Error(JSON.stringify(loan));
  const delivered = await run(
    app,
    DELIVER,
    { id: loan.id, v: loan.version, on: "2025-02-01" },
    recup,
  );
  const back = await run(
    app,
    RETURN,
    { id: loan.id, v: delivered.version, on: "2025-03-01" },
    recup,
  );
  if (back.device?.status !== "RETURNED") throw new Error(JSON.stringify(back));
  returned = { id: device.id, inventoryId: device.inventoryId };

  const issued = await run(
    app,
    ISSUE_BOOKLET,
    {
      input: {
        issuerStructureId: ccasId,
        districtCode: "nantes-nord",
        ticketCount: 3,
        ticketValueCents: 1000,
      },
    },
    ccas,
  );
  if (issued.__typename !== "PassBooklet") throw new Error(JSON.stringify(issued));
  booklet = { id: issued.id, number: issued.number, codes: issued.tickets.map((t: any) => t.code) };
  const redeemed = await run(app, REDEEM, { s: recupId, code: booklet.codes[0] }, recup);
  if (redeemed.__typename !== "PassTicket") throw new Error(JSON.stringify(redeemed));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function expectAccessible(page: Page, what: string) {
  const violations = await axeViolations(page);
  if (violations.length) throw new Error(`${what}: ${describeViolations(violations)}`);
}

const focusedText = (page: Page) =>
  page.evaluate("document.activeElement?.textContent?.trim() ?? ''") as Promise<string>;

test("a coordinator plans a wave, changes it, and is told when someone changed it meanwhile", async () => {
  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "coordination@maillage.test");
  await page.goto("/pilotage/programme");
  await page.getByRole("link", { name: "Planifier ou modifier les vagues" }).waitFor();
  await page.getByRole("link", { name: "Vagues de prêt", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Vagues de prêt d'ordinateurs" }).waitFor();
  // The demo plan's waves are listed.
  await page.getByRole("row", { name: /^Cité éducative Bellevue/ }).waitFor();
  await expectAccessible(page, "waves");

  // Nothing typed: refused before any request, each field says why.
  await page.getByRole("button", { name: "Planifier la vague" }).click();
  await page.getByText("Le formulaire contient des erreurs").waitFor();
  expect(await page.getByLabel("Nom de la vague").getAttribute("aria-invalid")).toBe("true");
  expect(await page.getByRole("group", { name: "Quartiers couverts" }).innerText()).toContain(
    "Indiquez des quartiers ou un réseau scolaire.",
  );
  await expectAccessible(page, "waves, local errors");

  // The server's rule: the districts' shares cannot exceed the wave's total.
  const name = `Vague des collèges ${Date.now()}`;
  await page.getByLabel("Nom de la vague").fill(name);
  await page.getByLabel("Mois de début des remises").fill("2026-10");
  await page.getByLabel("Nombre d'ordinateurs prévus").fill("40");
  await page.getByRole("checkbox", { name: "Nantes Nord" }).check();
  await page.getByLabel("Part de Nantes Nord").fill("55");
  await page.getByRole("button", { name: "Planifier la vague" }).click();
  await page
    .getByRole("group", { name: "Quartiers couverts" })
    .getByText("La somme des parts des quartiers dépasse le nombre prévu.")
    .waitFor();
  expect(await sql(`SELECT 1 FROM device_wave WHERE name = $1`, [name])).toHaveLength(0);
  await page.getByLabel("Part de Nantes Nord").fill("25");
  await page.getByRole("button", { name: "Planifier la vague" }).click();
  await page.getByText(`Vague « ${name} » planifiée.`).waitFor();
  const row = page.getByRole("row", { name: new RegExp(`^${name}`) });
  expect(await row.innerText()).toMatch(/octobre 2026\s+40\s+Nantes Nord \(25\)/);

  // Changed: the form opens with the wave, its heading takes the focus.
  await row.getByRole("button", { name: `Modifier la vague « ${name} »` }).click();
  await page.getByRole("heading", { name: `Modifier la vague « ${name} »` }).waitFor();
  expect(await focusedText(page)).toBe(`Modifier la vague « ${name} »`);
  expect(await page.getByLabel("Nombre d'ordinateurs prévus").inputValue()).toBe("40");
  await page.getByLabel("Nombre d'ordinateurs prévus").fill("45");
  await page.getByLabel("Réseau scolaire visé").fill("Collège Rosa Parks");
  await page.getByRole("button", { name: "Enregistrer la vague" }).click();
  await page.getByText(`Vague « ${name} » enregistrée.`).waitFor();
  expect(await row.innerText()).toMatch(/45\s+Nantes Nord \(25\)\s+Collège Rosa Parks/);
  const [saved] = await sql(
    `SELECT id, planned_count, school_network, version FROM device_wave WHERE name = $1`,
    [name],
  );
  expect(saved).toMatchObject({
    planned_count: 45,
    school_network: "Collège Rosa Parks",
    version: 2,
  });

  // Someone else changes it while the form is open: refused, said, and reloaded into the form.
  await row.getByRole("button", { name: `Modifier la vague « ${name} »` }).click();
  const other = await run(
    app,
    UPDATE_WAVE,
    { id: saved.id, v: 2, input: { plannedCount: 60 } },
    admin,
  );
  expect(other.__typename).toBe("DeviceWave");
  await page.getByLabel("Nombre d'ordinateurs prévus").fill("50");
  await page.getByRole("button", { name: "Enregistrer la vague" }).click();
  const conflict = page.getByRole("alert").filter({ hasText: "modifiée entre-temps" });
  await conflict.waitFor();
  expect(await page.getByLabel("Nombre d'ordinateurs prévus").inputValue()).toBe("60");
  expect(await row.innerText()).toContain("60");
  await expectAccessible(page, "waves, conflict");
  await screenshot(page, "programme-admin-wave-conflict-desktop");
  await page.getByLabel("Nombre d'ordinateurs prévus").fill("50");
  await page.getByRole("button", { name: "Enregistrer la vague" }).click();
  await page.getByText(`Vague « ${name} » enregistrée.`).waitFor();
  expect(
    (await sql(`SELECT planned_count, version FROM device_wave WHERE id = $1`, [saved.id]))[0],
  ).toEqual({ planned_count: 50, version: 4 });
  expect(problems.errors).toEqual([]);
  await context.close();
});

test("a coordinator registers a device with its origin, corrects it, retires it, and restocks a returned one", async () => {
  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "coordination@maillage.test");
  await page.goto("/pilotage/programme");
  await page.getByRole("link", { name: "Équipements", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Équipements du programme" }).waitFor();
  await page.getByRole("row", { name: /^DEMO-PC-001/ }).waitFor();
  await expectAccessible(page, "devices");

  const inventoryId = `E2E-${Date.now()}`;
  await page.getByRole("textbox", { name: "Numéro d'inventaire", exact: true }).fill(inventoryId);
  await page
    .getByRole("combobox", { name: "Type", exact: true })
    .selectOption({ label: "Tablette" });
  await page.getByRole("textbox", { name: "Origine", exact: true }).fill("Banque des Territoires");
  await page.getByRole("button", { name: "Ajouter l'équipement" }).click();
  await page.getByText(`Équipement ${inventoryId} ajouté, en stock.`).waitFor();
  expect(
    (
      await sql(`SELECT kind, origin, status FROM device WHERE inventory_id = $1`, [inventoryId])
    )[0],
  ).toEqual({ kind: "TABLET", origin: "Banque des Territoires", status: "IN_STOCK" });

  // The same inventory number again: the server's error is shown at the field.
  await page.getByRole("textbox", { name: "Numéro d'inventaire", exact: true }).fill(inventoryId);
  await page
    .getByRole("combobox", { name: "Type", exact: true })
    .selectOption({ label: "Portable" });
  await page.getByRole("textbox", { name: "Origine", exact: true }).fill("Mécénat d'entreprise");
  await page.getByRole("button", { name: "Ajouter l'équipement" }).click();
  await page.locator("#field-inventoryId-error", { hasText: "existe déjà" }).waitFor();
  expect(
    await page
      .getByRole("textbox", { name: "Numéro d'inventaire", exact: true })
      .getAttribute("aria-invalid"),
  ).toBe("true");
  await expectAccessible(page, "devices, server error");

  // Find it, correct its origin.
  await page.getByLabel("Numéro d'inventaire ou origine").fill(inventoryId);
  await page.getByRole("button", { name: "Rechercher" }).click();
  const row = page.getByRole("row", { name: new RegExp(`^${inventoryId}`) });
  await row.waitFor();
  await page.getByText("1 équipement(s) affiché(s) sur 1.").waitFor();
  expect(await row.innerText()).toMatch(/Tablette\s+Banque des Territoires\s+En stock/);
  await row.getByRole("button", { name: `Modifier ${inventoryId}` }).click();
  await page.getByRole("heading", { name: `Modifier l'équipement ${inventoryId}` }).waitFor();
  await page
    .getByRole("textbox", { name: "Origine", exact: true })
    .fill("Banque des Territoires — agence de Nantes");
  await page.getByRole("button", { name: "Enregistrer l'équipement" }).click();
  await page.getByText(`Équipement ${inventoryId} enregistré.`).waitFor();
  await row.getByText("Banque des Territoires — agence de Nantes").waitFor();
  // In stock: it may be retired, not restocked.
  expect(await row.getByRole("button", { name: `Remettre en stock ${inventoryId}` }).count()).toBe(
    0,
  );

  // Retire, asked once more; the confirmation takes the focus and answers the keyboard.
  await row.getByRole("button", { name: `Retirer du programme ${inventoryId}` }).click();
  await row.getByText(`Retirer ${inventoryId} du programme ?`).waitFor();
  expect(await focusedText(page)).toBe(`Oui, retirer ${inventoryId}`);
  await expectAccessible(page, "devices, retire confirmation");
  await screenshot(page, "programme-admin-device-retire-desktop");
  await page.keyboard.press("Enter");
  await page.getByText(`Équipement ${inventoryId} retiré du programme.`).waitFor();
  await row.getByText("Retiré du programme", { exact: true }).waitFor();
  expect(await row.getByRole("button").count()).toBe(1);
  await row.getByRole("button", { name: `Modifier ${inventoryId}`, exact: true }).waitFor();
  expect(
    (await sql(`SELECT status, version FROM device WHERE inventory_id = $1`, [inventoryId]))[0],
  ).toEqual({ status: "RETIRED", version: 3 });

  // A returned device goes back in stock.
  await page.getByLabel("Numéro d'inventaire ou origine").fill(returned.inventoryId);
  await page
    .getByRole("combobox", { name: "Statut", exact: true })
    .selectOption({ label: "Rendu" });
  await page.getByRole("button", { name: "Rechercher" }).click();
  const back = page.getByRole("row", { name: new RegExp(`^${returned.inventoryId}`) });
  await back.getByText("Rendu", { exact: true }).waitFor();
  await back.getByRole("button", { name: `Remettre en stock ${returned.inventoryId}` }).click();
  await page.getByText(`Équipement ${returned.inventoryId} remis en stock.`).waitFor();
  await back.getByText("En stock", { exact: true }).waitFor();
  expect((await sql(`SELECT status FROM device WHERE id = $1`, [returned.id]))[0].status).toBe(
    "IN_STOCK",
  );
  // Back in stock: no longer restocked, but it may be retired.
  expect(
    await back.getByRole("button", { name: `Remettre en stock ${returned.inventoryId}` }).count(),
  ).toBe(0);
  await page
    .getByRole("combobox", { name: "Statut", exact: true })
    .selectOption({ label: "Tous les statuts" });
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByText("1 équipement(s) affiché(s) sur 1.").waitFor();

  // Changed by someone else meanwhile: the retirement is refused, said, and the row reloaded.
  await back.getByRole("button", { name: `Retirer du programme ${returned.inventoryId}` }).click();
  const [{ version }] = await sql(`SELECT version FROM device WHERE id = $1`, [returned.id]);
  const changed = await run(
    app,
    `mutation ($id: ID!, $v: Int!) { updateDevice(id: $id, expectedVersion: $v, input: { origin: "Ville de Nantes" }) { __typename } }`,
    { id: returned.id, v: version },
    admin,
  );
  expect(changed.__typename).toBe("Device");
  await page.getByRole("button", { name: `Oui, retirer ${returned.inventoryId}` }).click();
  await page
    .getByRole("alert")
    .filter({ hasText: `L'équipement ${returned.inventoryId} a été modifié entre-temps` })
    .waitFor();
  await back.getByText("Ville de Nantes").waitFor();
  expect((await sql(`SELECT status FROM device WHERE id = $1`, [returned.id]))[0].status).toBe(
    "IN_STOCK",
  );
  await expectAccessible(page, "devices, conflict");
  expect(problems.errors).toEqual([]);
  await context.close();
});

test("the issuing structure's manager voids a booklet with a reason; it shows voided, its tickets are refused", async () => {
  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "direction@ccas.maillage.test");
  await page.goto(`/programme/pass/carnets/${booklet.id}`);
  await page.getByRole("heading", { level: 1, name: `Carnet ${booklet.number}` }).waitFor();
  await page.getByRole("heading", { name: "Annuler le carnet" }).waitFor();
  await expectAccessible(page, "booklet");

  // No reason: refused before the request.
  await page.getByRole("button", { name: "Annuler le carnet", exact: true }).click();
  await page.getByText("Indiquez le motif (3 caractères au moins).").waitFor();
  expect(await page.getByLabel("Motif de l'annulation").getAttribute("aria-invalid")).toBe("true");
  expect((await sql(`SELECT voided_at FROM pass_booklet WHERE id = $1`, [booklet.id]))[0]).toEqual({
    voided_at: null,
  });

  await page.getByLabel("Motif de l'annulation").fill("  Carnet perdu par la famille  ");
  await page.getByRole("button", { name: "Annuler le carnet", exact: true }).click();
  await page
    .getByText(
      new RegExp(`^Annuler le carnet ${booklet.number} \\? 2 tickets · 20,00\\s€ ne pourront`),
    )
    .waitFor();
  expect(await focusedText(page)).toBe("Oui, annuler le carnet");
  await expectAccessible(page, "booklet, confirmation");
  await screenshot(page, "programme-admin-booklet-void-confirm-desktop");
  await page.getByRole("button", { name: "Oui, annuler le carnet" }).click();
  await page
    .getByText("Carnet annulé : ses tickets restants ne peuvent plus être encaissés.")
    .waitFor();

  const facts = page.locator("dl.facts");
  await facts.getByText(/^Annulé le /).waitFor();
  expect(await facts.innerText()).toMatch(/Motif de l'annulation\s+Carnet perdu par la famille/);
  expect(await facts.innerText()).toMatch(/Reste\s+0 ticket · 0,00\s€/);
  expect(await facts.innerText()).toMatch(/Annulés\s+2 tickets · 20,00\s€/);
  const states = await page
    .getByRole("table", { name: "Tickets du carnet" })
    .locator("tbody tr td:last-child")
    .allInnerTexts();
  expect(states[0]).toMatch(/^Encaissé le/);
  expect(states.slice(1)).toEqual(["Annulé (carnet annulé)", "Annulé (carnet annulé)"]);
  expect(await page.getByRole("heading", { name: "Annuler le carnet" }).count()).toBe(0);
  const [row] = await sql(`SELECT void_reason, voided_by FROM pass_booklet WHERE id = $1`, [
    booklet.id,
  ]);
  expect(row.void_reason).toBe("Carnet perdu par la famille");
  expect(row.voided_by).not.toBeNull();
  await expectAccessible(page, "booklet, voided");
  await screenshot(page, "programme-admin-booklet-voided-desktop");
  await context.close();

  // A structure labelled Pass numérique is told the ticket is not to be accepted.
  const recup = await openPage(browser, app.url, DESKTOP);
  await signIn(recup.page, "benevole@recup-ordi.maillage.test");
  await recup.page.goto("/programme/pass");
  await recup.page.getByLabel("Code du ticket").fill(booklet.codes[1]);
  await recup.page.getByRole("button", { name: "Encaisser le ticket" }).click();
  await recup.page
    .getByText(/Ce ticket appartient à un carnet annulé le .*: il ne peut plus être encaissé/)
    .first()
    .waitFor();
  expect(
    (await sql(`SELECT redeemed_at FROM pass_ticket WHERE code = $1`, [booklet.codes[1]]))[0]
      .redeemed_at,
  ).toBeNull();
  expect([...problems.errors, ...recup.problems.errors]).toEqual([]);
  await recup.context.close();
});

test("who may not: staff see no void action, a structure's manager cannot open the plan's screens", async () => {
  const staff = await openPage(browser, app.url, DESKTOP);
  await signIn(staff.page, "mediation@ccas.maillage.test");
  const fresh = await run(
    app,
    ISSUE_BOOKLET,
    {
      input: {
        issuerStructureId: await demoStructureId(app, "ccas-espace-public-numerique"),
        districtCode: "nantes-nord",
        ticketCount: 1,
        ticketValueCents: 500,
      },
    },
    { cookie: await loginAs(app, "mediation@ccas.maillage.test") },
  );
  await staff.page.goto(`/programme/pass/carnets/${fresh.id}`);
  await staff.page.getByRole("heading", { level: 1, name: `Carnet ${fresh.number}` }).waitFor();
  await staff.page.getByRole("table", { name: "Tickets du carnet" }).waitFor();
  expect(await staff.page.getByRole("heading", { name: "Annuler le carnet" }).count()).toBe(0);
  expect(
    await staff.page.getByRole("button", { name: "Annuler le carnet", exact: true }).count(),
  ).toBe(0);
  await expectAccessible(staff.page, "booklet, staff");
  await staff.context.close();

  const manager = await openPage(browser, app.url, DESKTOP);
  await signIn(manager.page, "responsable@recup-ordi.maillage.test");
  expect(await manager.page.getByRole("link", { name: "Pilotage" }).count()).toBe(0);
  for (const path of ["/pilotage/programme/vagues", "/pilotage/programme/equipements"]) {
    await manager.page.goto(path);
    await manager.page.getByRole("heading", { name: "Accès réservé" }).waitFor();
    expect(
      await manager.page
        .getByRole("button", { name: /Planifier la vague|Ajouter l'équipement/ })
        .count(),
    ).toBe(0);
  }
  await expectAccessible(manager.page, "refused");
  expect([...staff.problems.errors, ...manager.problems.errors]).toEqual([]);
  await manager.context.close();
});
