import type { Browser } from "playwright-core";
import { type BanServer, startBanServer } from "../server/support/ban-server";
import { demoStructureId } from "../server/support/identity";
import { startTestApp, type TestApp } from "../server/support/test-app";
import {
  axeViolations,
  describeViolations,
  launchBrowser,
  openPage,
  signIn,
} from "./support/browser";

// The structure form's « Localiser cette adresse » in Chromium, against the server and a local
// geocoder answering in the national address base's format: the note of a location to check,
// the coordinates filled with the label and score shown, then saved (which settles the flag).
jest.setTimeout(180_000);

let app: TestApp;
let ban: BanServer;
let browser: Browser;

beforeAll(async () => {
  ban = await startBanServer();
  [app, browser] = await Promise.all([
    startTestApp({ seed: "demo", env: { GEOCODER_URL: ban.url, GEOCODER_RETRIES: "0" } }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await ban?.stop();
});

test("a coordinator locates a flagged structure's address and saves it", async () => {
  const id = await demoStructureId(app, "recup-ordi-44");
  const sql = (q: string, p: unknown[]) => app.database.db.dataSource.query(q, p);
  await sql(
    `UPDATE structure SET street = '5 rue des Dervallières', postal_code = '44100', city = 'Nantes',
       latitude = NULL, longitude = NULL, location_to_check = true, geocode_score = 0.3561,
       geocode_label = 'Chemin des Landes 44300 Nantes' WHERE id = $1`,
    [id],
  );
  const { context, page, problems } = await openPage(browser, app.url);
  try {
    await signIn(page, "coordination@maillage.test");
    await page.goto(`/structures/${id}/modifier`);
    const note = page.getByRole("note", { name: "Localisation à vérifier" });
    await note.waitFor();
    await expect(note.innerText()).resolves.toContain(
      "« Chemin des Landes 44300 Nantes » (fiabilité 36 %)",
    );

    await page.getByRole("button", { name: "Localiser cette adresse" }).click();
    const status = page.getByText(/^Adresse trouvée :/);
    await status.waitFor();
    await expect(status.innerText()).resolves.toContain(
      "« 5 Rue des Dervallières 44100 Nantes » (fiabilité 94 %)",
    );
    await expect(page.getByLabel("Latitude").inputValue()).resolves.toBe("47.220513");
    await expect(page.getByLabel("Longitude").inputValue()).resolves.toBe("-1.585076");
    const violations = await axeViolations(page);
    expect(describeViolations(violations)).toBe("");

    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByText("Modifications enregistrées.").waitFor();
    const [s] = await sql(
      `SELECT latitude, longitude, location_to_check FROM structure WHERE id = $1`,
      [id],
    );
    expect(s).toEqual({ latitude: 47.220513, longitude: -1.585076, location_to_check: false });
    expect(ban.requests.map((r) => r.method)).toEqual(["GET"]);
    expect(problems.errors).toEqual([]);
  } finally {
    await context.close();
  }
});
