import type { Browser } from "playwright-core";
import { waitFor } from "../server/support/live";
import { startTestApp, type TestApp } from "../server/support/test-app";
import {
  axeViolations,
  describeViolations,
  DESKTOP,
  launchBrowser,
  openPage,
  signIn,
} from "./support/browser";

// Settings, the forgotten-password loop and the admins' outbox, in Chromium against the server.
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

test("a manager chooses a daily digest and sets the structure's shared address; errors show at the field", async () => {
  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "responsable@recup-ordi.maillage.test");
  await page.getByRole("link", { name: "Paramètres" }).click();
  await page.getByLabel("Un récapitulatif par jour (vers 8 h)").check();
  await page.getByLabel("Anglais").check();
  await page.getByRole("button", { name: "Enregistrer" }).first().click();
  await page.getByText("Vos choix sont enregistrés.").waitFor();

  const address = page.getByLabel("Adresse partagée");
  await address.fill("pas une adresse");
  await page.getByRole("button", { name: "Enregistrer" }).nth(1).click();
  await page.locator(".field-invalid").first().waitFor();
  expect(describeViolations(await axeViolations(page))).toBe("");
  await address.fill("accueil@recup-ordi.example.org");
  await page.getByRole("button", { name: "Enregistrer" }).nth(1).click();
  await page.getByText("L'adresse de notification est enregistrée.").waitFor();

  await page.reload();
  await page.getByLabel("Un récapitulatif par jour (vers 8 h)").waitFor();
  expect(await page.getByLabel("Un récapitulatif par jour (vers 8 h)").isChecked()).toBe(true);
  expect(await page.getByLabel("Anglais").isChecked()).toBe(true);
  expect(await page.getByLabel("Adresse partagée").inputValue()).toBe(
    "accueil@recup-ordi.example.org",
  );
  const [row] = await app.database.db.dataSource.query(
    `SELECT u.notification_mode, u.locale, s.notification_email FROM app_user u, structure s
      WHERE u.email = 'responsable@recup-ordi.maillage.test' AND s.source_ref = 'recup-ordi-44'`,
  );
  expect(row).toEqual({
    notification_mode: "DAILY_DIGEST",
    locale: "en",
    notification_email: "accueil@recup-ordi.example.org",
  });

  // Signing out everywhere, after confirming, closes this session too.
  await page.getByRole("button", { name: "Se déconnecter partout" }).click();
  await page.getByRole("button", { name: "Oui, me déconnecter partout" }).click();
  await page.waitForURL(/\/connexion/, { waitUntil: "commit" });
  const [open] = await app.database.db.dataSource.query(
    `SELECT count(*)::int AS n FROM user_session s JOIN app_user u ON u.id = s.user_id
      WHERE u.email = 'responsable@recup-ordi.maillage.test' AND s.revoked_at IS NULL`,
  );
  expect(open.n).toBe(0);
  expect(problems.errors).toEqual([]);
  await context.close();
});

test("a forgotten password: the link from the e-mail sets a new one, and works once", async () => {
  // An account no other test of this file signs in with: its password changes here.
  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await page.goto("/connexion");
  await page.getByRole("link", { name: "Mot de passe oublié ?" }).click();
  await page.getByLabel("Adresse e-mail").fill("accueil@france-services-nord.maillage.test");
  await page.getByRole("button", { name: "Recevoir le lien" }).click();
  await page.getByText(/Si un compte utilise cette adresse/).waitFor();
  expect(describeViolations(await axeViolations(page))).toBe("");

  await waitFor(
    () => app.mails.some((m) => m.to === "accueil@france-services-nord.maillage.test"),
    5000,
    "the reset e-mail",
  );
  const mail = app.mails.find((m) => m.to === "accueil@france-services-nord.maillage.test")!;
  const link = /http:\/\/localhost:4000(\/mot-de-passe\/[\w-]+)/.exec(mail.text)![1];
  await page.goto(link);
  await page.getByLabel("Nouveau mot de passe").fill("court");
  await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
  await page.locator(".field-invalid").waitFor();
  await page.getByLabel("Nouveau mot de passe").fill("une phrase de passe toute neuve");
  await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
  await page.getByText(/Votre mot de passe est changé/).waitFor();

  // The link works once.
  await page.goto(link);
  await page.getByLabel("Nouveau mot de passe").fill("encore une autre phrase");
  await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
  await page
    .getByText(/Ce lien est inconnu, déjà utilisé ou expiré/)
    .first()
    .waitFor();
  expect(problems.errors).toEqual([]);
  await context.close();
});

test("an admin sees a failed e-mail with the server's answer and sends it again; others cannot open the page", async () => {
  await app.database.db.dataSource.query(
    `INSERT INTO outbox (kind, recipient, locale, payload, state, attempts, last_error)
     VALUES ('invitation', 'refus@example.org', 'fr', '{"link": "http://localhost:4000/invitation/x"}',
             'FAILED', 1, '550 5.1.1 mailbox unavailable')`,
  );
  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "admin@maillage.test");
  await page.getByRole("link", { name: "Courriels" }).click();
  const row = page.getByRole("row", { name: /refus@example\.org/ });
  await row.getByText("550 5.1.1 mailbox unavailable").waitFor();
  expect(describeViolations(await axeViolations(page))).toBe("");
  await row.getByRole("button", { name: /Renvoyer/ }).click();
  await page.getByText("Le message vers refus@example.org est remis en file d'envoi.").waitFor();
  await waitFor(
    () => app.mails.some((m) => m.to === "refus@example.org"),
    5000,
    "the resent e-mail",
  );
  await context.close();

  const staff = await openPage(browser, app.url, DESKTOP);
  await signIn(staff.page, "benevole@recup-ordi.maillage.test");
  expect(await staff.page.getByRole("link", { name: "Courriels" }).count()).toBe(0);
  await staff.page.goto("/admin/courriels");
  await staff.page.getByRole("heading", { name: "Accès réservé" }).waitFor();
  expect(problems.errors).toEqual([]);
  await staff.context.close();
});

test("a manager creates an API token, sees it once, and revokes it; staff cannot open the page", async () => {
  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "direction@ccas.maillage.test");
  await page.goto("/parametres");
  await page
    .getByRole("link", { name: /^Jetons d'API de CCAS/ })
    .first()
    .click();
  await page.getByRole("heading", { level: 1, name: "Jetons d'API" }).waitFor();
  await page.getByRole("button", { name: "Créer le jeton" }).click();
  await page.locator(".field-invalid").waitFor(); // a name is required
  // A name of its own per attempt: a retried test must not find the rows of the last one.
  const name = `Agenda de l'accueil ${Date.now()}`;
  await page.getByRole("textbox", { name: /^Nom/ }).fill(name);
  await page.getByRole("button", { name: "Créer le jeton" }).click();
  await page.getByText(/Copiez-le maintenant : il ne sera plus jamais affiché/).waitFor();
  const token = await page.getByLabel("Jeton", { exact: true }).inputValue();
  expect(token.length).toBeGreaterThan(30);
  expect(describeViolations(await axeViolations(page))).toBe("");
  // The token works, once shown; after a reload only its first characters are left.
  const works = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "{ viewer { kind } }" }),
  }).then((r) => r.json() as Promise<{ data: { viewer: { kind: string } } }>);
  expect(works.data.viewer.kind).toBe("TOKEN");
  await page.reload();
  const row = page.getByRole("row", { name: new RegExp(`^${name}`) });
  await row.waitFor();
  expect(await page.content()).not.toContain(token);
  await row.getByRole("button", { name: /Révoquer/ }).click();
  await page.getByText(`Le jeton « ${name} » est révoqué : il ne permet plus rien.`).waitFor();
  const refused = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "{ viewer { kind } }" }),
  });
  expect(refused.status).toBe(401);
  expect(problems.errors).toEqual([]);
  const url = page.url();
  await context.close();

  const staff = await openPage(browser, app.url, DESKTOP);
  await signIn(staff.page, "mediation@ccas.maillage.test");
  await staff.page.goto(new URL(url).pathname);
  await staff.page
    .getByText("Les jetons d'API d'une structure sont gérés par ses responsables.")
    .waitFor();
  await staff.context.close();
});

test("a manager sees the members with their last sign-in, invites staff only, and removes a staff member", async () => {
  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "responsable@recup-ordi.maillage.test");
  await page.goto("/parametres");
  await page.getByRole("link", { name: /^Membres de RéCup'Ordi 44/ }).click();
  const row = page.getByRole("row", { name: /benevole@recup-ordi\.maillage\.test/ });
  await row.waitFor();
  // A manager may not invite a manager: the choice is not offered.
  const options = await page
    .getByLabel("Rôle", { exact: true })
    .locator("option")
    .allTextContents();
  expect(options).toEqual(["Équipe"]);
  await page.getByRole("textbox", { name: /^Adresse e-mail/ }).fill("nouveau.benevole@example.org");
  await page.getByRole("button", { name: "Envoyer l'invitation" }).click();
  await page.getByText("Invitation envoyée à nouveau.benevole@example.org.").waitFor();
  await page.getByText(/\/invitation\//).waitFor();
  expect(describeViolations(await axeViolations(page))).toBe("");
  await row.getByRole("button", { name: /Retirer/ }).click();
  await page.getByText(/ne fait plus partie de la structure/).waitFor();
  await page
    .getByRole("row", { name: /benevole@recup-ordi\.maillage\.test/ })
    .waitFor({ state: "detached" });
  expect(problems.errors).toEqual([]);
  const membersPath = new URL(page.url()).pathname;
  await context.close();

  const admin = await openPage(browser, app.url, DESKTOP);
  await signIn(admin.page, "admin@maillage.test");
  await admin.page.goto(membersPath);
  await admin.page.getByRole("heading", { name: /^Membres de RéCup'Ordi 44/ }).waitFor();
  const adminOptions = await admin.page
    .getByLabel("Rôle", { exact: true })
    .locator("option")
    .allTextContents();
  expect(adminOptions).toEqual(["Équipe", "Responsable"]);
  await admin.context.close();
});
