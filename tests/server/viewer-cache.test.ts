import { Client } from "pg";
import { openDatabase } from "../../server/src/db/data-source";
import { createLogger } from "../../server/src/logger";
import { hashSecret, newSecret } from "../../server/src/modules/identity/secrets";
import { ViewerCache } from "../../server/src/modules/identity/viewer-cache";
import { DEMO_PASSWORD } from "../../server/src/seed/demo-accounts";
import { createToken, demoStructureId, loginAs } from "./support/identity";
import { waitFor } from "./support/live";
import { startTestApp, type TestApp, wsRequest } from "./support/test-app";

/**
 * The per-process viewer cache: a signed-in request served from memory issues no session
 * statement; every change to a session, membership, role or token is seen by the next request,
 * on the instance that made it (forgotten locally) and on another one (NOTIFY); an expired
 * session is never served; and while the LISTEN connection is down nothing is served from memory.
 */
let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  a = await startTestApp({ seed: "demo" });
  b = await startTestApp({ seed: "none", database: a.database });
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

const db = () => a.database.db.dataSource;
const onPostgres = process.env.DATABASE_URL ? it : it.skip;

const ME = `{ viewer { kind user { id email globalRole } memberships { id role } } }`;
const OP = "CachedMe";

/** The viewer of one request (`query CachedMe`) and the SQL statements that request issued. */
async function me(t: TestApp, headers: Record<string, string>) {
  const lines = () => t.logs.filter((l) => l.msg === "request" && l.operation === OP);
  const before = lines().length;
  const res = await t.gql(`query ${OP} ${ME}`, {}, headers);
  expect(res.errors).toBeUndefined();
  await waitFor(() => lines().length > before, 5_000, "the request's log line");
  return { viewer: res.data!.viewer, statements: lines().at(-1)!.sqlStatements as number };
}

/** Signs in and makes sure the viewer is cached on `t` (its second request asks nothing). */
async function cachedSession(t: TestApp, email: string, via = a): Promise<string> {
  const cookie = await loginAs(via, email, DEMO_PASSWORD);
  await me(t, { cookie });
  expect((await me(t, { cookie })).statements).toBe(0);
  return cookie;
}

/**
 * Runs `fn` with the identity triggers off: nothing is announced, so only the instance's own
 * forgetting can make its next request see the change.
 */
async function withoutNotifications(fn: () => Promise<void>): Promise<void> {
  const tables = ["user_session", "membership", "app_user", "api_token"];
  for (const t of tables) await db().query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
  try {
    await fn();
  } finally {
    for (const t of tables) await db().query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
  }
}

const MEMBERSHIP_ROLE = `mutation ($m: ID!, $r: MembershipRole!) { changeMembershipRole(membershipId: $m, role: $r) { __typename } }`;
const REMOVE_MEMBERSHIP = `mutation ($m: ID!) { removeMembership(membershipId: $m) { __typename } }`;

describe("serving from memory", () => {
  it("serves a signed-in request without a session statement, once the session is known", async () => {
    const cookie = await loginAs(a, "mediation@ccas.maillage.test");
    const first = await me(a, { cookie });
    expect(first.viewer.user.email).toBe("mediation@ccas.maillage.test");
    expect(first.statements).toBe(1);
    const second = await me(a, { cookie });
    expect(second.viewer).toEqual(first.viewer);
    expect(second.statements).toBe(0);
  });

  it("serves a token from memory too, and still records its use", async () => {
    const manager = await loginAs(a, "responsable@recup-ordi.maillage.test");
    const token = await createToken(a, manager, await demoStructureId(a, "recup-ordi-44"), "cache");
    const bearer = { authorization: `Bearer ${token}` };
    expect((await me(a, bearer)).viewer.kind).toBe("TOKEN");
    expect((await me(a, bearer)).statements).toBe(0);
    const [row] = await db().query(`SELECT last_used_at FROM api_token WHERE name = 'cache'`);
    expect(row.last_used_at).not.toBeNull();
  });

  it("keeps no trace of unknown secrets: a forged cookie or token asks again every time", async () => {
    const forged = { cookie: `maillage_session=${newSecret()}` };
    for (let i = 0; i < 2; i++) {
      const res = await me(a, forged);
      expect(res.viewer).toBeNull();
      expect(res.statements).toBe(1);
    }
    const bad = await a.gql(
      `query ${OP} ${ME}`,
      {},
      { authorization: `Bearer mlg_${newSecret()}` },
    );
    expect(bad.status).toBe(401);
  });

  it("never serves a session past its expiry, though the cache would keep it longer", async () => {
    const secret = newSecret();
    const [{ expires_at }] = await db().query(
      `INSERT INTO user_session (token_hash, user_id, expires_at)
       SELECT $1, id, now() + interval '1.5 seconds' FROM app_user WHERE email = 'benevole@recup-ordi.maillage.test'
       RETURNING expires_at`,
      [hashSecret(secret)],
    );
    const cookie = { cookie: `maillage_session=${secret}` };
    expect((await me(a, cookie)).viewer.user.email).toBe("benevole@recup-ordi.maillage.test");
    expect((await me(a, cookie)).statements).toBe(0);
    const end = (expires_at as Date).getTime();
    await waitFor(() => Date.now() > end + 50, 10_000, "the session's expiry");
    expect((await me(a, cookie)).viewer).toBeNull();
  });

  it("authenticates WebSocket operations through it, and sees a logout on the open socket", async () => {
    const cookie = await cachedSession(a, "accueil@france-services-nord.maillage.test");
    const client = a.ws({ headers: { cookie } });
    try {
      const before = await wsRequest(client, ME);
      expect(before.data!.viewer.user.email).toBe("accueil@france-services-nord.maillage.test");
      await a.gql(`mutation { logout }`, {}, { cookie });
      const after = await wsRequest(client, ME);
      expect(after.data!.viewer).toBeNull();
    } finally {
      await client.dispose();
    }
  });
});

describe("changes made by this instance are seen by its next request", () => {
  it("logout, and logoutEverywhere", async () => {
    await withoutNotifications(async () => {
      const first = await cachedSession(a, "responsable@jacques-demy.maillage.test");
      const second = await cachedSession(a, "responsable@jacques-demy.maillage.test");
      await a.gql(`mutation { logout }`, {}, { cookie: first });
      expect((await me(a, { cookie: first })).viewer).toBeNull();
      expect((await me(a, { cookie: second })).viewer).not.toBeNull();
      const third = await cachedSession(a, "responsable@jacques-demy.maillage.test");
      await a.gql(`mutation { logoutEverywhere }`, {}, { cookie: third });
      expect((await me(a, { cookie: second })).viewer).toBeNull();
      expect((await me(a, { cookie: third })).viewer).toBeNull();
    });
  });

  it("an admin changing a member's role, then removing the membership", async () => {
    const admin = await loginAs(a, "admin@maillage.test");
    await withoutNotifications(async () => {
      const member = await cachedSession(a, "direction@ccas.maillage.test");
      const before = (await me(a, { cookie: member })).viewer.memberships;
      expect(before).toHaveLength(2);
      const target = before[0];
      const other = target.role === "MANAGER" ? "STAFF" : "MANAGER";
      const changed = await a.gql(MEMBERSHIP_ROLE, { m: target.id, r: other }, { cookie: admin });
      expect(changed.data!.changeMembershipRole.__typename).toBe("Membership");
      const afterChange = (await me(a, { cookie: member })).viewer.memberships;
      expect(afterChange.find((m: any) => m.id === target.id).role).toBe(other);

      const removed = await a.gql(REMOVE_MEMBERSHIP, { m: target.id }, { cookie: admin });
      expect(removed.data!.removeMembership.__typename).toBe("Membership");
      const afterRemoval = (await me(a, { cookie: member })).viewer.memberships;
      expect(afterRemoval.map((m: any) => m.id)).toEqual(
        before.filter((m: any) => m.id !== target.id).map((m: any) => m.id),
      );
    });
  });

  it("an admin changing a person's network role", async () => {
    const admin = await loginAs(a, "admin@maillage.test");
    await withoutNotifications(async () => {
      const person = await cachedSession(a, "coordination@maillage.test");
      const { id } = (await me(a, { cookie: person })).viewer.user;
      const res = await a.gql(
        `mutation ($u: ID!) { setGlobalRole(userId: $u, role: null) { __typename } }`,
        { u: id },
        { cookie: admin },
      );
      expect(res.data!.setGlobalRole.__typename).toBe("User");
      expect((await me(a, { cookie: person })).viewer.user.globalRole).toBeNull();
      await a.gql(
        `mutation ($u: ID!) { setGlobalRole(userId: $u, role: COORDINATOR) { __typename } }`,
        { u: id },
        { cookie: admin },
      );
      expect((await me(a, { cookie: person })).viewer.user.globalRole).toBe("COORDINATOR");
    });
  });

  it("a revoked API token is refused at once", async () => {
    const manager = await loginAs(a, "responsable@recup-ordi.maillage.test");
    const token = await createToken(
      a,
      manager,
      await demoStructureId(a, "recup-ordi-44"),
      "revoked",
    );
    const bearer = { authorization: `Bearer ${token}` };
    await withoutNotifications(async () => {
      await me(a, bearer);
      expect((await me(a, bearer)).statements).toBe(0);
      const [{ id }] = await db().query(`SELECT id FROM api_token WHERE name = 'revoked'`);
      await a.gql(
        `mutation ($id: ID!) { revokeApiToken(id: $id) { __typename } }`,
        { id },
        { cookie: manager },
      );
      const refused = await a.gql(`query ${OP} ${ME}`, {}, bearer);
      expect(refused.status).toBe(401);
      expect(refused.errors![0].extensions!.code).toBe("UNAUTHENTICATED");
    });
  });
});

describe("changes announced by the database", () => {
  it("a session revoked through instance A is anonymous on instance B once announced", async () => {
    const cookie = await cachedSession(b, "mediation@ccas.maillage.test");
    await a.gql(`mutation { logout }`, {}, { cookie });
    // B answers from memory until the notification drops its entry: polled with real requests.
    await pollUntil(async () => (await me(b, { cookie })).viewer === null);
  });

  it("a change made outside the services (SQL, another tool) reaches both instances", async () => {
    const email = "benevole@recup-ordi.maillage.test";
    const cookie = await cachedSession(a, email);
    await me(b, { cookie });
    expect((await me(b, { cookie })).statements).toBe(0);
    const setRole = (role: string) =>
      db().query(
        `UPDATE membership SET role = $1 WHERE user_id = (SELECT id FROM app_user WHERE email = $2)`,
        [role, email],
      );
    await setRole("MANAGER");
    try {
      for (const t of [a, b]) {
        await pollUntil(
          async () => (await me(t, { cookie })).viewer.memberships[0].role === "MANAGER",
        );
      }
    } finally {
      await setRole("STAFF");
    }
  });

  it("a token's last use, written once a minute, announces nothing", async () => {
    const manager = await loginAs(a, "responsable@recup-ordi.maillage.test");
    const token = await createToken(a, manager, await demoStructureId(a, "recup-ordi-44"), "quiet");
    const bearer = { authorization: `Bearer ${token}` };
    await me(a, bearer);
    expect((await me(a, bearer)).statements).toBe(0);
    const marker = await cachedSession(a, "responsable@jacques-demy.maillage.test");
    await db().query(`UPDATE api_token SET last_used_at = now() WHERE name = 'quiet'`);
    // Announced after it (one connection delivers in commit order): once the marker's viewer is
    // dropped, a notification of the token's write would have been heard too.
    await db().query(
      `UPDATE app_user SET updated_at = now() WHERE email = 'responsable@jacques-demy.maillage.test'`,
    );
    await pollUntil(async () => (await me(a, { cookie: marker })).statements === 1);
    expect((await me(a, bearer)).statements).toBe(0);
    // A real change of the token is announced: revoked by SQL, refused once heard.
    await db().query(`UPDATE api_token SET revoked_at = now() WHERE name = 'quiet'`);
    await pollUntil(async () => (await a.gql(`query ${OP} ${ME}`, {}, bearer)).status === 401);
  });
});

describe("the LISTEN connection", () => {
  onPostgres("lost: the cache empties and stops serving; back: it serves again", async () => {
    const cookie = await cachedSession(a, "accueil@france-services-nord.maillage.test");
    const other = await cachedSession(a, "mediation@ccas.maillage.test");
    const name = new URL(a.database.url!).pathname.slice(1);
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      // Refused meanwhile, so that the listener stays down while the test looks.
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'maillage-listen' AND datname = $1`,
        [name],
      );
      await waitFor(() => !a.app.viewers.active, 10_000, "the loss to be noticed");
      expect(a.app.viewers.size).toBe(0);
      for (let i = 0; i < 2; i++) {
        const res = await me(a, { cookie });
        expect(res.viewer.user.email).toBe("accueil@france-services-nord.maillage.test");
        expect(res.statements).toBe(1);
      }
      // Unheard while down, and still seen: nothing is served from memory.
      await db().query(`UPDATE user_session SET revoked_at = now() WHERE token_hash = $1`, [
        hashSecret(other.split("=")[1]),
      ]);
      expect((await me(a, { cookie: other })).viewer).toBeNull();
    } finally {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await waitFor(() => a.app.viewers.active, 30_000, "the reconnection");
    expect((await me(a, { cookie })).statements).toBe(1);
    expect((await me(a, { cookie })).statements).toBe(0);
  });

  onPostgres("cannot start: the cache stays off", async () => {
    const url = a.database.url!;
    const name = new URL(url).pathname.slice(1);
    const logger = createLogger({ logLevel: "silent" });
    const other = await openDatabase({ databaseUrl: url, dataDir: "" }, logger);
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const cache = new ViewerCache(other, logger, { enabled: true });
    try {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await cache.start();
      expect(cache.active).toBe(false);
    } finally {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await admin.end();
      await cache.stop();
      await other.close();
    }
  });

  it("VIEWER_CACHE=false asks the database on every request", async () => {
    const off = await startTestApp({
      seed: "none",
      database: a.database,
      env: { VIEWER_CACHE: "false" },
    });
    try {
      expect(off.app.viewers.active).toBe(false);
      const cookie = await loginAs(off, "mediation@ccas.maillage.test");
      for (let i = 0; i < 2; i++) expect((await me(off, { cookie })).statements).toBe(1);
    } finally {
      await off.stop();
    }
  });
});

async function pollUntil(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met before the deadline");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
