import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import type { Browser } from "playwright-core";
import { type AppProcess, freePort, startAppProcess } from "../../bench/load/server-process";
import { freshDatabase } from "../../bench/load/world";
import { withClient } from "../../bench/support";
import { DEMO_PASSWORD } from "../../server/src/seed/demo-accounts";
import {
  axeViolations,
  describeViolations,
  DESKTOP,
  launchBrowser,
  openPage,
} from "./support/browser";

// Sign-in with ProConnect against a real OpenID provider (oidc-provider) and a lying one, with
// the production server in a child process: the OpenID packages are ESM-only, which jest's module
// system cannot load, so neither runs inside jest. The server needs PostgreSQL (DATABASE_URL).
jest.setTimeout(120_000);

const adminUrl = process.env.DATABASE_URL;
const onPostgres = adminUrl ? describe : describe.skip;
if (!adminUrl) process.stdout.write("oidc.test.ts: skipped, it needs DATABASE_URL (PostgreSQL)\n");

const SECRET = "secret-de-test-maillage";
const children: ChildProcess[] = [];

/** Starts one of the .mjs helpers and waits for its "ready" line. */
async function helper(file: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(__dirname, "support", file)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start`)), 15_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      if (String(chunk).includes("ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  return child;
}

onPostgres("ProConnect sign-in", () => {
  let browser: Browser;
  let app: AppProcess;
  let liar: AppProcess;
  let url: string;
  let appBase: string;
  let callbackSeen: string | null = null;
  let fakeBase: string;

  async function appWith(issuer: string, port: number) {
    return startAppProcess(url, {
      port,
      env: {
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: "maillage",
        OIDC_CLIENT_SECRET: SECRET,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
      },
    });
  }

  beforeAll(async () => {
    const u = new URL(adminUrl!);
    u.pathname = `/maillage_oidc_${process.pid}`;
    url = u.toString();
    await freshDatabase(adminUrl!, url);
    const [providerPort, appPort, fakePort, liarPort] = await Promise.all(
      [0, 1, 2, 3].map(() => freePort()),
    );
    appBase = `http://127.0.0.1:${appPort}`;
    await helper("oidc-provider.mjs", {
      OIDC_PORT: String(providerPort),
      REDIRECT_URI: `${appBase}/auth/oidc/callback`,
      POST_LOGOUT_URI: `${appBase}/`,
    });
    await helper("fake-oidc-op.mjs", { FAKE_OP_PORT: String(fakePort), MODE: "forged" });
    fakeBase = `http://127.0.0.1:${fakePort}`;
    [app, liar, browser] = await Promise.all([
      appWith(`http://127.0.0.1:${providerPort}`, appPort),
      appWith(`http://127.0.0.1:${fakePort}`, liarPort),
      launchBrowser(),
    ]);
    // An admin invites an agent of the CCAS as staff.
    const login = await fetch(`${appBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }`,
        variables: { e: "admin@maillage.test", p: DEMO_PASSWORD },
      }),
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    const [{ id }] = await withClient(url, (c) =>
      c
        .query(`SELECT id FROM structure WHERE source_ref = 'ccas-espace-public-numerique'`)
        .then((r) => r.rows),
    );
    const invited = await fetch(`${appBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({
        query: `mutation($i: InviteUserInput!) { inviteUser(input: $i) { __typename } }`,
        variables: { i: { email: "agent.accueil@nantes.fr", structureId: id, role: "STAFF" } },
      }),
    }).then((r) => r.json() as Promise<{ data: { inviteUser: { __typename: string } } }>);
    expect(invited.data.inviteUser.__typename).toBe("InvitationCreated");
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([app?.stop(), liar?.stop()]);
    for (const child of children) child.kill("SIGTERM");
    if (url)
      await withClient(adminUrl!, (c) =>
        c.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`),
      );
  });

  /** From our sign-in page through the provider's login and consent screens, as `email`. */
  async function proConnect(email: string) {
    const { context, page, problems } = await openPage(browser, appBase, DESKTOP);
    page.on("request", (request) => {
      if (request.url().includes("/auth/oidc/callback")) callbackSeen = request.url();
    });
    await page.goto("/connexion?next=%2Ftableau");
    expect(describeViolations(await axeViolations(page))).toBe("");
    await page.getByRole("link", { name: "Se connecter avec ProConnect" }).click();
    await page.locator("input[name=login]").fill(email);
    await page.locator("input[name=password]").fill("peu importe");
    await page.locator("button[type=submit]").click();
    await page.locator("button[type=submit]").waitFor(); // the consent screen
    await page.locator("button[type=submit]").click();
    await page.waitForURL((u) => u.origin === appBase, { waitUntil: "commit" });
    return { context, page, problems };
  }

  it("an invited agent signs in from the browser, joins with the invited role, and signs out at both ends", async () => {
    const { context, page } = await proConnect("agent.accueil@nantes.fr");
    await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/tableau");
    const [row] = await withClient(url, (c) =>
      c
        .query(
          `SELECT u.display_name, u.siret, m.role, s.auth_method, s.acr
             FROM app_user u JOIN membership m ON m.user_id = u.id
             JOIN user_session s ON s.user_id = u.id
            WHERE u.email = 'agent.accueil@nantes.fr' ORDER BY s.created_at DESC LIMIT 1`,
        )
        .then((r) => r.rows),
    );
    expect(row).toMatchObject({
      display_name: "Camille Agent",
      siret: "21440109300015",
      role: "STAFF",
      auth_method: "oidc",
    });

    await page.getByRole("button", { name: "Se déconnecter" }).click();
    // The provider asks to confirm its own logout, then comes back to Maillage.
    await page.waitForURL((u) => !u.origin.startsWith(appBase), { waitUntil: "commit" });
    await page.locator("button[type=submit], input[type=submit]").first().click();
    await page.waitForURL((u) => u.origin === appBase, { waitUntil: "commit" });
    await page.getByRole("link", { name: "Connexion" }).waitFor();
    const [{ open }] = await withClient(url, (c) =>
      c
        .query(
          `SELECT count(*)::int AS open FROM user_session s JOIN app_user u ON u.id = s.user_id
            WHERE u.email = 'agent.accueil@nantes.fr' AND s.revoked_at IS NULL`,
        )
        .then((r) => r.rows),
    );
    expect(open).toBe(0);
    await context.close();
  });

  it("a replayed callback (same code and state) is refused", async () => {
    expect(callbackSeen).toBeTruthy();
    const res = await fetch(callbackSeen!, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Connexion interrompue");
  });

  it("a state Maillage did not issue is refused", async () => {
    const res = await fetch(`${appBase}/auth/oidc/callback?code=abc&state=forged`, {
      redirect: "manual",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("someone with no account and no invitation is refused with a page that says why", async () => {
    const { context, page } = await proConnect("inconnu@nantes.fr");
    await page.getByRole("heading", { name: "Aucun compte Maillage pour cette adresse" }).waitFor();
    const users = await withClient(url, (c) =>
      c.query(`SELECT 1 FROM app_user WHERE email = 'inconnu@nantes.fr'`).then((r) => r.rows),
    );
    expect(users).toHaveLength(0);
    await context.close();
  });

  it.each(["forged", "expired"])(
    "an ID token that is %s (signed with another key than published / past its exp) is refused",
    async (mode) => {
      await fetch(`${fakeBase}/mode?m=${mode}`);
      const liarBase = `http://127.0.0.1:${liar.port}`;
      const start = await fetch(`${liarBase}/auth/oidc/login?returnTo=/tableau`, {
        redirect: "manual",
      });
      expect(start.status).toBe(302);
      const authorize = await fetch(start.headers.get("location")!, { redirect: "manual" });
      const callback = await fetch(authorize.headers.get("location")!, { redirect: "manual" });
      expect(callback.status).toBe(401);
      expect(await callback.text()).toContain("Connexion refusée");
      expect(callback.headers.get("set-cookie")).toBeNull();
    },
  );

  it("the provider down: the sign-in page's link answers 503 with a page, password sign-in still works", async () => {
    const down = await startAppProcess(url, {
      env: {
        OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`,
        OIDC_CLIENT_ID: "maillage",
        OIDC_CLIENT_SECRET: SECRET,
      },
    });
    try {
      const res = await fetch(`http://127.0.0.1:${down.port}/auth/oidc/login`, {
        redirect: "manual",
      });
      expect(res.status).toBe(503);
      expect(await res.text()).toContain("ProConnect ne répond pas");
      const login = await fetch(`http://127.0.0.1:${down.port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }`,
          variables: { e: "admin@maillage.test", p: DEMO_PASSWORD },
        }),
      }).then((r) => r.json() as Promise<{ data: { login: { __typename: string } } }>);
      expect(login.data.login.__typename).toBe("Viewer");
    } finally {
      await down.stop();
    }
  });
});
