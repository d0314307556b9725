/**
 * createReferral writes its key, row, audit entry and CREATED event (with the lock, the outbox
 * rows and the notifications) in one statement, and every other event in one statement of its
 * transaction: what each write promised when it was a statement of its own still holds.
 */
import { Client } from "pg";
import { recordQueries } from "../../server/src/db/query-counter";
import {
  recordEvent,
  REFERRAL_EVENT_CHANNEL,
  SYSTEM,
} from "../../server/src/modules/referral/referral-events";
import {
  ReferralEventType,
  ReferralStatus,
} from "../../server/src/modules/referral/referral.enums";
import { demoStructureId, loginAs } from "./support/identity";
import { CREATE, REFERRAL_VIEW, referralInput } from "./support/referrals";
import { lastRequestLog, startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
let sender: string;
let receiver: string;
let need: string;
let staff: { cookie: string };
const db = () => t.database.db.dataSource;
const count = async (from: string, params: unknown[] = []) =>
  (await db().query(`SELECT count(*)::int AS n FROM ${from}`, params))[0].n as number;

beforeAll(async () => {
  // Statement counts include the session's, as without the viewer cache: whether a viewer is
  // cached depends on the tests before (viewer-cache.test.ts counts what the cache saves).
  t = await startTestApp({ seed: "demo", env: { VIEWER_CACHE: "false" } });
  sender = await demoStructureId(t, "ccas-espace-public-numerique");
  receiver = await demoStructureId(t, "recup-ordi-44");
  [{ category: need }] = await db().query(
    `SELECT category FROM service_offer WHERE structure_id = $1 AND active LIMIT 1`,
    [receiver],
  );
  staff = { cookie: await loginAs(t, "mediation@ccas.maillage.test") };
});
afterAll(() => t?.stop());

const CREATE_WITH_KEY = CREATE.replace(
  "($input: CreateReferralInput!) { createReferral(input: $input)",
  "($input: CreateReferralInput!, $key: String) { createReferral(input: $input, idempotencyKey: $key)",
);

describe("createReferral", () => {
  it("returns the row as stored, with its audit entry, key, event and e-mails", async () => {
    const res = await t.gql(
      CREATE_WITH_KEY,
      { input: referralInput(sender, receiver, need), key: "writes-1" },
      staff,
    );
    const created = res.data!.createReferral;
    // Session, both ends; one statement for every write, the key's claim included (no key
    // lookup first, no START or COMMIT); then the answer's events and the audit of its resident
    // read. 15 when each write was its own, 6 with the key looked up first.
    // (The embedded database runs the listeners' reads and the mail sender inside the request.)
    if (t.database.url) expect((await lastRequestLog(t, "Create")).sqlStatements).toBe(5);
    expect(created).toMatchObject({
      __typename: "Referral",
      status: "PENDING",
      version: 1,
      needsReminder: false,
      anonymised: false,
      answeredAt: null,
      resident: { firstName: "Amina", languages: ["fr", "ar"] },
    });
    // What the mutation answered is the stored row: the same as a later read of it.
    const reread = await t.gql(
      `query($id: ID!) { referral(id: $id) { ${REFERRAL_VIEW} } }`,
      { id: created.id },
      staff,
    );
    expect(reread.data!.referral).toEqual(created);
    const [entry] = await db().query(
      `SELECT actor_type, structure_id FROM audit_entry WHERE subject_id = $1 AND action = 'resident.recorded'`,
      [created.id],
    );
    expect(entry).toEqual({ actor_type: "user", structure_id: sender });
    expect(
      await count(`idempotency_key WHERE result_id = $1 AND key = 'writes-1'`, [created.id]),
    ).toBe(1);
    const events = await db().query(
      `SELECT id::text AS id, type FROM referral_event WHERE referral_id = $1`,
      [created.id],
    );
    expect(events).toEqual([{ id: expect.any(String), type: "CREATED" }]);
    const mails = await db().query(
      `SELECT dedupe_key FROM outbox WHERE payload->>'referralId' = $1`,
      [created.id],
    );
    expect(mails.length).toBeGreaterThan(0);
    expect(
      mails.every((m: { dedupe_key: string }) => m.dedupe_key.startsWith(`event:${events[0].id}:`)),
    ).toBe(true);
  });
});

describe("createReferral sent again with its key", () => {
  it("answers its first result after the receiver left the directory; a new key is refused", async () => {
    const input = referralInput(sender, receiver, need);
    const first = await t.gql(CREATE_WITH_KEY, { input, key: "before-archive" }, staff);
    const created = first.data!.createReferral;
    expect(created.__typename).toBe("Referral");
    const before = await count(`referral`);
    await db().query(`UPDATE structure SET archived_at = now() WHERE id = $1`, [receiver]);
    try {
      // The receiver's check now fails, but the key stands for a referral made before.
      const repeat = await t.gql(CREATE_WITH_KEY, { input, key: "before-archive" }, staff);
      expect(repeat.data!.createReferral).toEqual(created);
      const fresh = await t.gql(CREATE_WITH_KEY, { input, key: "after-archive" }, staff);
      expect(fresh.data!.createReferral).toMatchObject({
        __typename: "ValidationError",
        fields: [expect.objectContaining({ path: "receiverStructureId", code: "ARCHIVED" })],
      });
      expect(await count(`referral`)).toBe(before);
      expect(await count(`idempotency_key WHERE key = 'after-archive'`)).toBe(0);
    } finally {
      await db().query(`UPDATE structure SET archived_at = NULL WHERE id = $1`, [receiver]);
    }
  });
});

describe("createReferral's ids", () => {
  it("refuses malformed ids with a typed error, and creates nothing", async () => {
    const before = await count(`referral`);
    for (const overrides of [
      { receiverStructureId: "not-a-uuid" },
      { senderStructureId: "1; DROP TABLE referral" },
      { receiverOfferId: "x" },
    ]) {
      const res = await t.gql(
        CREATE_WITH_KEY,
        { input: { ...referralInput(sender, receiver, need), ...overrides }, key: `bad-${before}` },
        staff,
      );
      expect(res.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
    }
    expect(await count(`referral`)).toBe(before);
  });
});

// Two connections at once: the embedded database has one.
const onServer = process.env.DATABASE_URL ? describe : describe.skip;

onServer("on a PostgreSQL server", () => {
  const referralRow = async () =>
    (
      await db().query(
        `SELECT id, sender_structure_id AS "senderStructureId", receiver_structure_id AS "receiverStructureId"
           FROM referral ORDER BY created_at LIMIT 1`,
      )
    )[0];

  /** A reminder of a pending referral by the system, recorded with `em`. */
  const remind = (
    em: Parameters<typeof recordEvent>[0],
    referral: Parameters<typeof recordEvent>[1],
  ) =>
    recordEvent(
      em,
      referral,
      ReferralEventType.REMINDER_DUE,
      ReferralStatus.PENDING,
      ReferralStatus.PENDING,
      SYSTEM,
    );

  /** Waits (bounded) until a statement waits for a lock; never a timed assertion. */
  const someoneWaits = async (kind: string) => {
    for (let i = 0; i < 500; i++) {
      const n = await count(`pg_locks WHERE NOT granted AND locktype = $1`, [kind]);
      if (n > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`nobody waited for a ${kind} lock`);
  };

  it("commits events in id order: a second writer waits for the first one's commit", async () => {
    const referral = await referralRow();
    const first = db().createQueryRunner();
    await first.startTransaction();
    const firstId = await remind(first.manager, referral);
    let secondDone = false;
    const second = db()
      .transaction((em) => remind(em, referral))
      .then((id) => {
        secondDone = true;
        return id;
      });
    await someoneWaits("advisory");
    expect(secondDone).toBe(false);
    await first.commitTransaction();
    await first.release();
    expect(BigInt(await second)).toBeGreaterThan(BigInt(firstId));
  });

  it("takes the same lock when it creates: a new referral's event waits for an open one", async () => {
    const referral = await referralRow();
    const first = db().createQueryRunner();
    await first.startTransaction();
    const firstId = await remind(first.manager, referral);
    let createdDone = false;
    const create = t
      .gql(CREATE, { input: referralInput(sender, receiver, need) }, staff)
      .then((res) => {
        createdDone = true;
        return res;
      });
    await someoneWaits("advisory");
    expect(createdDone).toBe(false);
    await first.commitTransaction();
    await first.release();
    const created = (await create).data!.createReferral;
    const [event] = await db().query(
      `SELECT id::text AS id FROM referral_event WHERE referral_id = $1`,
      [created.id],
    );
    expect(BigInt(event.id)).toBeGreaterThan(BigInt(firstId));
  });

  it("announces an event and its e-mails at commit, and a rolled-back one never", async () => {
    const listener = new Client({ connectionString: t.database.url });
    await listener.connect();
    const heard: { channel: string; payload?: string }[] = [];
    listener.on("notification", (n) => heard.push({ channel: n.channel, payload: n.payload }));
    await listener.query(`LISTEN ${REFERRAL_EVENT_CHANNEL}`);
    await listener.query(`LISTEN outbox`);
    try {
      const referral = await referralRow();
      const record = (em: Parameters<typeof recordEvent>[0]) =>
        recordEvent(
          em,
          referral,
          ReferralEventType.CANCELLED,
          ReferralStatus.PENDING,
          ReferralStatus.CANCELLED,
          {
            type: "system",
            id: null,
          },
        );
      const mailsBefore = await count(`outbox`);
      const runner = db().createQueryRunner();
      await runner.startTransaction();
      const rolledBack = await record(runner.manager);
      await runner.rollbackTransaction();
      await runner.release();
      expect(await count(`referral_event WHERE id = $1`, [rolledBack])).toBe(0);
      expect(await count(`outbox`)).toBe(mailsBefore);
      const committed = await db().transaction((em) => record(em));
      for (let i = 0; i < 500 && heard.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      expect(heard).toEqual([
        { channel: REFERRAL_EVENT_CHANNEL, payload: committed },
        { channel: "outbox", payload: "" },
      ]);
      expect(
        await count(`outbox WHERE dedupe_key LIKE $1`, [`event:${committed}:%`]),
      ).toBeGreaterThan(0);
    } finally {
      await listener.end();
    }
  });

  it("wakes no sender when every e-mail of the event waits for the digest", async () => {
    const referral = await referralRow();
    const users: { id: string; mode: string }[] = await db().query(
      `SELECT u.id, u.notification_mode AS mode FROM app_user u
         JOIN membership m ON m.user_id = u.id WHERE m.structure_id = $1`,
      [referral.receiverStructureId],
    );
    const [{ email }] = await db().query(
      `SELECT notification_email AS email FROM structure WHERE id = $1`,
      [referral.receiverStructureId],
    );
    expect(users.length).toBeGreaterThan(0);
    const listener = new Client({ connectionString: t.database.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on("notification", (n) => heard.push(n.channel));
    await listener.query(`LISTEN ${REFERRAL_EVENT_CHANNEL}`);
    await listener.query(`LISTEN outbox`);
    try {
      await db().query(
        `UPDATE app_user SET notification_mode = 'DAILY_DIGEST' WHERE id = ANY($1::uuid[])`,
        [users.map((u) => u.id)],
      );
      await db().query(`UPDATE structure SET notification_email = NULL WHERE id = $1`, [
        referral.receiverStructureId,
      ]);
      const committed = await db().transaction((em) => remind(em, referral));
      for (let i = 0; i < 500 && heard.length < 1; i++) await new Promise((r) => setTimeout(r, 10));
      // A round trip on the listener: whatever its connection was sent before is read by now.
      await listener.query(`SELECT 1`);
      expect(heard).toEqual([REFERRAL_EVENT_CHANNEL]);
      const states: { state: string }[] = await db().query(
        `SELECT state FROM outbox WHERE dedupe_key LIKE $1`,
        [`event:${committed}:%`],
      );
      expect(states.map((r) => r.state)).toEqual(users.map(() => "DIGEST"));
    } finally {
      await listener.end();
      for (const u of users) {
        await db().query(`UPDATE app_user SET notification_mode = $2 WHERE id = $1`, [
          u.id,
          u.mode,
        ]);
      }
      await db().query(`UPDATE structure SET notification_email = $2 WHERE id = $1`, [
        referral.receiverStructureId,
        email,
      ]);
    }
  });

  it("reads no event for the live hub while nobody subscribes, and reads and delivers once someone does", async () => {
    const hub = t.app.hub;
    expect(hub.subscriberCount).toBe(0);
    const newestEvent = async () =>
      BigInt((await db().query(`SELECT max(id)::text AS id FROM referral_event`))[0].id);
    /** Waits (bounded) for `done`; never a timed assertion. */
    const until = async (done: () => boolean, what: string) => {
      for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
      if (!done()) throw new Error(`never: ${what}`);
    };
    const create = async () =>
      (await t.gql(CREATE, { input: referralInput(sender, receiver, need) }, staff)).data!
        .createReferral.id as string;
    const hubReads: string[] = [];
    recordQueries((q) => {
      if (/FROM referral_event e JOIN referral r/.test(q.sql)) hubReads.push(q.sql);
    });
    const delivered: string[] = [];
    try {
      const unseen = await create();
      const unseenEvent = await newestEvent();
      // Its notification moved the hub's cursor past it, without reading it.
      await until(() => hub.lastEventId === unseenEvent, "the hub heard of the event");
      expect(hubReads).toEqual([]);

      const unsubscribe = hub.subscribe(receiver, {
        deliver: (events) => delivered.push(...events.map((e) => e.referral.id)),
      });
      try {
        const seen = await create();
        await until(() => delivered.includes(seen), "the subscriber got the event");
        expect(hubReads.length).toBeGreaterThan(0);
        expect(delivered).not.toContain(unseen);
      } finally {
        unsubscribe();
      }
    } finally {
      recordQueries(null);
    }
  });

  it("claims a new key with its write, without looking it up first, and still refuses a stranger", async () => {
    const holder = new Client({ connectionString: t.database.url });
    await holder.connect();
    const sent: string[] = [];
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE idempotency_key IN ACCESS EXCLUSIVE MODE");
      recordQueries((q) => sent.push(q.sql));
      const create = t.gql(
        CREATE_WITH_KEY,
        { input: referralInput(sender, receiver, need), key: "overlap" },
        staff,
      );
      await someoneWaits("relation");
      // The ends were read, then the one write (claiming the key) waits for the lock: no
      // statement read the key before.
      expect(sent.some((sql) => /FROM structure WHERE id = ANY/.test(sql))).toBe(true);
      expect(sent.some((sql) => /INSERT INTO idempotency_key/.test(sql))).toBe(true);
      expect(sent.some((sql) => /FROM idempotency_key/.test(sql))).toBe(false);
      await holder.query("COMMIT");
      expect((await create).data!.createReferral.__typename).toBe("Referral");
    } finally {
      recordQueries(null);
      await holder.end();
    }
    const stranger = { cookie: await loginAs(t, "accueil@france-services-nord.maillage.test") };
    const before = await count(`referral`);
    const refused = await t.gql(
      CREATE_WITH_KEY,
      { input: referralInput(sender, receiver, need), key: "stranger" },
      stranger,
    );
    expect(refused.errors![0].extensions!.code).toBe("FORBIDDEN");
    expect(await count(`referral`)).toBe(before);
  });

  it("writes nothing at all when another request holds its key", async () => {
    const holder = new Client({ connectionString: t.database.url });
    await holder.connect();
    try {
      const [{ id: earlier }] = await db().query(`SELECT id FROM referral LIMIT 1`);
      const [{ id: userId }] = await db().query(
        `SELECT id FROM app_user WHERE email = 'mediation@ccas.maillage.test'`,
      );
      const before = {
        referrals: await count(`referral`),
        events: await count(`referral_event`),
        audit: await count(`audit_entry WHERE action = 'resident.recorded'`),
        mails: await count(`outbox`),
      };
      await holder.query("BEGIN");
      await holder.query(
        `INSERT INTO idempotency_key (actor, operation, key, fingerprint, result_id)
         VALUES ($1, 'createReferral', 'held', 'another input', $2)`,
        [`user:${userId}`, earlier],
      );
      const create = t.gql(
        CREATE_WITH_KEY,
        { input: referralInput(sender, receiver, need), key: "held" },
        staff,
      );
      await someoneWaits("transactionid");
      await holder.query("COMMIT");
      const res = await create;
      // The holder's input was another one: the key answers CONFLICT, as a retry would.
      expect(res.errors![0].extensions!.code).toBe("CONFLICT");
      expect({
        referrals: await count(`referral`),
        events: await count(`referral_event`),
        audit: await count(`audit_entry WHERE action = 'resident.recorded'`),
        mails: await count(`outbox`),
      }).toEqual(before);
    } finally {
      await holder.end();
    }
  });
});
