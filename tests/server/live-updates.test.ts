import { Client } from "pg";
import type { Context } from "../../server/src/graphql/context";
import {
  CLOSE_TOO_SLOW,
  ReferralEventSource,
  SUBSCRIBER_BUFFER_LIMIT,
  SUBSCRIBER_QUEUE_LIMIT,
} from "../../server/src/modules/referral/referral-event-source";
import type { HubEvent } from "../../server/src/realtime/referral-event-hub";
import { createToken, demoStructureId, loginAs } from "./support/identity";
import { collect, settle, waitFor } from "./support/live";
import { act, CREATE, referralInput } from "./support/referrals";
import { startTestApp, type TestApp } from "./support/test-app";
import { recordQueries } from "../../server/src/db/query-counter";

/*
 * Two instances on one database: on PostgreSQL each has its own LISTEN connection; on the
 * embedded database both run in this process on the same engine, as the issue asks.
 */
let a: TestApp;
let b: TestApp;
let sender: string;
let receiver: string;
let other: string;
let need: string;
const cookies: Record<string, string> = {};
const clients: { dispose(): Promise<void> | void }[] = [];

beforeAll(async () => {
  a = await startTestApp({ seed: "demo" });
  b = await startTestApp({ database: a.database });
  sender = await demoStructureId(a, "ccas-espace-public-numerique");
  receiver = await demoStructureId(a, "recup-ordi-44");
  other = await demoStructureId(a, "france-services-nantes-nord");
  need = (
    await a.database.db.dataSource.query(
      `SELECT category FROM service_offer WHERE structure_id = $1 AND active LIMIT 1`,
      [receiver],
    )
  )[0].category;
  cookies.sender = await loginAs(a, "mediation@ccas.maillage.test");
  cookies.receiver = await loginAs(a, "benevole@recup-ordi.maillage.test");
  cookies.receiverManager = await loginAs(a, "responsable@recup-ordi.maillage.test");
  cookies.other = await loginAs(a, "accueil@france-services-nord.maillage.test");
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await b?.stop();
  await a?.stop();
});

const socket = (t: TestApp, options: Parameters<TestApp["ws"]>[0]) => {
  const client = t.ws(options);
  clients.push(client);
  return client;
};

async function newReferral(to = receiver): Promise<string> {
  const res = await a.gql(
    CREATE,
    { input: referralInput(sender, to, to === receiver ? need : "ADMINISTRATIVE_PROCEDURES") },
    { cookie: cookies.sender },
  );
  const id = res.data?.createReferral?.id;
  if (!id) throw new Error(JSON.stringify(res));
  return id;
}

/** Subscribes with any document and keeps every `next` payload. */
function subscribeWith(
  client: ReturnType<typeof socket>,
  query: string,
  variables: Record<string, unknown>,
) {
  const out = { results: [] as any[], errors: [] as unknown[] };
  const stop = client.subscribe(
    { query, variables },
    {
      next: (value: any) => out.results.push(value),
      error: (error) => out.errors.push(error),
      complete: () => undefined,
    },
  );
  return { ...out, stop };
}

const lastEventId = async (): Promise<string> =>
  (await a.database.db.dataSource.query(`SELECT max(id)::text AS id FROM referral_event`))[0].id;

describe("shared execution of live events", () => {
  const HISTORY = `subscription ($s: ID!, $after: String) {
    referralEvents(structureId: $s, after: $after) { id referral { id events { id type } } } }`;
  const RESIDENT = `subscription ($s: ID!) {
    referralEvents(structureId: $s) { id referral { id resident { firstName } } } }`;

  it("executes an event once for the subscribers who would get the same result", async () => {
    const subs = [
      subscribeWith(socket(b, { headers: { cookie: cookies.receiver } }), HISTORY, { s: receiver }),
      subscribeWith(socket(b, { headers: { cookie: cookies.receiverManager } }), HISTORY, {
        s: receiver,
      }),
      // Another structure and a cursor: those arguments only choose the stream.
      subscribeWith(socket(b, { headers: { cookie: cookies.sender } }), HISTORY, {
        s: sender,
        after: await lastEventId(),
      }),
    ];
    await settle(200);
    // Count the history loads of the executions, on both instances (one process).
    const statements: string[] = [];
    recordQueries((q) => statements.push(q.sql));
    let id: string;
    let historyLoads: number;
    try {
      // A mutation that reads no history itself.
      const created = await a.gql(
        `mutation ($input: CreateReferralInput!) { createReferral(input: $input) { ... on Referral { id } } }`,
        { input: referralInput(sender, receiver, need) },
        { cookie: cookies.sender },
      );
      id = created.data?.createReferral.id;
      await waitFor(() => subs.every((s) => s.results.length === 1), 5000, "three deliveries");
    } finally {
      historyLoads = statements.filter((sql) =>
        sql.includes("FROM referral_event WHERE referral_id = ANY"),
      ).length;
      recordQueries(null);
    }
    for (const sub of subs) {
      expect(sub.results[0].data.referralEvents.referral).toEqual({
        id,
        events: [{ id: sub.results[0].data.referralEvents.id, type: "CREATED" }],
      });
    }
    // Executed once, not three times.
    expect(historyLoads).toBe(1);
    subs.forEach((s) => s.stop());
  });

  it("executes per subscriber what depends on the viewer, and audits each read", async () => {
    const token = await createToken(a, cookies.receiverManager, receiver, "Lecture résident");
    // Two people of the same access class, and a token.
    const subs = [
      subscribeWith(socket(b, { headers: { cookie: cookies.receiver } }), RESIDENT, {
        s: receiver,
      }),
      subscribeWith(socket(b, { headers: { cookie: cookies.receiverManager } }), RESIDENT, {
        s: receiver,
      }),
      subscribeWith(
        socket(b, { connectionParams: { authorization: `Bearer ${token}` } }),
        RESIDENT,
        { s: receiver },
      ),
    ];
    await settle(200);
    const id = await newReferral();
    await waitFor(() => subs.every((s) => s.results.length === 1), 5000, "three deliveries");
    for (const sub of subs) {
      expect(sub.results[0].errors).toBeUndefined();
      expect(sub.results[0].data.referralEvents.referral.resident.firstName).toBe(
        referralInput(sender, receiver, need).resident.firstName,
      );
    }
    // One audited read per subscriber (the sender's own read, when it created it, aside).
    const reads = await a.database.db.dataSource.query(
      `SELECT count(*) FILTER (WHERE a.actor_id = (SELECT id FROM app_user WHERE email = 'benevole@recup-ordi.maillage.test'))::int AS staff,
              count(*) FILTER (WHERE a.actor_id = (SELECT id FROM app_user WHERE email = 'responsable@recup-ordi.maillage.test'))::int AS manager,
              count(*) FILTER (WHERE a.actor_id = (SELECT id FROM api_token WHERE name = 'Lecture résident'))::int AS token
         FROM audit_entry a WHERE a.action = 'resident.read' AND a.subject_id = $1`,
      [id],
    );
    expect(reads).toEqual([{ staff: 1, manager: 1, token: 1 }]);
    subs.forEach((s) => s.stop());
  });
});

describe("referralEvents", () => {
  it("a transition on instance A reaches a subscriber on instance B", async () => {
    const sub = collect(socket(b, { headers: { cookie: cookies.receiver } }), receiver);
    await settle(200);
    const id = await newReferral();
    await act(a, "accept", id, 1, { cookie: cookies.receiver });
    await waitFor(
      () => sub.events.filter((e) => e.referral.id === id).length === 2,
      5000,
      "two events on B",
    );
    const mine = sub.events.filter((e) => e.referral.id === id);
    expect(mine.map((e) => [e.type, e.toStatus])).toEqual([
      ["CREATED", "PENDING"],
      ["ACCEPTED", "ACCEPTED"],
    ]);
    expect(mine[1].referral.status).toBe("ACCEPTED");
    expect(BigInt(mine[1].cursor)).toBeGreaterThan(BigInt(mine[0].cursor));
    expect(sub.errors).toEqual([]);
    sub.stop();
  });

  it("resumes with its cursor: exactly the three transitions missed, in order, then live", async () => {
    const first = socket(b, { headers: { cookie: cookies.receiver } });
    const sub = collect(first, receiver);
    await settle(200);
    const id = await newReferral();
    await waitFor(() => sub.events.some((e) => e.referral.id === id), 5000, "creation");
    const cursor = sub.events.at(-1)!.cursor;
    sub.stop();
    await first.dispose();

    const second = await newReferral();
    await act(a, "accept", id, 1, { cookie: cookies.receiver });
    await act(a, "complete", id, 2, { cookie: cookies.receiver }, { outcome: "NEED_MET" });
    const resumed = collect(socket(b, { headers: { cookie: cookies.receiver } }), receiver, cursor);
    await waitFor(() => resumed.events.length >= 3, 5000, "the replay");
    await settle();
    expect(resumed.events.map((e) => [e.referral.id, e.type])).toEqual([
      [second, "CREATED"],
      [id, "ACCEPTED"],
      [id, "COMPLETED"],
    ]);
    // then live, without duplicates across the switch
    await act(a, "cancel", (await newReferral()) as string, 1, { cookie: cookies.sender });
    await waitFor(() => resumed.events.length === 5, 5000, "live events after the replay");
    const ids = resumed.events.map((e) => BigInt(e.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((x, y) => (x < y ? -1 : 1))).toEqual(ids);
    resumed.stop();
  });

  it("refuses an unauthorised subscription", async () => {
    const stranger = collect(socket(a, { headers: { cookie: cookies.other } }), receiver);
    const anonymous = collect(socket(a, {}), receiver);
    await waitFor(
      () => stranger.errors.length > 0 && anonymous.errors.length > 0,
      5000,
      "refusals",
    );
    expect(JSON.stringify(stranger.errors)).toContain("FORBIDDEN");
    expect(JSON.stringify(anonymous.errors)).toContain("UNAUTHENTICATED");
    expect(stranger.events).toEqual([]);
  });

  it("never sends structure X's events to structure Y's subscriber", async () => {
    const y = collect(socket(b, { headers: { cookie: cookies.other } }), other);
    await settle(200);
    const id = await newReferral();
    await act(a, "accept", id, 1, { cookie: cookies.receiver });
    const toY = await newReferral(other);
    await waitFor(() => y.events.length > 0, 5000, "Y's own event");
    await settle();
    expect(y.events.map((e) => e.referral.id)).toEqual([toY]);
    y.stop();
  });

  it("loses no event when the LISTEN connection is killed", async () => {
    const sub = collect(socket(b, { headers: { cookie: cookies.receiver } }), receiver);
    await settle(200);
    const ds = a.database.db.dataSource;
    if (a.database.url) {
      const killed = await ds.query(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'maillage-listen' AND datname = current_database()`,
      );
      // Three LISTEN connections per instance: live events, the e-mail outbox, directory changes.
      expect(killed.length).toBe(6);
    } else {
      // Embedded: drop the listener as a lost connection would, and bring it back.
      await b.app.hub.stop();
    }
    const ids = [await newReferral(), await newReferral(), await newReferral()];
    if (!a.database.url) await b.app.hub.start();
    await waitFor(
      () => ids.every((id) => sub.events.some((e) => e.referral.id === id)),
      15_000,
      "events after the reconnection",
    );
    expect(sub.events.filter((e) => ids.includes(e.referral.id))).toHaveLength(3);
    sub.stop();
  });

  it("ends the stream when its token is revoked", async () => {
    const manager = await loginAs(a, "responsable@recup-ordi.maillage.test");
    const token = await createToken(a, manager, receiver, "Flux");
    const sub = collect(
      socket(b, { connectionParams: { authorization: `Bearer ${token}` } }),
      receiver,
    );
    await settle(200);
    const before = await newReferral();
    await waitFor(
      () => sub.events.some((e) => e.referral.id === before),
      5000,
      "event before revocation",
    );
    const [{ id }] = await a.database.db.dataSource.query(
      `SELECT id FROM api_token WHERE name = 'Flux'`,
    );
    await a.gql(
      `mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }`,
      { id },
      { cookie: manager },
    );
    const after = await newReferral();
    await waitFor(() => sub.completed || sub.errors.length > 0, 5000, "the end of the stream");
    expect(sub.events.some((e) => e.referral.id === after)).toBe(false);
    expect(JSON.stringify(sub.errors)).toMatch(/FORBIDDEN|revoked/);
  });

  it("ends the stream when the membership is removed", async () => {
    const staff = await loginAs(a, "benevole@recup-ordi.maillage.test");
    const sub = collect(socket(b, { headers: { cookie: staff } }), receiver);
    await settle(200);
    const [m] = await a.database.db.dataSource.query(
      `SELECT m.id FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.email = 'benevole@recup-ordi.maillage.test' AND m.structure_id = $1`,
      [receiver],
    );
    await a.gql(
      `mutation($m: ID!) { removeMembership(membershipId: $m) { __typename } }`,
      { m: m.id },
      { cookie: cookies.receiverManager },
    );
    const after = await newReferral();
    await waitFor(() => sub.completed || sub.errors.length > 0, 5000, "the end of the stream");
    expect(sub.events.some((e) => e.referral.id === after)).toBe(false);
  });

  it("refuses a 21st operation on one socket", async () => {
    const client = socket(a, { headers: { cookie: cookies.sender } });
    const subs = Array.from({ length: 21 }, () => collect(client, sender));
    await waitFor(() => subs.some((s) => s.errors.length > 0), 5000, "the refusal");
    expect(subs.filter((s) => s.errors.length > 0)).toHaveLength(1);
    expect(JSON.stringify(subs.find((s) => s.errors.length)!.errors)).toContain("At most 20");
    subs.forEach((s) => s.stop());
  });
});

describe("the LISTEN connection", () => {
  // Reconnection to a PostgreSQL server; the embedded database listens in process.
  const onPostgres = process.env.DATABASE_URL ? it : it.skip;

  onPostgres(
    "stops for good when closed during an outage, even once the database is back",
    async () => {
      const ds = a.database.db.dataSource;
      const [{ name }] = await ds.query(`SELECT current_database() AS name`);
      const listening = `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND query ~* '^LISTEN "?maillage_listen_probe"?$'`;
      // A database's connections are refused from another database's session.
      const admin = new Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      const stop = await a.database.db.listen("maillage_listen_probe", {
        onNotification: () => undefined,
        onConnected: () => undefined,
      });
      try {
        expect((await ds.query(listening))[0].n).toBe(1);
        await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
        await ds.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND query ~* '^LISTEN "?maillage_listen_probe"?$'`,
        );
        await settle(500); // a few reconnection attempts fail
      } finally {
        await stop();
        await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
        await admin.end();
      }
      await settle(2_500); // longer than the next attempt would have waited
      expect((await ds.query(listening))[0].n).toBe(0);
    },
  );
});

describe("back-pressure", () => {
  const STRUCTURE = "00000000-0000-4000-8000-000000000001";

  /** A source on a stand-in hub and socket: what it does with a subscriber that lags. */
  async function lagging(options: { bufferedAmount: number; access: Promise<boolean> }) {
    let deliver: ((events: HubEvent[]) => void) | null = null;
    const seen = { closedWith: null as number | null, unsubscribed: false, sent: 0 };
    const ctx = {
      viewer: { kind: "token", tokenId: "t", structureId: STRUCTURE },
      socket: {
        bufferedAmount: options.bufferedAmount,
        send: () => seen.sent++,
        close: (code: number) => (seen.closedWith = code),
      },
      realtime: {
        hub: {
          subscribe: (_id: string, subscriber: { deliver: typeof deliver }) => {
            deliver = subscriber.deliver;
            return () => (seen.unsubscribed = true);
          },
        },
        checkAccess: () => options.access,
      },
    } as unknown as Context;
    const source = await ReferralEventSource.open(ctx, STRUCTURE, null);
    source.pushTo({
      next: async () => void seen.sent++,
      end: () => undefined,
      fail: () => undefined,
    });
    let id = 0n;
    const event = () => ({ id: ++id, referral: { id: "r" } }) as unknown as HubEvent;
    return {
      seen,
      deliver: (n: number) => {
        for (let i = 0; i < n; i++) deliver!([event()]);
      },
    };
  }

  it("closes a subscriber whose socket has too much waiting to be sent", async () => {
    const { seen, deliver } = await lagging({
      bufferedAmount: SUBSCRIBER_BUFFER_LIMIT + 1,
      access: Promise.resolve(true),
    });
    deliver(1);
    expect(seen).toEqual({ closedWith: CLOSE_TOO_SLOW, unsubscribed: true, sent: 0 });
  });

  it("closes a subscriber whose events wait too long to be emitted", async () => {
    const { seen, deliver } = await lagging({ bufferedAmount: 0, access: new Promise(() => {}) });
    // One batch being emitted (waiting for its access check), the limit waiting behind it.
    deliver(1 + SUBSCRIBER_QUEUE_LIMIT);
    expect(seen.closedWith).toBeNull();
    deliver(1);
    expect(seen).toEqual({ closedWith: CLOSE_TOO_SLOW, unsubscribed: true, sent: 0 });
  });
});
