import { runReferralJobs } from "../../server/src/modules/referral/referral.jobs";
import { demoStructureId, loginAs } from "./support/identity";
import { act, CREATE, REFERRAL_FIELDS, REFERRAL_VIEW, referralInput } from "./support/referrals";
import { startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
let sender: string; // CCAS public digital space
let receiver: string; // Récup'Ordi 44
let need: string;
const as: Record<string, { cookie: string }> = {};
const db = () => t.database.db.dataSource;

beforeAll(async () => {
  t = await startTestApp({ seed: "demo" });
  sender = await demoStructureId(t, "ccas-espace-public-numerique");
  receiver = await demoStructureId(t, "recup-ordi-44");
  need = (
    await db().query(
      `SELECT category FROM service_offer WHERE structure_id = $1 AND active LIMIT 1`,
      [receiver],
    )
  )[0].category;
  for (const [key, email] of Object.entries({
    senderStaff: "mediation@ccas.maillage.test",
    senderManager: "direction@ccas.maillage.test",
    receiverManager: "responsable@recup-ordi.maillage.test",
    receiverStaff: "benevole@recup-ordi.maillage.test",
    otherStaff: "accueil@france-services-nord.maillage.test",
    coordinator: "coordination@maillage.test",
    admin: "admin@maillage.test",
  })) {
    as[key] = { cookie: await loginAs(t, email) };
  }
});
afterAll(() => t?.stop());

async function create(overrides: Record<string, unknown> = {}, who = as.senderStaff) {
  const res = await t.gql(CREATE, { input: referralInput(sender, receiver, need, overrides) }, who);
  return res.data?.createReferral ?? res;
}

const READ = `query Read($id: ID!) { referral(id: $id) { ${REFERRAL_VIEW} } }`;
const rowOf = async (id: string) =>
  (await db().query(`SELECT * FROM referral WHERE id = $1`, [id]))[0];

describe("creating a referral", () => {
  it("records the resident's minimal data, the consent and a CREATED event", async () => {
    const r = await create();
    expect(r).toMatchObject({
      __typename: "Referral",
      status: "PENDING",
      version: 1,
      need,
      consent: { wordingVersion: "2026-11" },
      resident: {
        firstName: "Amina",
        lastName: "B.",
        contactChannel: "PHONE",
        contactValue: "+33612345678",
        languages: ["fr", "ar"],
      },
      senderStructure: { id: sender },
      receiverStructure: { id: receiver },
      events: [{ type: "CREATED", fromStatus: null, toStatus: "PENDING", actorType: "user" }],
    });
    const row = await rowOf(r.id);
    expect(row.consent_recorded_by).not.toBeNull();
    expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBe(
      15 * 24 * 3600_000,
    );
  });

  it.each([
    [{ consent: { given: false, wordingVersion: "2026-11" } }, "consent.given", "CONSENT_REQUIRED"],
    [
      { consent: { given: true, wordingVersion: "1999" } },
      "consent.wordingVersion",
      "UNKNOWN_VERSION",
    ],
    [{ situation: "x".repeat(1001) }, "situation", "TOO_LONG"],
    [
      { resident: { firstName: " ", contactChannel: "PHONE", contactValue: "0612345678" } },
      "resident.firstName",
      "REQUIRED",
    ],
    [
      { resident: { firstName: "A", contactChannel: "PHONE", contactValue: "12" } },
      "resident.contactValue",
      "INVALID_FORMAT",
    ],
    [
      { resident: { firstName: "A", contactChannel: "EMAIL", contactValue: "a@" } },
      "resident.contactValue",
      "INVALID_FORMAT",
    ],
    [
      {
        resident: {
          firstName: "A",
          contactChannel: "PHONE",
          contactValue: "0612345678",
          languages: ["français"],
        },
      },
      "resident.languages",
      "INVALID_FORMAT",
    ],
    [
      {
        resident: {
          firstName: "A",
          contactChannel: "PHONE",
          contactValue: "0612345678",
          districtCode: "atlantis",
        },
      },
      "resident.districtCode",
      "UNKNOWN_DISTRICT",
    ],
  ])("refuses %j with a field error and writes nothing", async (overrides, path, code) => {
    const before = (await db().query(`SELECT count(*)::int AS n FROM referral`))[0].n;
    const r = await create(overrides);
    expect(r.__typename).toBe("ValidationError");
    expect(r.fields).toContainEqual(expect.objectContaining({ path, code }));
    expect((await db().query(`SELECT count(*)::int AS n FROM referral`))[0].n).toBe(before);
  });

  it("refuses an offer of another structure or need, and a referral to oneself", async () => {
    const [foreign] = await db().query(
      `SELECT id FROM service_offer WHERE structure_id <> $1 LIMIT 1`,
      [receiver],
    );
    expect((await create({ receiverOfferId: foreign.id })).fields[0]).toMatchObject({
      path: "receiverOfferId",
      code: "UNKNOWN_OFFER",
    });
    const res = await t.gql(CREATE, { input: referralInput(sender, sender, need) }, as.senderStaff);
    expect(res.data!.createReferral.fields[0]).toMatchObject({
      path: "receiverStructureId",
      code: "SAME_STRUCTURE",
    });
  });

  it("is for members of the sending structure only", async () => {
    expect(
      (await t.gql(CREATE, { input: referralInput(sender, receiver, need) })).errors![0].extensions!
        .code,
    ).toBe("UNAUTHENTICATED");
    for (const who of [as.otherStaff, as.coordinator, as.admin, as.receiverStaff]) {
      const res = await t.gql(CREATE, { input: referralInput(sender, receiver, need) }, who);
      expect(res.errors![0].extensions!.code).toBe("FORBIDDEN");
    }
  });
});

describe("lifecycle", () => {
  it("PENDING → ACCEPTED → COMPLETED, each transition with its event and a new version", async () => {
    const r = await create();
    const accepted = await act(t, "accept", r.id, 1, as.receiverStaff);
    expect(accepted.value).toMatchObject({ status: "ACCEPTED", version: 2 });
    expect(accepted.value!.answeredAt).not.toBeNull();
    const done = await act(t, "complete", r.id, 2, as.receiverManager, { outcome: "NEED_MET" });
    expect(done.value).toMatchObject({ status: "COMPLETED", version: 3, outcome: "NEED_MET" });
    expect(done.value!.closedAt).not.toBeNull();
    expect(done.value!.events.map((e: any) => [e.type, e.fromStatus, e.toStatus])).toEqual([
      ["CREATED", null, "PENDING"],
      ["ACCEPTED", "PENDING", "ACCEPTED"],
      ["COMPLETED", "ACCEPTED", "COMPLETED"],
    ]);
    const ids = done.value!.events.map((e: any) => Number(e.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it("declines with a reason (OTHER needs a comment), marks no-shows, cancels from the sender", async () => {
    const a = await create();
    const noComment = await act(t, "decline", a.id, 1, as.receiverStaff, { reason: "OTHER" });
    expect(noComment.value!.fields[0]).toMatchObject({ path: "comment", code: "REQUIRED" });
    const declined = await act(t, "decline", a.id, 1, as.receiverStaff, { reason: "NO_CAPACITY" });
    expect(declined.value).toMatchObject({ status: "DECLINED", declineReason: "NO_CAPACITY" });

    const b = await create();
    await act(t, "accept", b.id, 1, as.receiverStaff);
    expect((await act(t, "noShow", b.id, 2, as.receiverStaff)).value).toMatchObject({
      status: "NO_SHOW",
    });

    const c = await create();
    expect((await act(t, "cancel", c.id, 1, as.senderStaff)).value).toMatchObject({
      status: "CANCELLED",
    });
    const d = await create();
    await act(t, "accept", d.id, 1, as.receiverStaff);
    expect((await act(t, "cancel", d.id, 2, as.senderManager)).value).toMatchObject({
      status: "CANCELLED",
    });
  });

  it("refuses forbidden transitions and changes nothing", async () => {
    const r = await create();
    const completeEarly = await act(t, "complete", r.id, 1, as.receiverStaff, {
      outcome: "NEED_MET",
    });
    expect(completeEarly.value).toMatchObject({
      __typename: "InvalidTransitionError",
      errorCode: "INVALID_TRANSITION",
      from: "PENDING",
      to: "COMPLETED",
    });
    expect((await act(t, "noShow", r.id, 1, as.receiverStaff)).value!.__typename).toBe(
      "InvalidTransitionError",
    );
    await act(t, "decline", r.id, 1, as.receiverStaff, { reason: "NOT_THE_RIGHT_SERVICE" });
    for (const name of ["accept", "cancel"] as const) {
      const who = name === "cancel" ? as.senderStaff : as.receiverStaff;
      expect((await act(t, name, r.id, 2, who)).value).toMatchObject({
        __typename: "InvalidTransitionError",
        from: "DECLINED",
      });
    }
    const row = await rowOf(r.id);
    expect(row).toMatchObject({ status: "DECLINED", version: 2 });
    expect(
      (
        await db().query(`SELECT count(*)::int AS n FROM referral_event WHERE referral_id = $1`, [
          r.id,
        ])
      )[0].n,
    ).toBe(2);
  });

  it("lets only the right end act", async () => {
    const r = await create();
    expect((await act(t, "accept", r.id, 1, as.senderStaff)).errors![0].extensions!.code).toBe(
      "FORBIDDEN",
    );
    expect((await act(t, "cancel", r.id, 1, as.receiverManager)).errors![0].extensions!.code).toBe(
      "FORBIDDEN",
    );
    expect((await act(t, "accept", r.id, 1, as.otherStaff)).errors![0].extensions!.code).toBe(
      "FORBIDDEN",
    );
    expect((await act(t, "accept", r.id, 1, as.admin)).errors![0].extensions!.code).toBe(
      "FORBIDDEN",
    );
    expect((await rowOf(r.id)).status).toBe("PENDING");
  });

  it("gives ConflictError on a stale version and writes nothing", async () => {
    const r = await create();
    await act(t, "accept", r.id, 1, as.receiverStaff);
    const stale = await act(t, "cancel", r.id, 1, as.senderStaff);
    expect(stale.value).toMatchObject({
      __typename: "ConflictError",
      errorCode: "CONFLICT",
      currentVersion: 2,
    });
    expect((await rowOf(r.id)).status).toBe("ACCEPTED");
  });

  it("answers NOT_FOUND for an unknown referral", async () => {
    const r = await act(t, "accept", "00000000-0000-4000-8000-000000000000", 1, as.receiverStaff);
    expect(r.value).toMatchObject({ __typename: "NotFoundError", errorCode: "NOT_FOUND" });
  });
});

describe("concurrency", () => {
  it("two members answering at once: exactly one wins, the other gets ConflictError", async () => {
    for (let round = 0; round < 5; round++) {
      const r = await create();
      const results = await Promise.all([
        act(t, "accept", r.id, 1, as.receiverStaff),
        act(t, "decline", r.id, 1, as.receiverManager, { reason: "NO_CAPACITY" }),
      ]);
      const kinds = results.map((x) => x.value!.__typename).sort();
      expect(kinds).toEqual(["ConflictError", "Referral"]);
      const row = await rowOf(r.id);
      expect(row.version).toBe(2);
      expect(
        (
          await db().query(`SELECT count(*)::int AS n FROM referral_event WHERE referral_id = $1`, [
            r.id,
          ])
        )[0].n,
      ).toBe(2);
    }
  });
});

describe("data protection", () => {
  it("shows the resident to the two ends and admins only, auditing every read", async () => {
    const r = await create();
    const audits = async () =>
      (
        await db().query(
          `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'resident.read' AND subject_id = $1`,
          [r.id],
        )
      )[0].n;
    const before = await audits();
    for (const who of [as.senderStaff, as.receiverStaff, as.admin]) {
      const res = await t.gql(READ, { id: r.id }, who);
      expect(res.data!.referral.resident.firstName).toBe("Amina");
    }
    expect(await audits()).toBe(before + 3);

    const coordinator = await t.gql(READ, { id: r.id }, as.coordinator);
    expect(coordinator.data!.referral).toMatchObject({ status: "PENDING", resident: null });
    expect(coordinator.errors).toEqual([
      expect.objectContaining({
        path: ["referral", "resident"],
        extensions: { code: "FORBIDDEN" },
      }),
    ]);
    expect(await audits()).toBe(before + 3);

    const stranger = await t.gql(READ, { id: r.id }, as.otherStaff);
    expect(stranger.data).toBeNull();
    expect(stranger.errors![0].extensions!.code).toBe("FORBIDDEN");
  });

  it("erases the resident's data on request: the sender's managers or admins only", async () => {
    const r = await create();
    const ERASE = `mutation($id: ID!) { eraseResidentData(referralId: $id) { ${REFERRAL_FIELDS} } }`;
    expect((await t.gql(ERASE, { id: r.id }, as.senderStaff)).errors![0].extensions!.code).toBe(
      "FORBIDDEN",
    );
    expect((await t.gql(ERASE, { id: r.id }, as.receiverManager)).errors![0].extensions!.code).toBe(
      "FORBIDDEN",
    );
    const erased = await t.gql(ERASE, { id: r.id }, as.senderManager);
    expect(erased.data!.eraseResidentData).toMatchObject({
      anonymised: true,
      resident: null,
      status: "PENDING",
    });
    const row = await rowOf(r.id);
    expect(row).toMatchObject({
      resident_first_name: null,
      resident_contact_value: null,
      situation: null,
    });
    expect(row.anonymised_at).not.toBeNull();
    expect(
      (
        await db().query(
          `SELECT 1 FROM audit_entry WHERE action = 'resident.erased' AND subject_id = $1`,
          [r.id],
        )
      ).length,
    ).toBe(1);
    // the referral goes on without the resident's data
    expect((await act(t, "accept", r.id, row.version, as.receiverStaff)).value).toMatchObject({
      status: "ACCEPTED",
    });
  });

  it("shows the access journal to the two structures and admins, newest first, and to nobody else", async () => {
    const r = await create();
    const JOURNAL = `query($id: ID!) { referral(id: $id) { accessJournal { at action actorKind actorName } } }`;
    const READ_RESIDENT = `query($id: ID!) { referral(id: $id) { resident { firstName } } }`;
    await t.gql(READ_RESIDENT, { id: r.id }, as.receiverStaff);
    const journal = await t.gql(JOURNAL, { id: r.id }, as.senderManager);
    const entries = journal.data!.referral.accessJournal;
    // Recorded by the sender (whose answer showed the resident), then read by the receiver.
    expect(entries.map((e: { action: string }) => e.action)).toEqual([
      "resident.read",
      "resident.read",
      "resident.recorded",
    ]);
    expect(entries[0]).toMatchObject({ actorKind: "user", actorName: "Yanis (Récup'Ordi 44)" });
    expect(entries[2]).toMatchObject({ actorKind: "user", actorName: "Sacha (CCAS)" });
    expect(new Date(entries[0].at).getTime()).toBeGreaterThanOrEqual(
      new Date(entries[2].at).getTime(),
    );
    expect(
      (await t.gql(JOURNAL, { id: r.id }, as.admin)).data!.referral.accessJournal,
    ).toHaveLength(
      // reading the journal is not reading the resident
      3,
    );
    for (const who of [as.coordinator, as.otherStaff]) {
      const refused = await t.gql(JOURNAL, { id: r.id }, who);
      expect(refused.errors?.[0].extensions!.code).toBe("FORBIDDEN");
    }
  });

  it("never writes a resident's name or phone to the logs, whatever happens", async () => {
    const firstName = "Zéphyrine-Qx7";
    const phone = "0698765432";
    const r = await create({
      resident: {
        firstName,
        lastName: "Unique-Lastname-Q9",
        contactChannel: "PHONE",
        contactValue: phone,
      },
      situation: "Situation-secrète-K3",
    });
    await t.gql(READ, { id: r.id }, as.receiverStaff);
    await t.gql(READ, { id: r.id }, as.coordinator);
    await act(t, "decline", r.id, 1, as.receiverStaff, {
      reason: "OTHER",
      comment: "x".repeat(1001),
    });
    await act(t, "accept", r.id, 1, as.receiverStaff);
    await act(t, "complete", r.id, 2, as.receiverStaff, { outcome: "NEED_MET" });
    await act(t, "cancel", r.id, 3, as.senderStaff);
    await create({
      resident: { firstName, contactChannel: "PHONE", contactValue: "bad-" + phone },
    });
    await runReferralJobs(db(), { retentionDays: 0 }, new Date(Date.now() + 1000));
    const logs = JSON.stringify(t.logs) + JSON.stringify(t.mails);
    for (const secret of [
      firstName,
      "Unique-Lastname-Q9",
      phone,
      "+33698765432",
      "Situation-secrète-K3",
    ]) {
      expect(logs).not.toContain(secret);
    }
    expect(t.logs.length).toBeGreaterThan(5);
  });
});

describe("timers", () => {
  const DAY = 24 * 3600_000;

  it("flags reminders after 7 days, expires after 15, idempotently, once across instances", async () => {
    await db().query(
      `UPDATE referral SET status = 'CANCELLED', closed_at = now() WHERE status = 'PENDING'`,
    );
    const a = await create();
    const b = await create();
    const in8 = new Date(Date.now() + 8 * DAY);
    const first = await runReferralJobs(db(), { retentionDays: 365 }, in8);
    expect(first).toMatchObject({ reminded: 2, expired: 0 });
    expect((await runReferralJobs(db(), { retentionDays: 365 }, in8)).reminded).toBe(0);
    const read = await t.gql(READ, { id: a.id }, as.receiverStaff);
    expect(read.data!.referral).toMatchObject({ needsReminder: true, status: "PENDING" });
    expect(read.data!.referral.events.at(-1)).toMatchObject({
      type: "REMINDER_DUE",
      actorType: "system",
    });

    const in16 = new Date(Date.now() + 16 * DAY);
    const [x, y] = await Promise.all([
      runReferralJobs(db(), { retentionDays: 365 }, in16),
      runReferralJobs(db(), { retentionDays: 365 }, in16),
    ]);
    expect(x.expired + y.expired).toBe(2);
    for (const id of [a.id, b.id]) {
      expect((await rowOf(id)).status).toBe("EXPIRED");
      const expired = await db().query(
        `SELECT count(*)::int AS n FROM referral_event WHERE referral_id = $1 AND type = 'EXPIRED'`,
        [id],
      );
      expect(expired[0].n).toBe(1);
    }
  });

  it("anonymises resident data RETENTION_DAYS after the referral closed", async () => {
    const r = await create();
    await act(t, "cancel", r.id, 1, as.senderStaff);
    const soon = await runReferralJobs(
      db(),
      { retentionDays: 365 },
      new Date(Date.now() + 364 * DAY),
    );
    expect((await rowOf(r.id)).anonymised_at).toBeNull();
    const later = await runReferralJobs(
      db(),
      { retentionDays: 365 },
      new Date(Date.now() + 366 * DAY),
    );
    expect(later.anonymised).toBeGreaterThanOrEqual(1);
    expect(soon.anonymised).toBe(0);
    const row = await rowOf(r.id);
    expect(row).toMatchObject({
      resident_first_name: null,
      resident_contact_value: null,
      status: "CANCELLED",
    });
    expect(
      row.resident_district_code === null || typeof row.resident_district_code === "string",
    ).toBe(true);
  });
});

describe("reading lists and statistics", () => {
  const LIST = `query($filter: ReferralFilter) { referrals(filter: $filter, first: 100) { totalCount edges { node { id status senderStructure { id } receiverStructure { id } } } } }`;

  it("lists sent and received referrals of the caller's structures", async () => {
    const sent = await t.gql(LIST, { filter: { direction: "SENT" } }, as.senderStaff);
    expect(sent.data!.referrals.totalCount).toBeGreaterThan(0);
    expect(sent.data!.referrals.edges.every((e: any) => e.node.senderStructure.id === sender)).toBe(
      true,
    );
    const received = await t.gql(
      LIST,
      { filter: { direction: "RECEIVED", statuses: ["EXPIRED"] } },
      as.receiverStaff,
    );
    expect(
      received.data!.referrals.edges.every(
        (e: any) => e.node.status === "EXPIRED" && e.node.receiverStructure.id === receiver,
      ),
    ).toBe(true);
    const none = await t.gql(LIST, { filter: { direction: "RECEIVED" } }, as.otherStaff);
    expect(none.data!.referrals.totalCount).toBe(0);
    const foreign = await t.gql(LIST, { filter: { structureId: receiver } }, as.senderStaff);
    expect(foreign.errors![0].extensions!.code).toBe("FORBIDDEN");
    expect(foreign.errors![0].message).toBe("You may only list your own structures' referrals");
  });

  it("pages newest first with cursors, without gap or overlap, and refuses a forged cursor", async () => {
    const PAGE = `query($after: String) { referrals(first: 2, after: $after, filter: { direction: SENT }) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id createdAt } } } }`;
    for (let i = 0; i < 3; i++) await create();
    const seen: { id: string; createdAt: string }[] = [];
    let after: string | null = null;
    let total = 0;
    for (let pages = 0; pages < 100; pages++) {
      const res: any = await t.gql(PAGE, { after }, as.senderStaff);
      const page = res.data!.referrals;
      total = page.totalCount;
      expect(page.edges.length).toBeLessThanOrEqual(2);
      seen.push(...page.edges.map((e: any) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen.map((n) => n.id)).size).toBe(total);
    const order = seen.map((n) => n.createdAt);
    expect(order).toEqual([...order].sort().reverse());
    for (const forged of [
      "not a cursor",
      Buffer.from(JSON.stringify(["yesterday", seen[0].id])).toString("base64url"),
      // Dates JavaScript reads and PostgreSQL would not, or not as an instant.
      Buffer.from(JSON.stringify(["2020", seen[0].id])).toString("base64url"),
      Buffer.from(JSON.stringify(["2026-13-45T10:00:00Z", seen[0].id])).toString("base64url"),
      Buffer.from(JSON.stringify([seen[0].createdAt, "1; DROP TABLE referral"])).toString(
        "base64url",
      ),
    ]) {
      const res = await t.gql(PAGE, { after: forged }, as.senderStaff);
      expect(res.errors![0].extensions!.code).toBe("INVALID_CURSOR");
    }
  });

  it("pages through referrals created within the same millisecond, each exactly once", async () => {
    const PAGE = `query($after: String) { referrals(first: 1, after: $after, filter: { direction: SENT }) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await create()).id);
    // Ten minutes ago at .xxx1, then +200 µs twice: one JavaScript Date (millisecond) for the three.
    await t.database.db.dataSource.query(
      `UPDATE referral SET created_at = date_trunc('milliseconds', now() - interval '10 minutes') + interval '100 microseconds' + (ord - 1) * interval '200 microseconds'
         FROM unnest($1::uuid[]) WITH ORDINALITY AS u(rid, ord) WHERE id = u.rid`,
      [ids],
    );
    const microseconds = await t.database.db.dataSource.query(
      `SELECT count(DISTINCT date_trunc('milliseconds', created_at))::int AS ms FROM referral WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    expect(microseconds[0].ms).toBe(1);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 500; pages++) {
      const res: any = await t.gql(PAGE, { after }, as.senderStaff);
      seen.push(...res.data!.referrals.edges.map((e: any) => e.node.id));
      if (!res.data!.referrals.pageInfo.hasNextPage) break;
      after = res.data!.referrals.pageInfo.endCursor;
    }
    expect(seen.filter((id) => ids.includes(id))).toEqual([...ids].reverse());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("gives coordinators counts, acceptance rate and answer delay, and no personal data", async () => {
    const STATS = `query($from: DateTimeISO!, $to: DateTimeISO!) { referralStats(from: $from, to: $to) {
      total answered acceptanceRate medianHoursToAnswer byStatus { status count } byNeed { need count accepted declined } byDistrict { districtCode count } } }`;
    const vars = {
      from: new Date(Date.now() - 3600_000).toISOString(),
      to: new Date(Date.now() + 3600_000).toISOString(),
    };
    const res = await t.gql(STATS, vars, as.coordinator);
    const s = res.data!.referralStats;
    const [expected] = await db()
      .query(`SELECT count(*)::int AS total, count(*) FILTER (WHERE answered_at IS NOT NULL)::int AS answered,
      count(*) FILTER (WHERE answered_at IS NOT NULL AND status <> 'DECLINED')::int AS accepted FROM referral`);
    expect(s.total).toBe(expected.total);
    expect(s.answered).toBe(expected.answered);
    expect(s.acceptanceRate).toBeCloseTo(expected.accepted / expected.answered, 6);
    expect(s.medianHoursToAnswer).toBeGreaterThanOrEqual(0);
    expect(s.byStatus.reduce((n: number, x: any) => n + x.count, 0)).toBe(expected.total);
    expect(JSON.stringify(res)).not.toContain("Amina");
    expect((await t.gql(STATS, vars, as.senderStaff)).errors![0].extensions!.code).toBe(
      "FORBIDDEN",
    );
  });
});
