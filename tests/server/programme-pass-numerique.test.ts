import type { Viewer } from "../../server/src/modules/identity/viewer";
import {
  PassBookletVoidedError,
  TicketAlreadyRedeemedError,
} from "../../server/src/modules/programme/programme.errors";
import { redeemInTransaction } from "../../server/src/modules/programme/pass-ticket.service";
import { createToken, demoStructureId, loginAs } from "./support/identity";
import {
  BOOKLET_VIEW,
  ISSUE_BOOKLET,
  PROGRAMME_ACCOUNTS,
  REDEEM,
  run,
  VOID_BOOKLET,
} from "./support/programme";
import { CREATE, referralInput } from "./support/referrals";
import { startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
let A: string; // CCAS public digital space, labelled Pass numérique
let B: string; // Récup'Ordi 44, labelled
let C: string; // France Services Nantes Nord, not labelled
const as: Record<keyof typeof PROGRAMME_ACCOUNTS, { cookie: string }> = {} as never;
const db = () => t.database.db.dataSource;
const count = async (sql: string, params: unknown[] = []) =>
  (await db().query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n as number;

beforeAll(async () => {
  t = await startTestApp({ seed: "demo" });
  A = await demoStructureId(t, "ccas-espace-public-numerique");
  B = await demoStructureId(t, "recup-ordi-44");
  C = await demoStructureId(t, "france-services-nantes-nord");
  for (const [key, email] of Object.entries(PROGRAMME_ACCOUNTS)) {
    as[key as keyof typeof PROGRAMME_ACCOUNTS] = { cookie: await loginAs(t, email) };
  }
});
afterAll(() => t?.stop());

async function issue(overrides: Record<string, unknown> = {}, who = as.staffA) {
  return run(
    t,
    ISSUE_BOOKLET,
    {
      input: {
        issuerStructureId: A,
        districtCode: "nantes-nord",
        ticketCount: 5,
        ticketValueCents: 1000,
        ...overrides,
      },
    },
    who,
  );
}

const redeem = (structureId: string, code: string, who: { cookie: string }) =>
  run(t, REDEEM, { s: structureId, code }, who);

describe("issuing booklets", () => {
  it("issues N tickets of a value to a new household, each with its own printable code", async () => {
    const b = await issue();
    expect(b).toMatchObject({
      __typename: "PassBooklet",
      number: expect.stringMatching(/^PN-\d{4}-\d{6}$/),
      ticketCount: 5,
      ticketValueCents: 1000,
      referralId: null,
      issuerStructure: { id: A },
      household: { districtCode: "nantes-nord", reference: expect.stringMatching(/^F-/) },
      balance: {
        redeemedTickets: 0,
        redeemedValueCents: 0,
        remainingTickets: 5,
        remainingValueCents: 5000,
      },
    });
    expect(b.tickets.map((x: any) => x.position)).toEqual([1, 2, 3, 4, 5]);
    const codes = b.tickets.map((x: any) => x.code);
    expect(new Set(codes).size).toBe(5);
    for (const code of codes)
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$/);
    expect(
      await count(`audit_entry WHERE action = 'pass_booklet.issued' AND subject_id = $1`, [b.id]),
    ).toBe(1);
    // a second booklet for the same household
    const again = await issue({ householdId: b.household.id, districtCode: null });
    expect(again.household.id).toBe(b.household.id);
  });

  it("issues a booklet for a referral the structure sent or received", async () => {
    const need = (
      await db().query(
        `SELECT category FROM service_offer WHERE structure_id = $1 AND active LIMIT 1`,
        [B],
      )
    )[0].category;
    const referral = (await t.gql(CREATE, { input: referralInput(A, B, need) }, as.staffA)).data!
      .createReferral;
    const byReceiver = await issue(
      { issuerStructureId: B, referralId: referral.id, districtCode: null },
      as.staffB,
    );
    expect(byReceiver).toMatchObject({ referralId: referral.id, household: null });
    const stranger = await issue(
      { issuerStructureId: C, referralId: referral.id, districtCode: null },
      as.otherStaff,
    );
    expect(stranger.fields).toContainEqual(
      expect.objectContaining({ path: "referralId", code: "NOT_INVOLVED" }),
    );
  });

  it.each([
    [{ ticketCount: 0 }, "ticketCount", "OUT_OF_RANGE"],
    [{ ticketCount: 51 }, "ticketCount", "OUT_OF_RANGE"],
    [{ ticketValueCents: 0 }, "ticketValueCents", "OUT_OF_RANGE"],
    [{ issuedOn: "2999-01-01" }, "issuedOn", "IN_FUTURE"],
    [{ districtCode: "atlantis" }, "districtCode", "UNKNOWN_DISTRICT"],
    [{ householdId: "00000000-0000-4000-8000-000000000000" }, "householdId", "UNKNOWN_HOUSEHOLD"],
    [{ referralId: "00000000-0000-4000-8000-000000000000" }, "referralId", "UNKNOWN_REFERRAL"],
  ])("refuses %j with a field error and writes nothing", async (overrides, path, code) => {
    const before = await count(`pass_booklet`);
    const r = await issue(overrides);
    expect(r.__typename).toBe("ValidationError");
    expect(r.fields).toContainEqual(expect.objectContaining({ path, code }));
    expect(await count(`pass_booklet`)).toBe(before);
  });

  it("is for the issuing structure's members only; its booklets too", async () => {
    for (const who of [as.staffB, as.coordinator, as.admin]) {
      const res = await t.gql(
        ISSUE_BOOKLET,
        { input: { issuerStructureId: A, ticketCount: 1, ticketValueCents: 1000 } },
        who,
      );
      expect(res.errors![0].extensions!.code).toBe("FORBIDDEN");
    }
    const b = await issue();
    const READ = `query ($id: ID!) { passBooklet(id: $id) { ${BOOKLET_VIEW} } }`;
    for (const who of [as.staffB, as.coordinator]) {
      expect((await t.gql(READ, { id: b.id }, who)).errors![0].extensions!.code).toBe("FORBIDDEN");
    }
    for (const who of [as.managerA, as.admin]) {
      expect((await t.gql(READ, { id: b.id }, who)).data!.passBooklet.tickets).toHaveLength(5);
    }
    const LIST = `query ($s: ID!) { passBooklets(structureId: $s, first: 100) { totalCount edges { node { id } } } }`;
    const own = await t.gql(LIST, { s: A }, as.staffA);
    expect(own.data!.passBooklets.totalCount).toBe(
      await count(`pass_booklet WHERE issuer_structure_id = $1`, [A]),
    );
    expect((await t.gql(LIST, { s: A }, as.staffB)).errors![0].extensions!.code).toBe("FORBIDDEN");
  });
});

describe("redeeming tickets", () => {
  it("redeems once, at a labelled structure, by its members; the code may be typed loosely", async () => {
    const b = await issue();
    const [first, second] = b.tickets;
    const typed = first.code.toLowerCase().replace(/-/g, " ");
    const ok = await redeem(B, typed, as.staffB);
    expect(ok).toMatchObject({
      __typename: "PassTicket",
      code: first.code,
      valueCents: 1000,
      bookletNumber: b.number,
      redeemedAtStructure: { id: B },
      issuerStructure: { id: A },
    });
    const again = await redeem(A, first.code, as.staffA);
    expect(again).toMatchObject({
      __typename: "TicketAlreadyRedeemedError",
      errorCode: "CONFLICT",
      alreadyRedeemedAt: ok.redeemedAt,
    });
    expect(await redeem(B, "ZZZZ-ZZZZ-ZZZZ", as.staffB)).toMatchObject({
      __typename: "NotFoundError",
    });
    expect((await redeem(B, "not a code", as.staffB)).fields).toEqual([
      expect.objectContaining({ path: "code", code: "INVALID_FORMAT" }),
    ]);
    // not labelled, not a member of it, or not a structure at all
    const refusals = [
      [C, as.otherStaff],
      [A, as.staffB],
      [B, as.coordinator],
      [B, as.admin],
    ] as const;
    for (const [structure, who] of refusals) {
      const res = await t.gql(REDEEM, { s: structure, code: second.code }, who);
      expect(res.errors![0].extensions!.code).toBe("FORBIDDEN");
    }
    const [row] = await db().query(`SELECT * FROM pass_ticket WHERE code = $1`, [second.code]);
    expect(row.redeemed_at).toBeNull();
    expect(
      await count(`audit_entry WHERE action = 'pass_ticket.redeemed' AND subject_id = $1`, [
        first.id,
      ]),
    ).toBe(1);
  });

  it("two structures redeeming the same ticket at once: exactly one succeeds", async () => {
    const b = await issue({ ticketCount: 8 });
    for (const ticket of b.tickets) {
      const results = await Promise.all([
        redeem(A, ticket.code, as.staffA),
        redeem(B, ticket.code, as.staffB),
      ]);
      expect(results.map((r) => r.__typename).sort()).toEqual([
        "PassTicket",
        "TicketAlreadyRedeemedError",
      ]);
      const winner = results.find((r) => r.__typename === "PassTicket");
      const [row] = await db().query(
        `SELECT redeemed_structure_id FROM pass_ticket WHERE id = $1`,
        [ticket.id],
      );
      expect(row.redeemed_structure_id).toBe(winner.redeemedAtStructure.id);
      expect(
        await count(`audit_entry WHERE action = 'pass_ticket.redeemed' AND subject_id = $1`, [
          ticket.id,
        ]),
      ).toBe(1);
    }
  });

  // Two real transactions overlapping on PostgreSQL (PGlite has one connection: it cannot overlap).
  const onPostgres = process.env.DATABASE_URL ? it : it.skip;
  onPostgres(
    "holds under truly overlapping transactions: the second waits, then loses",
    async () => {
      const b = await issue({ ticketCount: 2 });
      const who = (structureId: string) => ({
        viewer: {
          kind: "token",
          tokenId: "00000000-0000-4000-8000-00000000000a",
          structureId,
        } as Viewer,
        ip: null,
      });
      for (const [ticket, firstCommits] of [
        [b.tickets[0], true],
        [b.tickets[1], false],
      ] as const) {
        const one = db().createQueryRunner();
        const two = db().createQueryRunner();
        await one.startTransaction();
        await two.startTransaction();
        try {
          const first = await redeemInTransaction(one.manager, who(A), A, ticket.code);
          expect(first).toHaveProperty("ticket");
          const second = redeemInTransaction(two.manager, who(B), B, ticket.code);
          const state = await Promise.race([
            second.then(() => "finished"),
            new Promise((resolve) => setTimeout(() => resolve("waiting"), 300)),
          ]);
          expect(state).toBe("waiting"); // blocked on the row the first transaction updated
          if (firstCommits) {
            await one.commitTransaction();
            expect(await second).toBeInstanceOf(TicketAlreadyRedeemedError);
          } else {
            await one.rollbackTransaction();
            expect(await second).toHaveProperty("ticket"); // the first gave up: the second wins
          }
          await two.commitTransaction();
        } finally {
          await one.release();
          await two.release();
        }
        const [row] = await db().query(
          `SELECT redeemed_structure_id FROM pass_ticket WHERE id = $1`,
          [ticket.id],
        );
        expect(row.redeemed_structure_id).toBe(firstCommits ? A : B);
      }
    },
  );
});

describe("balances", () => {
  it("per booklet and per structure, to the cent", async () => {
    // a fresh structure pair's accounts would be cleaner, but A and B have history: use deltas
    const BALANCE = `query ($s: ID!) { passNumeriqueBalance(structureId: $s) {
      structureId issuedTickets issuedValueCents redeemedIssuedTickets redeemedIssuedValueCents
      outstandingTickets outstandingValueCents redeemedHereTickets redeemedHereValueCents } }`;
    const balance = async (s: string, who = as.coordinator) =>
      (await t.gql(BALANCE, { s }, who)).data!.passNumeriqueBalance;
    const [a0, b0] = [await balance(A), await balance(B)];
    const booklet = await issue({ ticketCount: 4, ticketValueCents: 1250 });
    await redeem(B, booklet.tickets[0].code, as.staffB);
    await redeem(B, booklet.tickets[1].code, as.managerB);
    await redeem(A, booklet.tickets[2].code, as.managerA);
    const READ = `query ($id: ID!) { passBooklet(id: $id) { ${BOOKLET_VIEW} } }`;
    expect((await t.gql(READ, { id: booklet.id }, as.staffA)).data!.passBooklet.balance).toEqual({
      redeemedTickets: 3,
      redeemedValueCents: 3750,
      remainingTickets: 1,
      remainingValueCents: 1250,
    });
    const [a1, b1] = [await balance(A, as.staffA), await balance(B, as.staffB)];
    const delta = (x: any, y: any) =>
      Object.fromEntries(
        Object.keys(x)
          .filter((k) => k !== "structureId")
          .map((k) => [k, y[k] - x[k]]),
      );
    expect(delta(a0, a1)).toEqual({
      issuedTickets: 4,
      issuedValueCents: 5000,
      redeemedIssuedTickets: 3,
      redeemedIssuedValueCents: 3750,
      outstandingTickets: 1,
      outstandingValueCents: 1250,
      redeemedHereTickets: 1,
      redeemedHereValueCents: 1250,
    });
    expect(delta(b0, b1)).toEqual({
      issuedTickets: 0,
      issuedValueCents: 0,
      redeemedIssuedTickets: 0,
      redeemedIssuedValueCents: 0,
      outstandingTickets: 0,
      outstandingValueCents: 0,
      redeemedHereTickets: 2,
      redeemedHereValueCents: 2500,
    });
    // and they agree with the rows
    const [rows] = await db().query(
      `SELECT count(*)::int AS n, sum(value_cents)::int AS v FROM pass_ticket WHERE redeemed_structure_id = $1`,
      [B],
    );
    expect([b1.redeemedHereTickets, b1.redeemedHereValueCents]).toEqual([rows.n, rows.v]);
    expect((await t.gql(BALANCE, { s: A }, as.staffB)).errors![0].extensions!.code).toBe(
      "FORBIDDEN",
    );
  });
});

describe("voiding booklets", () => {
  const voidBooklet = (id: string, reason: string, who: { cookie: string }) =>
    run(t, VOID_BOOKLET, { id, reason }, who);
  const voidedRow = async (id: string) =>
    (
      await db().query(`SELECT voided_at, void_reason, voided_by FROM pass_booklet WHERE id = $1`, [
        id,
      ])
    )[0];
  const userId = async (email: string) =>
    (await db().query(`SELECT id FROM app_user WHERE email = $1`, [email]))[0].id as string;

  it("the issuer's manager voids it with a trimmed reason: balance, row and audit say so", async () => {
    const b = await issue({ ticketCount: 4, ticketValueCents: 1000 });
    await redeem(B, b.tickets[0].code, as.staffB);
    const voided = await voidBooklet(b.id, "  Carnet perdu par la famille  ", as.managerA);
    expect(voided).toMatchObject({
      __typename: "PassBooklet",
      id: b.id,
      voidReason: "Carnet perdu par la famille",
      voidedAt: expect.any(String),
      balance: {
        redeemedTickets: 1,
        redeemedValueCents: 1000,
        remainingTickets: 0,
        remainingValueCents: 0,
        voidedTickets: 3,
        voidedValueCents: 3000,
      },
    });
    const row = await voidedRow(b.id);
    expect(row.void_reason).toBe("Carnet perdu par la famille");
    expect(row.voided_at.toISOString()).toBe(voided.voidedAt);
    expect(row.voided_by).toBe(await userId(PROGRAMME_ACCOUNTS.managerA));
    const [entry] = await db().query(
      `SELECT actor_id, structure_id, details FROM audit_entry
        WHERE action = 'pass_booklet.voided' AND subject_id = $1`,
      [b.id],
    );
    expect(entry).toMatchObject({
      actor_id: row.voided_by,
      structure_id: A,
      details: { reason: "Carnet perdu par la famille", voidedTickets: 3, voidedValueCents: 3000 },
    });
    // The reading side shows it voided too.
    const READ = `query ($id: ID!) { passBooklet(id: $id) { voidedAt voidReason balance { remainingTickets voidedTickets } } }`;
    expect((await t.gql(READ, { id: b.id }, as.staffA)).data!.passBooklet).toEqual({
      voidedAt: voided.voidedAt,
      voidReason: "Carnet perdu par la famille",
      balance: { remainingTickets: 0, voidedTickets: 3 },
    });
    // An admin may void one too.
    const other = await issue({ ticketCount: 1 });
    expect(await voidBooklet(other.id, "Émis par erreur", as.admin)).toMatchObject({
      __typename: "PassBooklet",
      voidReason: "Émis par erreur",
    });
    expect((await voidedRow(other.id)).voided_by).toBe(await userId(PROGRAMME_ACCOUNTS.admin));
  });

  it.each([
    ["empty", "", "REQUIRED"],
    ["blank", "     ", "REQUIRED"],
    ["of 2 characters once trimmed", " ab ", "TOO_SHORT"],
    ["of 501 characters", "x".repeat(501), "TOO_LONG"],
  ])("a reason %s is refused (%s) and nothing is written", async (_label, reason, code) => {
    const b = await issue({ ticketCount: 1 });
    const r = await voidBooklet(b.id, reason, as.managerA);
    expect(r.__typename).toBe("ValidationError");
    expect(r.fields).toEqual([expect.objectContaining({ path: "reason", code })]);
    expect((await voidedRow(b.id)).voided_at).toBeNull();
    expect(
      await count(`audit_entry WHERE action = 'pass_booklet.voided' AND subject_id = $1`, [b.id]),
    ).toBe(0);
  });

  it("500 characters are enough; an unknown booklet is a NotFoundError", async () => {
    const b = await issue({ ticketCount: 1 });
    const long = await voidBooklet(b.id, "y".repeat(500), as.managerA);
    expect(long.voidReason).toHaveLength(500);
    expect(
      await voidBooklet("00000000-0000-4000-8000-000000000000", "Perdu", as.managerA),
    ).toMatchObject({ __typename: "NotFoundError", errorCode: "NOT_FOUND" });
  });

  it("is refused to the issuer's staff and token, to another structure's manager or staff, and to coordinators", async () => {
    const b = await issue({ ticketCount: 2 });
    const token = await createToken(t, as.managerA.cookie, A, "caisse");
    const refused = [
      as.staffA,
      as.staffB,
      as.managerB,
      as.coordinator,
      { authorization: `Bearer ${token}` },
    ];
    for (const who of refused) {
      const res = await t.gql(VOID_BOOKLET, { id: b.id, reason: "Carnet volé" }, who);
      expect(res.errors![0].extensions!.code).toBe("FORBIDDEN");
    }
    expect(
      (await t.gql(VOID_BOOKLET, { id: b.id, reason: "Carnet volé" })).errors![0].extensions!.code,
    ).toBe("UNAUTHENTICATED");
    expect((await voidedRow(b.id)).voided_at).toBeNull();
    // Still redeemable: nothing was voided.
    expect(await redeem(B, b.tickets[0].code, as.staffB)).toMatchObject({
      __typename: "PassTicket",
    });
  });

  it("a voided booklet's tickets are no longer redeemed; one redeemed before stays redeemed", async () => {
    const BALANCE = `query ($s: ID!) { passNumeriqueBalance(structureId: $s) {
      issuedTickets redeemedIssuedTickets outstandingTickets outstandingValueCents voidedTickets voidedValueCents } }`;
    const balance = async () =>
      (await t.gql(BALANCE, { s: A }, as.managerA)).data!.passNumeriqueBalance;
    const before = await balance();
    const b = await issue({ ticketCount: 3, ticketValueCents: 500 });
    const done = await redeem(B, b.tickets[0].code, as.staffB);
    const voided = await voidBooklet(b.id, "Carnet volé au domicile", as.managerA);
    for (const [structure, who] of [
      [B, as.staffB],
      [A, as.staffA],
    ] as const) {
      expect(await redeem(structure, b.tickets[1].code, who)).toMatchObject({
        __typename: "PassBookletVoidedError",
        errorCode: "INVALID_TRANSITION",
        bookletVoidedAt: voided.voidedAt,
      });
    }
    expect(await redeem(B, b.tickets[0].code, as.staffB)).toMatchObject({
      __typename: "TicketAlreadyRedeemedError",
      alreadyRedeemedAt: done.redeemedAt,
    });
    const rows = await db().query(
      `SELECT position, redeemed_at FROM pass_ticket WHERE booklet_id = $1 ORDER BY position`,
      [b.id],
    );
    expect(rows.map((r: any) => r.redeemed_at !== null)).toEqual([true, false, false]);
    expect(
      await count(
        `audit_entry WHERE action = 'pass_ticket.redeemed' AND details->>'bookletId' = $1`,
        [b.id],
      ),
    ).toBe(1);
    // The structure's account: the voided tickets are no longer outstanding.
    const after = await balance();
    expect({
      issued: after.issuedTickets - before.issuedTickets,
      redeemed: after.redeemedIssuedTickets - before.redeemedIssuedTickets,
      outstanding: after.outstandingTickets - before.outstandingTickets,
      outstandingValue: after.outstandingValueCents - before.outstandingValueCents,
      voided: after.voidedTickets - before.voidedTickets,
      voidedValue: after.voidedValueCents - before.voidedValueCents,
    }).toEqual({
      issued: 3,
      redeemed: 1,
      outstanding: 0,
      outstandingValue: 0,
      voided: 2,
      voidedValue: 1000,
    });
  });

  it("voiding twice answers PassBookletVoidedError and keeps the first void", async () => {
    const b = await issue({ ticketCount: 2 });
    const first = await voidBooklet(b.id, "Doublon", as.managerA);
    expect(first.__typename).toBe("PassBooklet");
    for (const who of [as.managerA, as.admin]) {
      expect(await voidBooklet(b.id, "Une autre raison", who)).toMatchObject({
        __typename: "PassBookletVoidedError",
        errorCode: "INVALID_TRANSITION",
        bookletVoidedAt: first.voidedAt,
      });
    }
    const row = await voidedRow(b.id);
    expect(row.void_reason).toBe("Doublon");
    expect(row.voided_at.toISOString()).toBe(first.voidedAt);
    expect(
      await count(`audit_entry WHERE action = 'pass_booklet.voided' AND subject_id = $1`, [b.id]),
    ).toBe(1);
    // Two voids at once: one wins.
    const c = await issue({ ticketCount: 1 });
    const both = await Promise.all([
      voidBooklet(c.id, "Perdu (accueil)", as.managerA),
      voidBooklet(c.id, "Perdu (direction)", as.admin),
    ]);
    expect(both.map((r) => r.__typename).sort()).toEqual(["PassBooklet", "PassBookletVoidedError"]);
  });

  // Two real transactions overlapping on PostgreSQL (PGlite has one connection: it cannot overlap).
  const onPostgres = process.env.DATABASE_URL ? it : it.skip;
  onPostgres("a redemption waits for a void in progress, then is refused", async () => {
    const b = await issue({ ticketCount: 1 });
    const voider = db().createQueryRunner();
    const redeemer = db().createQueryRunner();
    await voider.startTransaction();
    await redeemer.startTransaction();
    try {
      // What voidBooklet does: lock the booklet row, then mark it.
      await voider.query(`SELECT id FROM pass_booklet WHERE id = $1 FOR UPDATE`, [b.id]);
      await voider.query(
        `UPDATE pass_booklet SET voided_at = now(), void_reason = 'Perdu' WHERE id = $1`,
        [b.id],
      );
      const who = {
        viewer: {
          kind: "token",
          tokenId: "00000000-0000-4000-8000-00000000000b",
          structureId: B,
        } as Viewer,
        ip: null,
      };
      const redemption = redeemInTransaction(redeemer.manager, who, B, b.tickets[0].code);
      const state = await Promise.race([
        redemption.then(() => "finished"),
        new Promise((resolve) => setTimeout(() => resolve("waiting"), 300)),
      ]);
      expect(state).toBe("waiting");
      await voider.commitTransaction();
      expect(await redemption).toBeInstanceOf(PassBookletVoidedError);
      await redeemer.commitTransaction();
    } finally {
      await voider.release();
      await redeemer.release();
    }
    const [row] = await db().query(`SELECT redeemed_at FROM pass_ticket WHERE id = $1`, [
      b.tickets[0].id,
    ]);
    expect(row.redeemed_at).toBeNull();
  });
});
