import type { Browser } from "playwright-core";
import { DEMO_PASSWORD } from "../../server/src/seed/demo-accounts";
import { demoStructureId } from "../server/support/identity";
import { startTestApp, type TestApp } from "../server/support/test-app";
import {
  axeViolations,
  describeViolations,
  DESKTOP,
  launchBrowser,
  openPage,
  signIn,
} from "./support/browser";
import { referralsBothWays } from "./support/demo-data";

// Accounts and invitations, residents' data (journal, erasure), and a session that ends mid-form.
jest.setTimeout(120_000);

let app: TestApp;
let browser: Browser;
const sql = (query: string, params: unknown[] = []) =>
  app.database.db.dataSource.query(query, params);

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp({ seed: "demo" }), launchBrowser()]);
  await referralsBothWays(app);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test("an admin sees every account with its SIRET, changes a network role, invites a coordinator, sends again and revokes", async () => {
  await sql(
    `UPDATE app_user SET siret = '21440109300015' WHERE email = 'mediation@ccas.maillage.test'`,
  );
  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "admin@maillage.test");
  await page.getByRole("link", { name: "Comptes" }).click();
  await page.getByRole("heading", { level: 1, name: "Comptes et rôles du réseau" }).waitFor();
  const sacha = page.getByRole("row", { name: /mediation@ccas\.maillage\.test/ });
  await sacha.getByText("21440109300015").waitFor();
  // An admin cannot take away its own role: the choice is not offered.
  expect(await page.getByLabel("Rôle de Alex Admin dans le réseau").isDisabled()).toBe(true);
  await page.getByLabel("Rôle de Sacha (CCAS) dans le réseau").selectOption("COORDINATOR");
  await page.getByText("Le rôle de Sacha (CCAS) est changé.").waitFor();
  expect(
    await sql(`SELECT global_role FROM app_user WHERE email = 'mediation@ccas.maillage.test'`),
  ).toEqual([{ global_role: "COORDINATOR" }]);
  await page.getByLabel("Rôle de Sacha (CCAS) dans le réseau").selectOption("");
  await page.getByText("Le rôle de Sacha (CCAS) est changé.").waitFor();

  // An invalid address is refused next to the field, then a coordinator is invited.
  const email = page.getByRole("textbox", { name: /^Adresse e-mail/ });
  await email.fill("pas-une-adresse");
  await page.getByRole("button", { name: "Envoyer l'invitation" }).click();
  await page.locator(".field-invalid").first().waitFor();
  await email.fill(`coordination.${Date.now()}@example.org`);
  const invited = await email.inputValue();
  await page.getByRole("button", { name: "Envoyer l'invitation" }).click();
  const pending = page.getByRole("row", { name: new RegExp(invited.replace(/\./g, "\\.")) });
  await pending.getByText("Coordination", { exact: true }).waitFor();
  const firstLink = await page.locator("code").first().textContent();
  expect(describeViolations(await axeViolations(page))).toBe("");

  await pending.getByRole("button", { name: /^Renvoyer/ }).click();
  await page.getByText(/l'ancien lien ne fonctionne plus/).waitFor();
  const secondLink = await page
    .getByRole("region", { name: "Invitations en attente" })
    .locator("code")
    .textContent();
  expect(secondLink).toMatch(/\/invitation\//);
  expect(secondLink).not.toBe(firstLink);

  // Revoking asks first; "Annuler" keeps the invitation.
  await pending.getByRole("button", { name: /^Annuler l'invitation/ }).click();
  await pending.getByText(/Son lien ne permettra plus de rejoindre Maillage/).waitFor();
  expect(describeViolations(await axeViolations(page))).toBe("");
  await pending.getByRole("button", { name: "Annuler", exact: true }).click();
  await pending.getByRole("button", { name: /^Annuler l'invitation/ }).click();
  await pending.getByRole("button", { name: "Oui, annuler l'invitation" }).click();
  await page.getByText(`L'invitation de ${invited} est annulée.`).waitFor();
  expect(await pending.count()).toBe(0);
  const [row] = await sql(`SELECT revoked_at FROM invitation WHERE email = $1`, [invited]);
  expect(row.revoked_at).not.toBeNull();
  expect(problems.errors).toEqual([]);
  await context.close();

  const manager = await openPage(browser, app.url, DESKTOP);
  await signIn(manager.page, "direction@ccas.maillage.test");
  expect(await manager.page.getByRole("link", { name: "Comptes" }).count()).toBe(0);
  await manager.page.goto("/admin/comptes");
  await manager.page.getByRole("heading", { name: "Accès réservé" }).waitFor();
  await manager.context.close();
});

test("a manager sees the structure's pending invitations and revokes one; its link then opens nothing", async () => {
  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "responsable@recup-ordi.maillage.test");
  const recup = await demoStructureId(app, "recup-ordi-44");
  await page.goto(`/structures/${recup}/membres`);
  const address = `renfort.${Date.now()}@example.org`;
  await page.getByRole("textbox", { name: /^Adresse e-mail/ }).fill(address);
  await page.getByRole("button", { name: "Envoyer l'invitation" }).click();
  const link = (await page.locator("code").first().textContent())!;
  const pending = page
    .getByRole("region", { name: "Invitations en attente" })
    .getByRole("row", { name: new RegExp(address.replace(/\./g, "\\.")) });
  await pending.getByText("Équipe", { exact: true }).waitFor();
  await pending.getByRole("button", { name: /^Annuler l'invitation/ }).click();
  await pending.getByRole("button", { name: "Oui, annuler l'invitation" }).click();
  await page.getByText(`L'invitation de ${address} est annulée.`).waitFor();
  expect(describeViolations(await axeViolations(page))).toBe("");
  expect(problems.errors).toEqual([]);
  await context.close();

  const invitee = await openPage(browser, app.url, DESKTOP);
  await invitee.page.goto(new URL(link).pathname);
  await invitee.page.getByLabel("Votre nom").fill("Renfort");
  await invitee.page.getByLabel("Mot de passe").fill("une phrase de passe solide");
  await invitee.page.getByRole("button", { name: "Accepter l'invitation" }).click();
  await invitee.page
    .getByText(/inconnu, déjà utilisé ou expiré/)
    .first()
    .waitFor();
  await invitee.context.close();
});

test("the sender's manager reads the access journal and erases the resident's data, after confirming; the receiver's staff cannot", async () => {
  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "direction@ccas.maillage.test");
  const ccas = await demoStructureId(app, "ccas-espace-public-numerique");
  await page.goto(`/tableau?structure=${ccas}&tab=sent`);
  const card = page.locator("article").filter({ hasText: "vers RéCup'Ordi 44" }).first();
  await card.getByRole("button", { name: "Voir la personne et l'historique" }).click();
  await card.getByText("Personne", { exact: true }).waitFor();
  await card.getByText("Journal des accès aux données de la personne").click();
  await card
    .getByText(/données consultées — Dominique \(CCAS\)/)
    .first()
    .waitFor();
  await card.getByText(/données enregistrées/).waitFor();
  expect(describeViolations(await axeViolations(page))).toBe("");

  await card.getByRole("button", { name: "Effacer les données de la personne" }).click();
  await card.getByText(/C'est définitif/).waitFor();
  await card.getByRole("button", { name: "Oui, effacer définitivement" }).click();
  await card.getByText("Les données de la personne ont été effacées.").waitFor();
  expect(
    await card.getByRole("button", { name: "Effacer les données de la personne" }).count(),
  ).toBe(0);
  expect(problems.errors).toEqual([]);
  await context.close();

  const receiver = await openPage(browser, app.url, DESKTOP);
  await signIn(receiver.page, "benevole@recup-ordi.maillage.test");
  await receiver.page.goto("/tableau?tab=received");
  const received = receiver.page
    .locator("article")
    .filter({ hasText: "de Espace public numérique du CCAS" })
    .first();
  await received.getByRole("button", { name: "Voir la personne et l'historique" }).click();
  await received.getByText("Journal des accès aux données de la personne").waitFor();
  expect(
    await received.getByRole("button", { name: "Effacer les données de la personne" }).count(),
  ).toBe(0);
  await receiver.context.close();
});

test("a session that ends mid-form keeps what was typed and comes back to it after signing in", async () => {
  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "mediation@ccas.maillage.test");
  const recup = await demoStructureId(app, "recup-ordi-44");
  await page.goto(`/orientations/nouvelle?structure=${recup}&need=AFFORDABLE_EQUIPMENT`);
  await page.getByText("Structure choisie :").waitFor();
  await page.getByLabel("Quartier de résidence").selectOption("bellevue-chantenay-sainte-anne");
  // A name of its own per attempt: a retried test must not count the rows of the last one.
  const firstName = `Nadia${Date.now() % 100000}`;
  await page.getByLabel("Prénom").fill(firstName);
  await page.getByLabel("Nom ou initiale").fill("K.");
  await page.getByLabel("Numéro de téléphone").fill("06 11 22 33 44");
  await page.getByLabel("J'ai lu ce texte à la personne et elle a donné son accord.").check();

  // The session ends on the server (expired, or closed from another device).
  await sql(
    `DELETE FROM user_session WHERE user_id = (SELECT id FROM app_user WHERE email = 'mediation@ccas.maillage.test')`,
  );
  await page.getByRole("button", { name: "Envoyer l'orientation" }).click();
  await page.waitForURL(/\/connexion\?next=/, { waitUntil: "commit" });
  await page.getByText(/ce que vous étiez en train de saisir vous attend/).waitFor();
  expect(describeViolations(await axeViolations(page))).toBe("");
  await page.getByLabel("Adresse e-mail").fill("mediation@ccas.maillage.test");
  await page.getByLabel("Mot de passe").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();

  await page.getByRole("heading", { level: 1, name: "Nouvelle orientation" }).waitFor();
  expect(await page.getByLabel("Prénom").inputValue()).toBe(firstName);
  expect(await page.getByLabel("Numéro de téléphone").inputValue()).toBe("06 11 22 33 44");
  await page.getByRole("button", { name: "Envoyer l'orientation" }).click();
  await page.getByText("Orientation envoyée.").waitFor();
  const created = await sql(
    `SELECT count(*)::int AS n FROM referral WHERE resident_first_name = $1`,
    [firstName],
  );
  expect(created).toEqual([{ n: 1 }]);

  // Someone else signing in on that browser after a session ended never sees the first one's form.
  await page.goto(`/orientations/nouvelle?structure=${recup}&need=AFFORDABLE_EQUIPMENT`);
  await page.getByLabel("Quartier de résidence").selectOption("bellevue-chantenay-sainte-anne");
  await page.getByLabel("Prénom").fill("Ophélie");
  await page.getByLabel("Numéro de téléphone").fill("06 55 44 33 22");
  await page.getByLabel("J'ai lu ce texte à la personne et elle a donné son accord.").check();
  await sql(
    `DELETE FROM user_session WHERE user_id = (SELECT id FROM app_user WHERE email = 'mediation@ccas.maillage.test')`,
  );
  await page.getByRole("button", { name: "Envoyer l'orientation" }).click();
  await page.waitForURL(/\/connexion\?next=/, { waitUntil: "commit" });
  await page.getByLabel("Adresse e-mail").fill("direction@ccas.maillage.test");
  await page.getByLabel("Mot de passe").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("heading", { level: 1, name: "Nouvelle orientation" }).waitFor();
  expect(await page.getByLabel("Prénom").inputValue()).toBe("");
  expect(problems.errors).toEqual([]);
  await context.close();
});
