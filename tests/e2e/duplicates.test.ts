import type { Browser } from "playwright-core";
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

// The possible duplicates page, in Chromium against the server: two pairs side by side, a merge
// confirmed in the page (the referral moves), a pair dismissed, and who may open it.
jest.setTimeout(180_000);

let app: TestApp;
let browser: Browser;
const sql = (query: string, params: unknown[] = []) =>
  app.database.db.dataSource.query(query, params) as Promise<any[]>;

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp({ seed: "demo" }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Two structures and their pair, as an import leaves them. */
async function pair(a: string, b: string, pivot: string) {
  const rows = await sql(
    `INSERT INTO structure (name, kind, pivot, street, postal_code, city)
     VALUES ($1, 'ASSOCIATION', $3, '3 rue des Tests', '44300', 'Nantes'),
            ($2, 'ASSOCIATION', $3, '3 rue des Tests', '44300', 'Nantes')
     RETURNING id, name`,
    [a, b, pivot],
  );
  const [keep, absorbed] = [rows.find((r) => r.name === a), rows.find((r) => r.name === b)];
  await sql(
    `INSERT INTO possible_duplicate (first_id, second_id, score, reasons, source)
     VALUES (least($1::uuid, $2::uuid), greatest($1::uuid, $2::uuid), 0.7, '{"nom semblable à 70 %"}', 'data-inclusion')`,
    [keep.id, absorbed.id],
  );
  return { keep: keep.id as string, absorbed: absorbed.id as string };
}

test("a coordinator compares two structures, merges one pair and dismisses the other", async () => {
  const first = await pair("Atelier Doulon", "Atelier numérique Doulon", "W442000101");
  const second = await pair("Club informatique Est", "Club info de l'Est", "W442000102");
  const [sender] = await sql(`SELECT id FROM structure WHERE source = 'demo' LIMIT 1`);
  const [referral] = await sql(
    `INSERT INTO referral (status, need, sender_structure_id, receiver_structure_id, resident_first_name, resident_contact_channel,
                           resident_contact_value, consent_given_at, consent_wording_version, expires_at, reminder_due_at)
     VALUES ('PENDING', 'DIGITAL_CULTURE', $1, $2, 'X', 'PHONE', '+33600000000', now(), '2026-11', now() + interval '13 days', now() + interval '5 days')
     RETURNING id`,
    [sender.id, first.absorbed],
  );

  const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
  await signIn(page, "coordination@maillage.test");
  await page.getByRole("link", { name: "Doublons possibles" }).click();
  await page.getByRole("heading", { level: 1, name: "Doublons possibles" }).waitFor();
  const firstPair = page.getByRole("article", { name: /Atelier Doulon/ });
  await firstPair.getByRole("heading", { level: 3, name: "Atelier numérique Doulon" }).waitFor();
  expect(await firstPair.getByText("Ressemblance : 70 %").count()).toBe(1);
  expect(describeViolations(await axeViolations(page))).toBe("");
  await screenshot(page, "duplicates-desktop");

  await firstPair.getByRole("button", { name: "Garder « Atelier Doulon »" }).click();
  await firstPair
    .getByText(/Fusionner « Atelier numérique Doulon » dans « Atelier Doulon »/)
    .waitFor();
  expect(describeViolations(await axeViolations(page))).toBe("");
  await firstPair.getByRole("button", { name: "Oui, fusionner" }).click();
  await page
    .getByRole("status")
    .getByText(
      "« Atelier numérique Doulon » a été fusionnée dans « Atelier Doulon » : 1 orientation(s), 0 offre(s) et 0 membre(s) déplacés.",
    )
    .waitFor();
  await firstPair.waitFor({ state: "detached" });
  const [moved] = await sql(`SELECT receiver_structure_id FROM referral WHERE id = $1`, [
    referral.id,
  ]);
  expect(moved.receiver_structure_id).toBe(first.keep);
  const [absorbed] = await sql(`SELECT archived_at, merged_into_id FROM structure WHERE id = $1`, [
    first.absorbed,
  ]);
  expect(absorbed.merged_into_id).toBe(first.keep);
  expect(absorbed.archived_at).not.toBeNull();

  const secondPair = page.getByRole("article", { name: /Club informatique Est/ });
  await secondPair.getByRole("button", { name: /Ce sont deux lieux différents/ }).click();
  await page.getByRole("status").getByText("Paire écartée : elle ne sera plus proposée.").waitFor();
  await page.getByText("Aucun doublon possible à examiner.").waitFor();
  const [status] = await sql(
    `SELECT status FROM possible_duplicate WHERE first_id = least($1::uuid, $2::uuid)`,
    [second.keep, second.absorbed],
  );
  expect(status.status).toBe("DISMISSED");
  expect(
    await sql(`SELECT 1 FROM structure WHERE id = ANY($1) AND archived_at IS NULL`, [
      [second.keep, second.absorbed],
    ]),
  ).toHaveLength(2);
  expect(describeViolations(await axeViolations(page))).toBe("");

  await page.setViewportSize(PHONE);
  expect(await horizontalOverflow(page)).toBe(0);
  expect(problems.errors).toEqual([]);
  await context.close();
});

test("staff and managers get a refusal and no link", async () => {
  for (const email of [
    "benevole@recup-ordi.maillage.test",
    "responsable@recup-ordi.maillage.test",
  ]) {
    const { context, page, problems } = await openPage(browser, app.url, DESKTOP);
    await signIn(page, email);
    await page.getByRole("link", { name: "Annuaire" }).first().waitFor();
    expect(await page.getByRole("link", { name: "Doublons possibles" }).count()).toBe(0);
    await page.goto("/admin/doublons");
    await page.getByRole("heading", { level: 1, name: "Accès réservé" }).waitFor();
    expect(problems.errors).toEqual([]);
    await context.close();
  }
});
