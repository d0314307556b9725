/**
 * The partner board's list reads the ends' names, the offer's title and the history in its own
 * statement, and the resident's data not at all, when the document asks for no more of them
 * (see referral-list-include.ts). These tests hold that shortcut to what the loaders give.
 */
import fs from "node:fs";
import path from "node:path";
import { demoStructureId, loginAs } from "./support/identity";
import { act, CREATE, referralInput } from "./support/referrals";
import { lastRequestLog, startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
let sender: string;
let receiver: string;
let offerId: string;
let need: string;
let boundary: number;
const as: Record<string, { cookie: string }> = {};
const db = () => t.database.db.dataSource;

/** The client's own board document. */
const BOARD = fs.readFileSync(
  path.resolve(__dirname, "../../client/src/modules/board/graphql/board.graphql"),
  "utf8",
);
const boardDocument = () => {
  const fragment = BOARD.slice(
    BOARD.indexOf("fragment BoardReferral"),
    BOARD.indexOf("# No resident"),
  );
  const query = BOARD.slice(BOARD.indexOf("query Board("), BOARD.indexOf("query ReferralDetail"));
  return `${fragment}\n${query}`;
};

/** The same fields, with one more of each end and of the offer: read through the loaders. */
const THROUGH_LOADERS = `query($structureId: ID!, $first: Int!) {
  referrals(filter: { structureId: $structureId }, first: $first) {
    totalCount
    edges { cursor node {
      id status version need createdAt updatedAt expiresAt answeredAt closedAt needsReminder
      declineReason outcome anonymised
      senderStructure { id name kind } receiverStructure { id name kind }
      receiverOffer { id title category } residentDistrict { code name }
      events { id type fromStatus toStatus actorType at }
    } } } }`;

beforeAll(async () => {
  // Statement counts include the session's, as without the viewer cache: whether a viewer is
  // cached depends on the tests before (viewer-cache.test.ts counts what the cache saves).
  t = await startTestApp({ seed: "demo", env: { VIEWER_CACHE: "false" } });
  sender = await demoStructureId(t, "ccas-espace-public-numerique");
  receiver = await demoStructureId(t, "recup-ordi-44");
  [{ id: offerId, category: need }] = await db().query(
    `SELECT id, category FROM service_offer WHERE structure_id = $1 AND active LIMIT 1`,
    [receiver],
  );
  as.senderStaff = { cookie: await loginAs(t, "mediation@ccas.maillage.test") };
  as.receiverManager = { cookie: await loginAs(t, "responsable@recup-ordi.maillage.test") };
  as.otherStaff = { cookie: await loginAs(t, "accueil@france-services-nord.maillage.test") };
  as.coordinator = { cookie: await loginAs(t, "coordination@maillage.test") };
  // The next event ids cross a power of ten (…98, …99, 100…): "100" sorts before "99" as text.
  const [{ max }] = await db().query(`SELECT coalesce(max(id), 0)::int AS max FROM referral_event`);
  boundary = 10 ** String(max + 2).length;
  await db().query(`ALTER TABLE referral_event ALTER COLUMN id RESTART WITH ${boundary - 2}`);
  const created: { id: string; version: number }[] = [];
  for (const overrides of [{ receiverOfferId: offerId }, {}, { receiverOfferId: offerId }]) {
    const res = await t.gql(
      CREATE,
      { input: referralInput(sender, receiver, need, overrides) },
      as.senderStaff,
    );
    created.push(res.data!.createReferral);
  }
  const accepted = await act(t, "accept", created[0].id, 1, as.receiverManager);
  expect(accepted.value?.__typename).toBe("Referral");
  const declined = await act(t, "decline", created[1].id, 1, as.receiverManager, {
    reason: "OTHER",
    comment: "Plus de place cette semaine",
  });
  expect(declined.value?.__typename).toBe("Referral");
});
afterAll(() => t?.stop());

/** The board's fields of a node read through the loaders. */
function boardFieldsOf(node: any) {
  return {
    ...node,
    senderStructure: { id: node.senderStructure.id, name: node.senderStructure.name },
    receiverStructure: { id: node.receiverStructure.id, name: node.receiverStructure.name },
    receiverOffer: node.receiverOffer && {
      id: node.receiverOffer.id,
      title: node.receiverOffer.title,
    },
    events: node.events.map((e: any) => ({ id: e.id })),
  };
}

describe("the partner board's list", () => {
  it("gives what the loaders give, for both ends' boards", async () => {
    for (const [structureId, who] of [
      [sender, as.senderStaff],
      [receiver, as.receiverManager],
    ] as const) {
      const board = await t.gql(boardDocument(), { structureId, first: 50 }, who);
      expect(board.errors).toBeUndefined();
      const full = await t.gql(THROUGH_LOADERS, { structureId, first: 50 }, who);
      expect(full.errors).toBeUndefined();
      const nodes = board.data!.referrals.edges;
      expect(nodes.length).toBeGreaterThanOrEqual(3);
      expect(board.data!.referrals.totalCount).toBe(full.data!.referrals.totalCount);
      expect(nodes.map((e: any) => e.cursor)).toEqual(
        full.data!.referrals.edges.map((e: any) => e.cursor),
      );
      expect(nodes.map((e: any) => e.node)).toEqual(
        full.data!.referrals.edges.map((e: any) => boardFieldsOf(e.node)),
      );
      // Asked for more than their ids, the events come whole (through the loader).
      const fullEvents = full.data!.referrals.edges.flatMap((e: any) => e.node.events);
      expect(fullEvents.length).toBeGreaterThan(0);
      expect(fullEvents.every((e: any) => e.type && e.toStatus && e.at)).toBe(true);
      // Both kinds of offer are there: one named, one absent.
      expect(nodes.some((e: any) => e.node.receiverOffer?.id === offerId)).toBe(true);
      expect(nodes.some((e: any) => e.node.receiverOffer === null)).toBe(true);
    }
  });

  it("gives byte for byte what each referral's own read gives (whole rows, through TypeORM)", async () => {
    const fragment = boardDocument().slice(0, boardDocument().indexOf("query Board("));
    const ONE = `${fragment}\nquery($id: ID!) { referral(id: $id) { ...BoardReferral events { id } } }`;
    const board = await t.gql(boardDocument(), { structureId: sender, first: 50 }, as.senderStaff);
    expect(board.errors).toBeUndefined();
    const nodes = board.data!.referrals.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    // Every kind of value is there: answered and not, declined with its reason.
    expect(nodes.some((n: any) => n.answeredAt !== null)).toBe(true);
    expect(nodes.some((n: any) => n.answeredAt === null)).toBe(true);
    expect(nodes.some((n: any) => n.declineReason !== null)).toBe(true);
    for (const node of nodes) {
      const one = await t.gql(ONE, { id: node.id }, as.senderStaff);
      expect(one.errors).toBeUndefined();
      expect(JSON.stringify(node)).toBe(JSON.stringify(one.data!.referral));
    }
  });

  it("reads the board in one statement besides the session, with Apollo's __typename too", async () => {
    // Selection sets only (each opens a line), not the filter's input object.
    const withTypenames = boardDocument().replace(/\{\n/g, "{\n__typename\n");
    for (const document of [boardDocument(), withTypenames]) {
      const res = await t.gql(document, { structureId: sender, first: 50 }, as.senderStaff);
      expect(res.errors).toBeUndefined();
      expect((await lastRequestLog(t, "Board")).sqlStatements).toBe(2);
    }
    const named = THROUGH_LOADERS.replace("query(", "query Full(");
    await t.gql(named, { structureId: sender, first: 50 }, as.senderStaff);
    expect((await lastRequestLog(t, "Full")).sqlStatements).toBe(5);
  });

  it("lists each history oldest first by id, across a power of ten", async () => {
    const [row] = await db().query(`SELECT referral_id FROM referral_event WHERE id = $1`, [
      boundary - 1,
    ]);
    expect(row).toBeDefined();
    const ids = (
      await db().query(
        `SELECT id::text AS event_id FROM referral_event WHERE referral_id = $1 ORDER BY id`,
        [row.referral_id],
      )
    ).map((r: { event_id: string }) => r.event_id);
    expect(ids).toEqual([String(boundary - 1), String(boundary + 2)]);
    const board = await t.gql(boardDocument(), { structureId: sender, first: 50 }, as.senderStaff);
    const listed = board.data!.referrals.edges.find((e: any) => e.node.id === row.referral_id);
    expect(listed.node.events.map((e: any) => e.id)).toEqual(ids);
    const one = await t.gql(
      `query($id: ID!) { referral(id: $id) { events { id } } }`,
      { id: row.referral_id },
      as.senderStaff,
    );
    expect(one.data!.referral.events.map((e: any) => e.id)).toEqual(ids);
  });

  it("still reads the resident and the comment when a list asks for them, for the ends only", async () => {
    const LIST = `query($structureId: ID) { referrals(filter: { structureId: $structureId }, first: 50) {
      edges { node { id status comment resident { firstName languages } senderStructure { name } } } } }`;
    const before = (
      await db().query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'resident.read'`)
    )[0].n;
    const res = await t.gql(LIST, { structureId: receiver }, as.receiverManager);
    expect(res.errors).toBeUndefined();
    const declined = res.data!.referrals.edges.find((e: any) => e.node.status === "DECLINED");
    expect(declined.node).toMatchObject({
      comment: "Plus de place cette semaine",
      resident: { firstName: "Amina", languages: ["fr", "ar"] },
    });
    const after = (
      await db().query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'resident.read'`)
    )[0].n;
    expect(after - before).toBe(res.data!.referrals.edges.length);
    // The board itself reads no resident data, so it audits no read.
    await t.gql(boardDocument(), { structureId: receiver, first: 50 }, as.receiverManager);
    const afterBoard = (
      await db().query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'resident.read'`)
    )[0].n;
    expect(afterBoard).toBe(after);
  });

  it("keeps its refusals: another structure's board, and no list for coordinators", async () => {
    const foreign = await t.gql(
      boardDocument(),
      { structureId: receiver, first: 50 },
      as.otherStaff,
    );
    expect(foreign.errors![0].extensions!.code).toBe("FORBIDDEN");
    expect(foreign.data).toBeNull();
    const coordinator = await t.gql(
      boardDocument(),
      { structureId: receiver, first: 50 },
      as.coordinator,
    );
    expect(coordinator.errors![0].extensions!.code).toBe("FORBIDDEN");
  });

  it("reads the ends in full when a fragment asks for more than their names", async () => {
    const LIST = `fragment End on Structure { id name address { city } }
      query($structureId: ID) { referrals(filter: { structureId: $structureId }, first: 50) {
        edges { node { senderStructure { id name } receiverStructure { ...End } } } } }`.replace(
      "first: 50",
      "first: 20",
    );
    const res = await t.gql(LIST, { structureId: sender }, as.senderStaff);
    expect(res.errors).toBeUndefined();
    const [{ city }] = await db().query(`SELECT city FROM structure WHERE id = $1`, [receiver]);
    const ours = res.data!.referrals.edges.filter(
      (e: any) => e.node.receiverStructure.id === receiver,
    );
    expect(ours.length).toBeGreaterThanOrEqual(3);
    expect(ours.every((e: any) => e.node.receiverStructure.address.city === city)).toBe(true);
  });
});
