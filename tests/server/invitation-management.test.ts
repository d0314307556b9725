import { DEMO_PASSWORD } from "../../server/src/seed/demo-accounts";
import { demoStructureId, loginAs } from "./support/identity";
import { waitFor } from "./support/live";
import { startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
let ccas: string;
let recup: string;
const as: Record<string, string> = {};
const db = () => t.database.db.dataSource;

const INVITE = `mutation($input: InviteUserInput!) { inviteUser(input: $input) {
  __typename ... on InvitationCreated { link invitation { id } } } }`;
const PENDING = `query($structureId: ID) { pendingInvitations(structureId: $structureId) {
  id email membershipRole globalRole expiresAt revokedAt } }`;
const RESEND = `mutation($id: ID!) { resendInvitation(invitationId: $id) {
  __typename ... on InvitationCreated { link invitation { id expiresAt } } ... on ErrorResult { errorCode } } }`;
const REVOKE = `mutation($id: ID!) { revokeInvitation(invitationId: $id) {
  __typename ... on Invitation { id revokedAt } ... on ErrorResult { errorCode } } }`;
const ACCEPT = `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) {
  __typename ... on ErrorResult { errorCode } } }`;
const tokenOf = (link: string) => link.split("/invitation/")[1];

beforeAll(async () => {
  t = await startTestApp({ seed: "demo" });
  ccas = await demoStructureId(t, "ccas-espace-public-numerique");
  recup = await demoStructureId(t, "recup-ordi-44");
  for (const [key, email] of Object.entries({
    admin: "admin@maillage.test",
    coordinator: "coordination@maillage.test",
    ccasManager: "direction@ccas.maillage.test",
    ccasStaff: "mediation@ccas.maillage.test",
    recupManager: "responsable@recup-ordi.maillage.test",
  })) {
    as[key] = await loginAs(t, email);
  }
});
afterAll(() => t?.stop());

async function invite(email: string, input: Record<string, unknown>, cookie: string) {
  const res = await t.gql(INVITE, { input: { email, ...input } }, { cookie });
  return res.data!.inviteUser as { link: string; invitation: { id: string } };
}

describe("pending invitations", () => {
  it("a structure's are listed for its managers and admins; network roles' for admins only", async () => {
    const staff = await invite(
      "en-attente@ccas.example",
      { structureId: ccas, role: "STAFF" },
      as.ccasManager,
    );
    const coordinator = await invite(
      "coord-attente@example.org",
      { globalRole: "COORDINATOR" },
      as.admin,
    );

    const mine = await t.gql(PENDING, { structureId: ccas }, { cookie: as.ccasManager });
    expect(mine.data!.pendingInvitations.map((i: { id: string }) => i.id)).toContain(
      staff.invitation.id,
    );
    expect(mine.data!.pendingInvitations.map((i: { id: string }) => i.id)).not.toContain(
      coordinator.invitation.id,
    );
    const network = await t.gql(PENDING, {}, { cookie: as.admin });
    expect(network.data!.pendingInvitations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: coordinator.invitation.id, globalRole: "COORDINATOR" }),
      ]),
    );
    for (const [variables, cookie] of [
      [{ structureId: ccas }, as.ccasStaff],
      [{ structureId: ccas }, as.recupManager],
      [{}, as.ccasManager],
      [{}, as.coordinator],
    ] as const) {
      const refused = await t.gql(PENDING, variables, { cookie });
      expect(refused.errors?.[0].extensions!.code).toBe("FORBIDDEN");
    }
    const anonymous = await t.gql(PENDING, { structureId: ccas });
    expect(anonymous.errors?.[0].extensions!.code).toBe("UNAUTHENTICATED");
  });

  it("sending again gives a new link, e-mailed, and the old one stops working", async () => {
    const first = await invite(
      "relance@ccas.example",
      { structureId: ccas, role: "STAFF" },
      as.ccasManager,
    );
    await db().query(`UPDATE invitation SET expires_at = now() - interval '1 day' WHERE id = $1`, [
      first.invitation.id,
    ]);
    const again = await t.gql(RESEND, { id: first.invitation.id }, { cookie: as.ccasManager });
    const resent = again.data!.resendInvitation;
    expect(resent.__typename).toBe("InvitationCreated");
    expect(resent.link).not.toBe(first.link);
    expect(new Date(resent.invitation.expiresAt).getTime()).toBeGreaterThan(
      Date.now() + 6 * 86400e3,
    );
    await waitFor(
      () => t.mails.some((m) => m.to === "relance@ccas.example" && m.text.includes(resent.link)),
      5000,
      "the second invitation e-mail",
    );
    const old = await t.gql(ACCEPT, {
      input: { token: tokenOf(first.link), password: "une phrase solide", displayName: "R" },
    });
    expect(old.data!.acceptInvitation.errorCode).toBe("INVALID_INVITATION");
    const fresh = await t.gql(ACCEPT, {
      input: { token: tokenOf(resent.link), password: "une phrase solide", displayName: "R" },
    });
    expect(fresh.data!.acceptInvitation.__typename).toBe("Viewer");
    // Accepted: nothing left to send again or revoke.
    const late = await t.gql(RESEND, { id: first.invitation.id }, { cookie: as.ccasManager });
    expect(late.data!.resendInvitation.errorCode).toBe("INVALID_INVITATION");
  });

  it("a revoked invitation's link opens nothing; it leaves the list and is audited", async () => {
    const sent = await invite(
      "revoque@ccas.example",
      { structureId: ccas, role: "STAFF" },
      as.ccasManager,
    );
    const revoked = await t.gql(REVOKE, { id: sent.invitation.id }, { cookie: as.ccasManager });
    expect(revoked.data!.revokeInvitation).toMatchObject({ id: sent.invitation.id });
    expect(revoked.data!.revokeInvitation.revokedAt).not.toBeNull();
    const accept = await t.gql(ACCEPT, {
      input: { token: tokenOf(sent.link), password: "une phrase solide", displayName: "V" },
    });
    expect(accept.data!.acceptInvitation.errorCode).toBe("INVALID_INVITATION");
    const list = await t.gql(PENDING, { structureId: ccas }, { cookie: as.ccasManager });
    expect(list.data!.pendingInvitations.map((i: { id: string }) => i.id)).not.toContain(
      sent.invitation.id,
    );
    const twice = await t.gql(REVOKE, { id: sent.invitation.id }, { cookie: as.ccasManager });
    expect(twice.data!.revokeInvitation.errorCode).toBe("INVALID_INVITATION");
    const audited = await db().query(
      `SELECT 1 FROM audit_entry WHERE action = 'invitation.revoked' AND subject_id = $1`,
      [sent.invitation.id],
    );
    expect(audited).toHaveLength(1);
  });

  it("only those who may give the role manage an invitation; nothing changes otherwise", async () => {
    const manager = await invite(
      "gerant@ccas.example",
      { structureId: ccas, role: "MANAGER" },
      as.admin,
    );
    const staff = await invite(
      "equipe@ccas.example",
      { structureId: ccas, role: "STAFF" },
      as.ccasManager,
    );
    const before = await db().query(
      `SELECT token_hash, revoked_at FROM invitation WHERE id = ANY($1)`,
      [[manager.invitation.id, staff.invitation.id]],
    );
    for (const [id, cookie] of [
      [manager.invitation.id, as.ccasManager], // a manager cannot give the manager role
      [staff.invitation.id, as.ccasStaff],
      [staff.invitation.id, as.recupManager],
      [staff.invitation.id, as.coordinator],
    ]) {
      for (const document of [RESEND, REVOKE]) {
        const refused = await t.gql(document, { id }, { cookie });
        expect(refused.errors?.[0].extensions!.code).toBe("FORBIDDEN");
      }
    }
    const after = await db().query(
      `SELECT token_hash, revoked_at FROM invitation WHERE id = ANY($1)`,
      [[manager.invitation.id, staff.invitation.id]],
    );
    expect(after).toEqual(before);
    const unknown = await t.gql(
      REVOKE,
      { id: "00000000-0000-4000-8000-000000000000" },
      { cookie: as.admin },
    );
    expect(unknown.data!.revokeInvitation.errorCode).toBe("NOT_FOUND");
    const malformed = await t.gql(REVOKE, { id: "pas-un-id" }, { cookie: as.admin });
    expect(malformed.errors?.[0].extensions!.code).toBe("BAD_USER_INPUT");
  });
});

describe("accounts, for admins", () => {
  const USERS = `{ users(first: 100) { edges { node { email siret lastSignInAt } } } }`;
  const MEMBERS = `query($id: ID!) { structureMembers(structureId: $id) { user { email siret } lastSignInAt } }`;

  it("shows the SIRET ProConnect gave and the last sign-in to admins, never to managers", async () => {
    await db().query(
      `UPDATE app_user SET siret = '21440109300015' WHERE email = 'benevole@recup-ordi.maillage.test'`,
    );
    await loginAs(t, "benevole@recup-ordi.maillage.test", DEMO_PASSWORD);
    const users = await t.gql(USERS, {}, { cookie: as.admin });
    const benevole = users
      .data!.users.edges.map((e: { node: unknown }) => e.node)
      .find((u: { email: string }) => u.email === "benevole@recup-ordi.maillage.test");
    expect(benevole.siret).toBe("21440109300015");
    expect(Date.now() - new Date(benevole.lastSignInAt).getTime()).toBeLessThan(60_000);

    const members = await t.gql(MEMBERS, { id: recup }, { cookie: as.recupManager });
    const seen = members.data!.structureMembers.find(
      (m: { user: { email: string } }) => m.user.email === "benevole@recup-ordi.maillage.test",
    );
    expect(seen.user.siret).toBeNull();
    expect(seen.lastSignInAt).not.toBeNull(); // a structure's managers see when its members came
    expect((await t.gql(USERS, {}, { cookie: as.recupManager })).errors?.[0].extensions!.code).toBe(
      "FORBIDDEN",
    );
  });
});
