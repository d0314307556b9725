import { demoStructureId, loginAs } from "./support/identity";
import {
  allocationInput,
  CANCEL,
  CHARTER,
  CREATE_ALLOCATION,
  DELIVER,
  ISSUE_BOOKLET,
  newDevice,
  newWave,
  PROGRAMME_ACCOUNTS,
  REDEEM,
  RETURN,
  run,
} from "./support/programme";
import { act, CREATE, referralInput } from "./support/referrals";
import { startTestApp, type TestApp } from "./support/test-app";

/*
 * Known fixtures, then exact numbers. The events of 2025 (Paris time):
 *
 *   H1  device delivered 2025-02-10, ticket redeemed 2025-05-01, linked referral completed 2025-06-01
 *       → one household (February, Bellevue), counted by all three sources
 *   H2  two tickets redeemed 2025-03-15                               → March, Nantes Nord
 *   R1  referral completed 2025-03-20, no household                   → its own household, March, Nantes Nord
 *   R2  referral completed 2025-04-10, booklet for it redeemed 2025-04-02 → one household, April, Doulon
 *   H4  ticket redeemed 2025-12-31 23:30 Paris (22:30 UTC)            → December, no district
 *   H5  ticket redeemed 2025-01-01 00:30 Paris (2024-12-31 23:30 UTC) → January, Île de Nantes
 *
 * and what must not count in 2025: H3 (ticket 2024-12-31 23:30 Paris), H6 (delivered 2024-12-15,
 * returned 2025-01-15), H7 (loan not delivered), a cancelled loan, an accepted referral, H8 (booklet
 * with no ticket redeemed).
 */

let t: TestApp;
let A: string;
let B: string;
let need: string;
const as: Record<keyof typeof PROGRAMME_ACCOUNTS, { cookie: string }> = {} as never;
const db = () => t.database.db.dataSource;
let W1: { id: string; name: string };
let W2: { id: string; name: string };

const BELLEVUE = "bellevue-chantenay-sainte-anne";

async function lend(waveId: string, districtCode: string, extra: Record<string, unknown> = {}) {
  const device = await newDevice(t, as.coordinator);
  const input = allocationInput(A, device.id, waveId, extra);
  input.resident = { ...input.resident, districtCode };
  const a = await run(t, CREATE_ALLOCATION, { input }, as.staffA);
  if (a.__typename !== "Allocation") throw new Error(JSON.stringify(a));
  return a;
}

async function deliver(a: { id: string }, signedOn: string, deliveredOn: string) {
  // the charter is recorded at creation in `lend` when given; here it is signed afterwards
  await run(
    t,
    `mutation ($id: ID!, $v: Int!, $input: CharterInput!) { signAllocationCharter(id: $id, expectedVersion: $v, input: $input) { __typename } }`,
    { id: a.id, v: 1, input: { ...CHARTER, signedOn } },
    as.staffA,
  );
  const d = await run(t, DELIVER, { id: a.id, v: 2, on: deliveredOn }, as.staffA);
  if (d.status !== "DELIVERED") throw new Error(JSON.stringify(d));
  return d;
}

async function booklet(input: Record<string, unknown>, who = as.staffA) {
  const b = await run(
    t,
    ISSUE_BOOKLET,
    { input: { issuerStructureId: A, ticketValueCents: 1000, ticketCount: 1, ...input } },
    who,
  );
  if (b.__typename !== "PassBooklet") throw new Error(JSON.stringify(b));
  return b;
}

/** Redeems a ticket through the API, then dates it (Paris wall time with its offset). */
async function redeemAt(structureId: string, code: string, at: string) {
  const who = structureId === A ? as.staffA : as.staffB;
  const r = await run(t, REDEEM, { s: structureId, code }, who);
  if (r.__typename !== "PassTicket") throw new Error(JSON.stringify(r));
  await db().query(`UPDATE pass_ticket SET redeemed_at = $2 WHERE id = $1`, [r.id, at]);
}

/** A referral from A to B, completed through the API, then dated. */
async function completedReferral(districtCode: string, closedAt: string, householdId?: string) {
  const input = referralInput(A, B, need, householdId ? { householdId } : {});
  input.resident = { ...(input.resident as object), districtCode } as never;
  const r = (await t.gql(CREATE, { input }, as.staffA)).data!.createReferral;
  await act(t, "accept", r.id, 1, as.staffB);
  await act(t, "complete", r.id, 2, as.staffB, { outcome: "NEED_MET" });
  await db().query(`UPDATE referral SET closed_at = $2 WHERE id = $1`, [r.id, closedAt]);
  return r;
}

beforeAll(async () => {
  t = await startTestApp({ seed: "demo" });
  A = await demoStructureId(t, "ccas-espace-public-numerique");
  B = await demoStructureId(t, "recup-ordi-44");
  need = (
    await db().query(
      `SELECT category FROM service_offer WHERE structure_id = $1 AND active LIMIT 1`,
      [B],
    )
  )[0].category;
  for (const [key, email] of Object.entries(PROGRAMME_ACCOUNTS)) {
    as[key as keyof typeof PROGRAMME_ACCOUNTS] = { cookie: await loginAs(t, email) };
  }
  W1 = await newWave(t, as.coordinator, {
    name: "Vague test 1",
    startMonth: "2024-11",
    plannedCount: 10,
    districts: [{ districtCode: BELLEVUE, plannedCount: 6 }, { districtCode: "nantes-nord" }],
  });
  W2 = await newWave(t, as.coordinator, {
    name: "Vague test 2",
    startMonth: "2025-09",
    plannedCount: 5,
    districts: [],
    schoolNetwork: "REP+",
  });

  // H1: device, ticket, referral — one household
  const h1 = await lend(W1.id, BELLEVUE);
  await deliver(h1, "2025-02-01", "2025-02-10");
  const b1 = await booklet({
    householdId: h1.household.id,
    ticketCount: 3,
    issuedOn: "2025-01-20",
  });
  await redeemAt(B, b1.tickets[0].code, "2025-05-01T10:00:00+02:00");
  await completedReferral(BELLEVUE, "2025-06-01T10:00:00+02:00", h1.household.id);
  // H2: two tickets
  const b2 = await booklet({
    districtCode: "nantes-nord",
    ticketCount: 2,
    ticketValueCents: 1500,
    issuedOn: "2025-03-01",
  });
  await redeemAt(A, b2.tickets[0].code, "2025-03-15T10:00:00+01:00");
  await redeemAt(A, b2.tickets[1].code, "2025-03-15T11:00:00+01:00");
  // R1: a completed referral without household
  await completedReferral("nantes-nord", "2025-03-20T12:00:00+01:00");
  // R2: a referral and a booklet issued by B for it
  const r2 = await completedReferral("doulon-bottiere", "2025-04-10T12:00:00+02:00");
  const b3 = await booklet(
    { issuerStructureId: B, referralId: r2.id, ticketValueCents: 2000, issuedOn: "2025-03-25" },
    as.staffB,
  );
  await redeemAt(A, b3.tickets[0].code, "2025-04-02T10:00:00+02:00");
  // H4: no district, redeemed late on New Year's Eve
  const b4 = await booklet({ ticketValueCents: 500, issuedOn: "2025-12-01" });
  await redeemAt(B, b4.tickets[0].code, "2025-12-31T23:30:00+01:00");
  // H5: issued in 2024, redeemed just after midnight in Paris (still 2024 in UTC)
  const b5 = await booklet({ districtCode: "ile-de-nantes", issuedOn: "2024-12-20" });
  await redeemAt(B, b5.tickets[0].code, "2025-01-01T00:30:00+01:00");
  // H3: 2024 only
  const b6 = await booklet(
    { issuerStructureId: B, districtCode: "malakoff-saint-donatien", issuedOn: "2024-12-01" },
    as.staffB,
  );
  await redeemAt(A, b6.tickets[0].code, "2024-12-31T23:30:00+01:00");
  // H6: delivered in 2024, returned in 2025
  const h6 = await lend(W1.id, "nantes-sud");
  await deliver(h6, "2024-12-01", "2024-12-15");
  await run(t, RETURN, { id: h6.id, v: 3, on: "2025-01-15" }, as.staffA);
  // H7: planned only; a cancelled loan; an accepted referral; H8: booklet, nothing redeemed
  await lend(W2.id, "dervallieres-zola");
  const cancelled = await lend(W2.id, "nantes-nord");
  await run(t, CANCEL, { id: cancelled.id, v: 1 }, as.staffA);
  const accepted = (await t.gql(CREATE, { input: referralInput(A, B, need) }, as.staffA)).data!
    .createReferral;
  await act(t, "accept", accepted.id, 1, as.staffB);
  await booklet({ ticketCount: 2, issuedOn: "2025-06-01" });
});
afterAll(() => t?.stop());

const INDICATOR = `query ($y: Int!) { householdsIndicator(year: $y) {
  year target targetIsDefault households progress withReferral withDevice withTicket
  byDistrict { districtCode households } byMonth { month newHouseholds cumulative } } }`;

describe("households accompanied in a year", () => {
  it("counts each household once, whatever accompanied it, in Paris time", async () => {
    const res = await t.gql(INDICATOR, { y: 2025 }, as.coordinator);
    const h = res.data!.householdsIndicator;
    expect(h).toMatchObject({
      year: 2025,
      target: 2500,
      targetIsDefault: true,
      households: 6,
      withReferral: 3,
      withDevice: 1,
      withTicket: 5,
    });
    expect(h.progress).toBeCloseTo(6 / 2500, 10);
    expect(h.byDistrict).toEqual([
      { districtCode: BELLEVUE, households: 1 },
      { districtCode: "doulon-bottiere", households: 1 },
      { districtCode: "ile-de-nantes", households: 1 },
      { districtCode: "nantes-nord", households: 2 },
      { districtCode: null, households: 1 },
    ]);
    const months = Object.fromEntries(
      h.byMonth.map((m: any) => [m.month, [m.newHouseholds, m.cumulative]]),
    );
    expect(months).toEqual({
      "2025-01": [1, 1],
      "2025-02": [1, 2],
      "2025-03": [2, 4],
      "2025-04": [1, 5],
      "2025-05": [0, 5],
      "2025-06": [0, 5],
      "2025-07": [0, 5],
      "2025-08": [0, 5],
      "2025-09": [0, 5],
      "2025-10": [0, 5],
      "2025-11": [0, 5],
      "2025-12": [1, 6],
    });
  });

  it("counts the year before on its own", async () => {
    const h = (await t.gql(INDICATOR, { y: 2024 }, as.admin)).data!.householdsIndicator;
    expect(h).toMatchObject({ households: 2, withDevice: 1, withTicket: 1, withReferral: 0 });
    expect(h.byDistrict).toEqual([
      { districtCode: "malakoff-saint-donatien", households: 1 },
      { districtCode: "nantes-sud", households: 1 },
    ]);
    expect(h.byMonth.find((m: any) => m.month === "2024-12")).toEqual({
      month: "2024-12",
      newHouseholds: 2,
      cumulative: 2,
    });
  });

  it("has a target per year, set by coordinators and admins, audited", async () => {
    const SET = `mutation ($y: Int!, $n: Int!) { setHouseholdsTarget(year: $y, target: $n) {
      __typename ... on HouseholdsTarget { year target isDefault } ... on ValidationError { fields { path code } } } }`;
    expect(
      (await t.gql(SET, { y: 2025, n: 3000 }, as.coordinator)).data!.setHouseholdsTarget,
    ).toEqual({
      __typename: "HouseholdsTarget",
      year: 2025,
      target: 3000,
      isDefault: false,
    });
    await t.gql(SET, { y: 2025, n: 2400 }, as.admin);
    const h = (await t.gql(INDICATOR, { y: 2025 }, as.coordinator)).data!.householdsIndicator;
    expect(h).toMatchObject({ target: 2400, targetIsDefault: false, households: 6 });
    expect(h.progress).toBeCloseTo(6 / 2400, 10);
    expect(
      (await t.gql(INDICATOR, { y: 2024 }, as.coordinator)).data!.householdsIndicator,
    ).toMatchObject({ target: 2500, targetIsDefault: true });
    expect(
      (await t.gql(SET, { y: 2025, n: 0 }, as.admin)).data!.setHouseholdsTarget.fields,
    ).toEqual([{ path: "target", code: "OUT_OF_RANGE" }]);
    expect((await t.gql(SET, { y: 2025, n: 10 }, as.managerA)).errors![0].extensions!.code).toBe(
      "FORBIDDEN",
    );
    const trail = await db().query(
      `SELECT details FROM audit_entry WHERE action = 'programme.target_set' AND subject_id = '2025' ORDER BY id`,
    );
    expect(trail.map((e: any) => e.details)).toEqual([
      { from: null, to: 3000 },
      { from: 3000, to: 2400 },
    ]);
  });

  it("is for coordinators and admins, and carries no personal data", async () => {
    expect((await t.gql(INDICATOR, { y: 2025 }, as.managerA)).errors![0].extensions!.code).toBe(
      "FORBIDDEN",
    );
    const res = await t.gql(INDICATOR, { y: 2025 }, as.admin);
    expect(JSON.stringify(res)).not.toMatch(/Fatou|Amina|\+33/);
    expect((await t.gql(INDICATOR, { y: 1999 }, as.admin)).errors![0].extensions!.code).toBe(
      "BAD_USER_INPUT",
    );
  });
});

describe("wave progress", () => {
  const PROGRESS = `query { deviceProgress {
    planned allocated delivered returned deliveredRatio devices { status count }
    waves { wave { id name } planned allocated delivered returned deliveredRatio
            byDistrict { districtCode planned allocated delivered returned } }
    byDistrict { districtCode planned allocated delivered returned } } }`;

  it("gives delivered against planned, per wave and per district", async () => {
    const p = (await t.gql(PROGRESS, {}, as.coordinator)).data!.deviceProgress;
    const w1 = p.waves.find((w: any) => w.wave.id === W1.id);
    expect(w1).toEqual({
      wave: { id: W1.id, name: "Vague test 1" },
      planned: 10,
      allocated: 0,
      delivered: 2,
      returned: 1,
      deliveredRatio: 0.2,
      byDistrict: [
        { districtCode: BELLEVUE, planned: 6, allocated: 0, delivered: 1, returned: 0 },
        { districtCode: "nantes-nord", planned: null, allocated: 0, delivered: 0, returned: 0 },
        { districtCode: "nantes-sud", planned: null, allocated: 0, delivered: 1, returned: 1 },
      ],
    });
    const w2 = p.waves.find((w: any) => w.wave.id === W2.id);
    expect(w2).toMatchObject({
      planned: 5,
      allocated: 1,
      delivered: 0,
      deliveredRatio: 0,
      byDistrict: [
        {
          districtCode: "dervallieres-zola",
          planned: null,
          allocated: 1,
          delivered: 0,
          returned: 0,
        },
      ],
    });
    // with the three demo waves of the city's plan (160 + 150 + 350), nothing delivered there
    expect(p).toMatchObject({ planned: 660 + 15, allocated: 1, delivered: 2, returned: 1 });
    expect(p.deliveredRatio).toBeCloseTo(2 / 675, 10);
    expect(p.waves.map((w: any) => w.wave.name)).toEqual([
      "Vague test 1",
      "Vague test 2",
      "Cité éducative Bellevue",
      "Écoles de la Bottière et de Nantes Nord",
      "Autres réseaux scolaires, puis REP et REP+",
    ]);
    expect(p.byDistrict).toContainEqual({
      districtCode: BELLEVUE,
      planned: 160 + 6,
      allocated: 0,
      delivered: 1,
      returned: 0,
    });
    // the inventory: 30 demo devices and the 4 lent here (one back in stock after cancelling)
    expect(p.devices).toEqual([
      { status: "ALLOCATED", count: 1 },
      { status: "DELIVERED", count: 1 },
      { status: "IN_STOCK", count: 31 },
      { status: "RETURNED", count: 1 },
    ]);
    expect((await t.gql(PROGRESS, {}, as.staffA)).errors![0].extensions!.code).toBe("FORBIDDEN");
  });
});

describe("ticket flows", () => {
  const FLOWS = `query ($y: Int!) { ticketFlows(year: $y) {
    year issuedTickets issuedValueCents redeemedTickets redeemedValueCents
    byStructure { structureId structureName districtCode issuedTickets issuedValueCents redeemedTickets redeemedValueCents }
    byDistrict { districtCode issuedTickets issuedValueCents redeemedTickets redeemedValueCents } } }`;

  it("counts tickets issued by the issuer and redeemed at the redeemer, per structure and district", async () => {
    const f = (await t.gql(FLOWS, { y: 2025 }, as.coordinator)).data!.ticketFlows;
    // issued in 2025: A 3×10 € + 2×15 € + 5 € + 2×10 € = 8 tickets, 85 €; B 1×20 €
    // redeemed in 2025: at A 2×15 € + 20 € ; at B 10 € + 5 € + 10 €
    const byId = Object.fromEntries(f.byStructure.map((s: any) => [s.structureId, s]));
    expect(byId[A]).toMatchObject({
      issuedTickets: 8,
      issuedValueCents: 8500,
      redeemedTickets: 3,
      redeemedValueCents: 5000,
    });
    expect(byId[B]).toMatchObject({
      issuedTickets: 1,
      issuedValueCents: 2000,
      redeemedTickets: 3,
      redeemedValueCents: 2500,
    });
    expect(f.byStructure).toHaveLength(2);
    expect(f).toMatchObject({
      year: 2025,
      issuedTickets: 9,
      issuedValueCents: 10500,
      redeemedTickets: 6,
      redeemedValueCents: 7500,
    });
    const [{ a, b }] = await db().query(
      `SELECT (SELECT district_code FROM structure WHERE id = $1) AS a, (SELECT district_code FROM structure WHERE id = $2) AS b`,
      [A, B],
    );
    expect(a).not.toBe(b);
    expect(f.byDistrict).toContainEqual({
      districtCode: a,
      issuedTickets: 8,
      issuedValueCents: 8500,
      redeemedTickets: 3,
      redeemedValueCents: 5000,
    });
    expect(f.byDistrict).toContainEqual({
      districtCode: b,
      issuedTickets: 1,
      issuedValueCents: 2000,
      redeemedTickets: 3,
      redeemedValueCents: 2500,
    });
    const y2024 = (await t.gql(FLOWS, { y: 2024 }, as.admin)).data!.ticketFlows;
    expect(y2024).toMatchObject({
      issuedTickets: 2,
      issuedValueCents: 2000,
      redeemedTickets: 1,
      redeemedValueCents: 1000,
    });
    expect((await t.gql(FLOWS, { y: 2025 }, as.staffB)).errors![0].extensions!.code).toBe(
      "FORBIDDEN",
    );
  });
});
