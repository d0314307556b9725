import { waitFor } from "./support/live";
import { DEMO_PASSWORD } from "../../server/src/seed/demo-accounts";
import { createToken, demoStructureId, LOGIN, loginAs } from "./support/identity";
import { startTestApp, type TestApp, wsRequest } from "./support/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seed: "demo" });
});
afterAll(() => t?.stop());

const VIEWER = `{ viewer { kind user { email globalRole } memberships { role structure { name } } structure { id } } }`;
const db = () => t.database.db.dataSource;

describe("login and sessions", () => {
  it("signs in with an httpOnly, SameSite=Lax session cookie and shows the viewer", async () => {
    const res = await t.gql(LOGIN, {
      email: "Direction@CCAS.maillage.test",
      password: DEMO_PASSWORD,
    });
    expect(res.data!.login).toMatchObject({ __typename: "Viewer", kind: "USER" });
    expect(res.data!.login.memberships).toHaveLength(2);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^maillage_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // only in production
    const viewer = await t.gql(VIEWER, {}, { cookie: cookie.split(";")[0] });
    expect(viewer.data!.viewer.user).toEqual({
      email: "direction@ccas.maillage.test",
      globalRole: null,
    });
  });

  it("stores only a hash of the session token", async () => {
    const cookie = await loginAs(t, "admin@maillage.test");
    const token = cookie.split("=")[1];
    const rows = await db().query(`SELECT token_hash FROM user_session`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r: { token_hash: string }) => r.token_hash.includes(token))).toBe(false);
  });

  it("gives the same typed error for a wrong e-mail and a wrong password", async () => {
    const unknown = await t.gql(LOGIN, { email: "nobody@maillage.test", password: DEMO_PASSWORD });
    const wrong = await t.gql(LOGIN, {
      email: "coordination@maillage.test",
      password: "not-the-password",
    });
    expect(unknown.data!.login).toEqual({
      __typename: "InvalidCredentialsError",
      errorCode: "INVALID_CREDENTIALS",
      message: "Wrong e-mail or password",
    });
    expect(wrong.data!.login).toEqual(unknown.data!.login);
    expect(unknown.headers.get("set-cookie")).toBeNull();
  });

  it("is anonymous without a cookie, and with a forged one", async () => {
    expect((await t.gql(VIEWER)).data!.viewer).toBeNull();
    expect(
      (await t.gql(VIEWER, {}, { cookie: "maillage_session=forged" })).data!.viewer,
    ).toBeNull();
  });

  it("logout ends this session only; logoutEverywhere ends them all", async () => {
    const first = await loginAs(t, "responsable@recup-ordi.maillage.test");
    const second = await loginAs(t, "responsable@recup-ordi.maillage.test");
    const out = await t.gql(`mutation { logout }`, {}, { cookie: first });
    expect(out.data!.logout).toBe(true);
    expect(out.headers.get("set-cookie")).toMatch(/maillage_session=;/);
    expect((await t.gql(VIEWER, {}, { cookie: first })).data!.viewer).toBeNull();
    expect((await t.gql(VIEWER, {}, { cookie: second })).data!.viewer).not.toBeNull();

    const third = await loginAs(t, "responsable@recup-ordi.maillage.test");
    const all = await t.gql(`mutation { logoutEverywhere }`, {}, { cookie: third });
    expect(all.data!.logoutEverywhere).toBe(2);
    expect((await t.gql(VIEWER, {}, { cookie: second })).data!.viewer).toBeNull();
    expect((await t.gql(VIEWER, {}, { cookie: third })).data!.viewer).toBeNull();
  });

  it("stops a revoked session at once, on an open WebSocket too", async () => {
    const cookie = await loginAs(t, "mediation@ccas.maillage.test");
    const socket = t.ws({ headers: { cookie } });
    try {
      expect((await wsRequest(socket, VIEWER)).data!.viewer.user.email).toBe(
        "mediation@ccas.maillage.test",
      );
      await t.gql(`mutation { logout }`, {}, { cookie });
      expect((await wsRequest(socket, VIEWER)).data!.viewer).toBeNull();
      const members = await wsRequest(
        socket,
        `query($s: ID!) { structureMembers(structureId: $s) { id } }`,
        {
          s: await demoStructureId(t, "ccas-espace-public-numerique"),
        },
      );
      expect(members.errors![0].extensions!.code).toBe("UNAUTHENTICATED");
    } finally {
      await socket.dispose();
    }
  });
});

describe("login throttling", () => {
  it("refuses after 5 failures in 15 minutes, even the right password, on every instance", async () => {
    const email = "accueil@france-services-nord.maillage.test";
    for (let i = 0; i < 5; i++) {
      const res = await t.gql(LOGIN, { email, password: `wrong-${i}` });
      expect(res.data!.login.__typename).toBe("InvalidCredentialsError");
    }
    const blocked = await t.gql(LOGIN, { email, password: DEMO_PASSWORD });
    expect(blocked.data!.login).toMatchObject({
      __typename: "TooManyAttemptsError",
      errorCode: "TOO_MANY_ATTEMPTS",
    });
    expect(blocked.data!.login.retryAfterSeconds).toBeGreaterThan(800);
    expect(blocked.headers.get("set-cookie")).toBeNull();

    // A second instance on the same database agrees: the failures are stored, not in memory.
    const other = await startTestApp({ database: t.database });
    try {
      const res = await other.gql(LOGIN, { email: email.toUpperCase(), password: DEMO_PASSWORD });
      expect(res.data!.login.__typename).toBe("TooManyAttemptsError");
    } finally {
      await other.stop();
    }

    // Once the failures are older than the window, the account opens again.
    await db().query(
      `UPDATE login_attempt SET at = at - interval '16 minutes' WHERE email_key = $1`,
      [email],
    );
    expect((await t.gql(LOGIN, { email, password: DEMO_PASSWORD })).data!.login.__typename).toBe(
      "Viewer",
    );
  });

  it("refuses a client address after 20 failures whatever the accounts", async () => {
    await db().query(`DELETE FROM login_attempt`);
    for (let i = 0; i < 20; i++)
      await t.gql(LOGIN, { email: `spray-${i}@example.org`, password: "x" });
    const res = await t.gql(LOGIN, { email: "admin@maillage.test", password: DEMO_PASSWORD });
    expect(res.data!.login.__typename).toBe("TooManyAttemptsError");
    await db().query(`DELETE FROM login_attempt`);
  });
});

describe("invitations", () => {
  const INVITE = `mutation($input: InviteUserInput!) { inviteUser(input: $input) {
    __typename ... on InvitationCreated { link invitation { id email expiresAt membershipRole globalRole } }
    ... on ValidationError { fields { path code message } } ... on ErrorResult { errorCode } } }`;
  const ACCEPT = `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) {
    __typename ... on Viewer { user { email displayName globalRole } memberships { role structure { id } } }
    ... on ValidationError { fields { path code } } ... on ErrorResult { errorCode message } } }`;
  const tokenOf = (link: string) => link.split("/invitation/")[1];

  it("a manager invites staff; the link is e-mailed, one-time, and signs the new person in", async () => {
    const manager = await loginAs(t, "direction@ccas.maillage.test");
    const structureId = await demoStructureId(t, "ccas-espace-public-numerique");
    const invited = await t.gql(
      INVITE,
      { input: { email: "nouvelle@ccas.maillage.test", structureId, role: "STAFF" } },
      { cookie: manager },
    );
    const created = invited.data!.inviteUser;
    expect(created.__typename).toBe("InvitationCreated");
    expect(created.link).toMatch(/^http:\/\/localhost:4000\/invitation\/[\w-]{40,}$/);
    const expires = new Date(created.invitation.expiresAt).getTime();
    expect(Math.abs(expires - Date.now() - 7 * 24 * 3600 * 1000)).toBeLessThan(60_000);
    // Sent by the outbox once the invitation is committed.
    await waitFor(
      () => t.mails.some((m) => m.to === "nouvelle@ccas.maillage.test"),
      5000,
      "the invitation e-mail",
    );
    expect(t.mails.at(-1)).toMatchObject({ to: "nouvelle@ccas.maillage.test" });
    expect(t.mails.at(-1)!.text).toContain(created.link);

    const short = await t.gql(ACCEPT, {
      input: { token: tokenOf(created.link), password: "short", displayName: "Nina" },
    });
    expect(short.data!.acceptInvitation.fields).toEqual([{ path: "password", code: "TOO_SHORT" }]);

    const accepted = await t.gql(ACCEPT, {
      input: {
        token: tokenOf(created.link),
        password: "un mot de passe solide",
        displayName: "Nina",
      },
    });
    expect(accepted.data!.acceptInvitation).toMatchObject({
      __typename: "Viewer",
      user: { email: "nouvelle@ccas.maillage.test", displayName: "Nina", globalRole: null },
      memberships: [{ role: "STAFF", structure: { id: structureId } }],
    });
    expect(accepted.headers.get("set-cookie")).toMatch(/^maillage_session=/);

    const again = await t.gql(ACCEPT, {
      input: { token: tokenOf(created.link), password: "un mot de passe solide", displayName: "X" },
    });
    expect(again.data!.acceptInvitation.errorCode).toBe("INVALID_INVITATION");
  });

  it("an admin invites a coordinator; an expired link is refused", async () => {
    const admin = await loginAs(t, "admin@maillage.test");
    const res = await t.gql(
      INVITE,
      { input: { email: "coord2@maillage.test", globalRole: "COORDINATOR" } },
      { cookie: admin },
    );
    const link = res.data!.inviteUser.link;
    await db().query(
      `UPDATE invitation SET expires_at = now() - interval '1 second' WHERE email = 'coord2@maillage.test'`,
    );
    const late = await t.gql(ACCEPT, {
      input: { token: tokenOf(link), password: "un mot de passe solide", displayName: "C" },
    });
    expect(late.data!.acceptInvitation.errorCode).toBe("INVALID_INVITATION");
    expect(
      await db().query(`SELECT 1 FROM app_user WHERE email = 'coord2@maillage.test'`),
    ).toHaveLength(0);
  });

  it("is spent once when two people accept it at the same moment", async () => {
    const admin = await loginAs(t, "admin@maillage.test");
    const res = await t.gql(
      INVITE,
      { input: { email: "en-meme-temps@maillage.test", globalRole: "COORDINATOR" } },
      { cookie: admin },
    );
    const input = {
      token: tokenOf(res.data!.inviteUser.link),
      password: "un mot de passe solide",
      displayName: "Camille",
    };
    const answers = await Promise.all([t.gql(ACCEPT, { input }), t.gql(ACCEPT, { input })]);
    const kinds = answers.map((a) => a.data!.acceptInvitation.__typename).sort();
    expect(kinds).toEqual(["InvalidInvitationError", "Viewer"]);
    expect(
      await db().query(`SELECT 1 FROM app_user WHERE email = 'en-meme-temps@maillage.test'`),
    ).toHaveLength(1);
  });

  it("refuses invalid input with field errors and writes nothing", async () => {
    const admin = await loginAs(t, "admin@maillage.test");
    const before = await db().query(`SELECT count(*)::int AS n FROM invitation`);
    const res = await t.gql(
      INVITE,
      { input: { email: "pas-un-email", globalRole: "COORDINATOR", role: "STAFF" } },
      { cookie: admin },
    );
    expect(res.data!.inviteUser.__typename).toBe("ValidationError");
    expect(res.data!.inviteUser.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      "email",
      "globalRole",
    ]);
    expect(await db().query(`SELECT count(*)::int AS n FROM invitation`)).toEqual(before);
  });

  it("an existing account accepting an invitation keeps its password and gains the role", async () => {
    const admin = await loginAs(t, "admin@maillage.test");
    const structureId = await demoStructureId(t, "mediatheque-jacques-demy");
    const res = await t.gql(
      INVITE,
      { input: { email: "Benevole@recup-ordi.maillage.test", structureId, role: "MANAGER" } },
      { cookie: admin },
    );
    const token = tokenOf(res.data!.inviteUser.link);
    const wrong = await t.gql(ACCEPT, { input: { token, password: "not the password" } });
    expect(wrong.data!.acceptInvitation.errorCode).toBe("INVALID_CREDENTIALS");
    const ok = await t.gql(ACCEPT, { input: { token, password: DEMO_PASSWORD } });
    expect(
      ok.data!.acceptInvitation.memberships.map((m: { role: string }) => m.role).sort(),
    ).toEqual(["MANAGER", "STAFF"]);
  });
});

describe("API tokens", () => {
  it("is shown once, stored hashed, works as Bearer on HTTP and WebSocket, records its last use", async () => {
    const manager = await loginAs(t, "responsable@jacques-demy.maillage.test");
    const structureId = await demoStructureId(t, "mediatheque-jacques-demy");
    const token = await createToken(t, manager, structureId, "Logiciel de prise de RDV");
    expect(token).toMatch(/^mlg_[\w-]{40,}$/);
    const stored = await db().query(
      `SELECT token_hash, prefix, last_used_at FROM api_token WHERE name = 'Logiciel de prise de RDV'`,
    );
    expect(stored[0].token_hash).not.toContain(token.slice(4));
    expect(token.startsWith(stored[0].prefix)).toBe(true);
    expect(stored[0].last_used_at).toBeNull();

    const listed = await t.gql(
      `query($s: ID!) { apiTokens(structureId: $s) { name prefix lastUsedAt revokedAt } }`,
      { s: structureId },
      { cookie: manager },
    );
    expect(listed.data!.apiTokens).toEqual([
      expect.objectContaining({ name: "Logiciel de prise de RDV", lastUsedAt: null }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(token);

    const viewer = await t.gql(VIEWER, {}, { authorization: `Bearer ${token}` });
    expect(viewer.data!.viewer).toEqual({
      kind: "TOKEN",
      user: null,
      memberships: [],
      structure: { id: structureId },
    });
    const after = await db().query(
      `SELECT last_used_at FROM api_token WHERE name = 'Logiciel de prise de RDV'`,
    );
    expect(after[0].last_used_at).not.toBeNull();

    const socket = t.ws({ connectionParams: { authorization: `Bearer ${token}` } });
    try {
      expect((await wsRequest(socket, VIEWER)).data!.viewer.kind).toBe("TOKEN");
      const listedId = (
        await db().query(`SELECT id FROM api_token WHERE name = 'Logiciel de prise de RDV'`)
      )[0].id;
      const revoked = await t.gql(
        `mutation($id: ID!) { revokeApiToken(id: $id) { __typename ... on ApiToken { revokedAt } } }`,
        { id: listedId },
        { cookie: manager },
      );
      expect(revoked.data!.revokeApiToken.revokedAt).not.toBeNull();
      // the open socket's next operation is refused
      const refused = await wsRequest(socket, VIEWER);
      expect(refused.errors![0].extensions!.code).toBe("UNAUTHENTICATED");
    } finally {
      await socket.dispose();
    }
    const http = await t.gql(VIEWER, {}, { authorization: `Bearer ${token}` });
    expect(http.status).toBe(401);
    expect(http.errors![0].extensions!.code).toBe("UNAUTHENTICATED");
  });
});

describe("audit trail", () => {
  it("records logins, failures, tokens, invitations and role changes without any secret", async () => {
    const rows: { action: string; details: unknown; subject_id: string }[] = await db().query(
      `SELECT action, details, subject_id FROM audit_entry ORDER BY id`,
    );
    const actions = new Set(rows.map((r) => r.action));
    for (const action of [
      "login.succeeded",
      "login.failed",
      "login.throttled",
      "logout.everywhere",
      "invitation.created",
      "role.granted",
      "api_token.created",
      "api_token.revoked",
    ]) {
      expect(actions).toContain(action);
    }
    const text = JSON.stringify(rows);
    expect(text).not.toContain(DEMO_PASSWORD);
    expect(text).not.toMatch(/mlg_[\w-]{20,}/);
    expect(text).not.toMatch(/token_?hash|password/i);
  });

  it("is append-only in the database itself", async () => {
    await expect(db().query(`UPDATE audit_entry SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db().query(`DELETE FROM audit_entry`)).rejects.toThrow(/append-only/);
    await expect(db().query(`TRUNCATE audit_entry`)).rejects.toThrow(/append-only/);
    expect((await db().query(`SELECT count(*)::int AS n FROM audit_entry`))[0].n).toBeGreaterThan(
      0,
    );
  });

  it("records role changes by admins", async () => {
    const admin = await loginAs(t, "admin@maillage.test");
    const [user] = await db().query(
      `SELECT id FROM app_user WHERE email = 'coordination@maillage.test'`,
    );
    const res = await t.gql(
      `mutation($u: ID!) { setGlobalRole(userId: $u, role: null) { __typename ... on User { globalRole } } }`,
      { u: user.id },
      { cookie: admin },
    );
    expect(res.data!.setGlobalRole).toEqual({ __typename: "User", globalRole: null });
    const [entry] = await db().query(
      `SELECT details FROM audit_entry WHERE action = 'role.changed' AND subject_id = $1`,
      [user.id],
    );
    expect(entry.details).toEqual({ from: "COORDINATOR", to: null });
    const [me] = await db().query(`SELECT id FROM app_user WHERE email = 'admin@maillage.test'`);
    const self = await t.gql(
      `mutation($u: ID!) { setGlobalRole(userId: $u, role: null) { __typename } }`,
      { u: me.id },
      { cookie: admin },
    );
    expect(self.data!.setGlobalRole.__typename).toBe("ValidationError");
  });
});

describe("structures whose members sign in with ProConnect", () => {
  const REQUIRE = `mutation($s: ID!, $r: Boolean!) { setStructureRequiresProConnect(structureId: $s, required: $r) {
    __typename ... on Structure { requiresProConnect } } }`;
  const LOGIN_KIND = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }`;
  let oidc: TestApp;

  beforeAll(async () => {
    oidc = await startTestApp({
      env: {
        OIDC_ISSUER: "https://proconnect.example.gouv.fr/api/v2",
        OIDC_CLIENT_ID: "maillage",
        OIDC_CLIENT_SECRET: "secret",
      },
    });
  });
  afterAll(() => oidc?.stop());

  it("an admin requires it; members' right passwords are then refused with a typed error, others sign in", async () => {
    const admin = await loginAs(oidc, "admin@maillage.test");
    const structureId = await demoStructureId(oidc, "recup-ordi-44");
    const staff = await loginAs(oidc, "responsable@recup-ordi.maillage.test");
    const refused = await oidc.gql(REQUIRE, { s: structureId, r: true }, { cookie: staff });
    expect(refused.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const set = await oidc.gql(REQUIRE, { s: structureId, r: true }, { cookie: admin });
    expect(set.data!.setStructureRequiresProConnect).toEqual({
      __typename: "Structure",
      requiresProConnect: true,
    });
    const member = await oidc.gql(LOGIN_KIND, {
      e: "benevole@recup-ordi.maillage.test",
      p: DEMO_PASSWORD,
    });
    expect(member.data!.login.__typename).toBe("ProConnectRequiredError");
    expect(member.headers.get("set-cookie")).toBeNull();
    // A wrong password says nothing about the structure's rule.
    const wrong = await oidc.gql(LOGIN_KIND, { e: "benevole@recup-ordi.maillage.test", p: "faux" });
    expect(wrong.data!.login.__typename).toBe("InvalidCredentialsError");
    const other = await oidc.gql(LOGIN_KIND, {
      e: "mediation@ccas.maillage.test",
      p: DEMO_PASSWORD,
    });
    expect(other.data!.login.__typename).toBe("Viewer");
    await oidc.gql(REQUIRE, { s: structureId, r: false }, { cookie: admin });
    const again = await oidc.gql(LOGIN_KIND, {
      e: "benevole@recup-ordi.maillage.test",
      p: DEMO_PASSWORD,
    });
    expect(again.data!.login.__typename).toBe("Viewer");
  });

  it("cannot be required where ProConnect is not configured (nobody could sign in)", async () => {
    const admin = await loginAs(t, "admin@maillage.test");
    const structureId = await demoStructureId(t, "recup-ordi-44");
    const res = await t.gql(REQUIRE, { s: structureId, r: true }, { cookie: admin });
    expect(res.errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "required",
    });
  });
});
