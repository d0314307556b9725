import { runProgrammeJobs } from "../../server/src/modules/programme/programme.jobs";
import { demoStructureId, loginAs } from "./support/identity";
import {
  ALLOCATION_FIELDS,
  ALLOCATION_VIEW,
  allocationInput,
  CANCEL,
  CHARTER,
  CREATE_ALLOCATION,
  CREATE_DEVICE,
  CREATE_WAVE,
  DELIVER,
  DEVICE_FIELDS,
  newDevice,
  newWave,
  PROGRAMME_ACCOUNTS,
  RETURN,
  run,
  SIGN_CHARTER,
  unique,
  UPDATE_WAVE,
} from "./support/programme";
import { CREATE, referralInput } from "./support/referrals";
import { startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
let A: string; // CCAS public digital space: accompanies families
let B: string; // Récup'Ordi 44
let wave: { id: string };
const as: Record<keyof typeof PROGRAMME_ACCOUNTS, { cookie: string }> = {} as never;
const db = () => t.database.db.dataSource;
const count = async (sql: string, params: unknown[] = []) =>
  (await db().query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n as number;
const rowOf = async (id: string) =>
  (await db().query(`SELECT * FROM allocation WHERE id = $1`, [id]))[0];
const deviceStatus = async (id: string) =>
  (await db().query(`SELECT status FROM device WHERE id = $1`, [id]))[0].status;

beforeAll(async () => {
  t = await startTestApp({ seed: "demo" });
  A = await demoStructureId(t, "ccas-espace-public-numerique");
  B = await demoStructureId(t, "recup-ordi-44");
  for (const [key, email] of Object.entries(PROGRAMME_ACCOUNTS)) {
    as[key as keyof typeof PROGRAMME_ACCOUNTS] = { cookie: await loginAs(t, email) };
  }
  wave = await newWave(t, as.coordinator);
});
afterAll(() => t?.stop());

/** A new loan by A of a new device, PLANNED (version 1), optionally with its charter. */
async function lend(overrides: Record<string, unknown> = {}, who = as.staffA) {
  const device = await newDevice(t, as.coordinator);
  const a = await run(
    t,
    CREATE_ALLOCATION,
    { input: allocationInput(A, device.id, wave.id, overrides) },
    who,
  );
  if (a.__typename !== "Allocation") throw new Error(`loan: ${JSON.stringify(a)}`);
  return a;
}

describe("waves", () => {
  it("coordinators plan a wave with districts and shares; versions guard changes", async () => {
    const name = unique("Cité éducative");
    const w = await run(
      t,
      CREATE_WAVE,
      {
        input: {
          name,
          startMonth: "2026-02",
          plannedCount: 160,
          schoolNetwork: "Cité éducative Bellevue",
          districts: [{ districtCode: "bellevue-chantenay-sainte-anne", plannedCount: 160 }],
        },
      },
      as.coordinator,
    );
    expect(w).toMatchObject({
      __typename: "DeviceWave",
      name,
      startMonth: "2026-02",
      plannedCount: 160,
      version: 1,
      districts: [
        {
          districtCode: "bellevue-chantenay-sainte-anne",
          plannedCount: 160,
          district: { name: expect.any(String) },
        },
      ],
    });
    const updated = await run(
      t,
      UPDATE_WAVE,
      { id: w.id, v: 1, input: { plannedCount: 200, districts: [] } },
      as.admin,
    );
    expect(updated).toMatchObject({ plannedCount: 200, version: 2, districts: [] });
    const stale = await run(t, UPDATE_WAVE, { id: w.id, v: 1, input: { name: "x" } }, as.admin);
    expect(stale).toMatchObject({ __typename: "ConflictError", currentVersion: 2 });
    expect(await count(`audit_entry WHERE subject_id = $1 AND action LIKE 'wave.%'`, [w.id])).toBe(
      2,
    );
  });

  it.each([
    [{ startMonth: "2026-13" }, "startMonth", "INVALID_FORMAT"],
    [{ plannedCount: 0 }, "plannedCount", "OUT_OF_RANGE"],
    [{ districts: [{ districtCode: "atlantis" }] }, "districts.0.districtCode", "UNKNOWN_DISTRICT"],
    [
      { plannedCount: 5, districts: [{ districtCode: "nantes-nord", plannedCount: 6 }] },
      "districts",
      "OVER_PLAN",
    ],
    [{ districts: [], schoolNetwork: null }, "districts", "REQUIRED"],
    [{ name: "" }, "name", "REQUIRED"],
  ])("refuses %j with a field error", async (input, path, code) => {
    const w = await run(
      t,
      CREATE_WAVE,
      {
        input: {
          name: unique("Vague"),
          startMonth: "2026-03",
          plannedCount: 10,
          districts: [{ districtCode: "nantes-nord" }],
          ...input,
        },
      },
      as.coordinator,
    );
    expect(w.__typename).toBe("ValidationError");
    expect(w.fields).toContainEqual(expect.objectContaining({ path, code }));
  });

  it("refuses a second wave of the same name, and members", async () => {
    const first = await newWave(t, as.coordinator);
    const again = await run(
      t,
      CREATE_WAVE,
      { input: { name: first.name, startMonth: "2026-03", plannedCount: 3, schoolNetwork: "x" } },
      as.admin,
    );
    expect(again.fields).toContainEqual(expect.objectContaining({ path: "name", code: "TAKEN" }));
    const member = await t.gql(
      CREATE_WAVE,
      { input: { name: "x", startMonth: "2026-03", plannedCount: 3, schoolNetwork: "x" } },
      as.managerA,
    );
    expect(member.errors![0].extensions!.code).toBe("FORBIDDEN");
  });
});

describe("devices", () => {
  it("registers devices in stock, with unique inventory numbers, members can list them", async () => {
    const d = await newDevice(t, as.coordinator);
    expect(d).toMatchObject({ status: "IN_STOCK", version: 1, kind: "LAPTOP" });
    const dup = await run(
      t,
      CREATE_DEVICE,
      { input: { inventoryId: d.inventoryId, kind: "TABLET", origin: "CHU" } },
      as.admin,
    );
    expect(dup.fields).toContainEqual(
      expect.objectContaining({ path: "inventoryId", code: "TAKEN" }),
    );
    const list = await t.gql(
      `query ($f: DeviceFilter) { devices(first: 100, filter: $f) { totalCount edges { node { id status } } } }`,
      { f: { statuses: ["IN_STOCK"], text: d.inventoryId } },
      as.staffB,
    );
    expect(list.data!.devices).toMatchObject({ totalCount: 1, edges: [{ node: { id: d.id } }] });
    expect(
      (
        await t.gql(
          CREATE_DEVICE,
          { input: { inventoryId: "x", kind: "LAPTOP", origin: "y" } },
          as.staffA,
        )
      ).errors![0].extensions!.code,
    ).toBe("FORBIDDEN");
  });

  it("retires a device in stock, restocks only a returned one, with versions", async () => {
    const d = await newDevice(t, as.coordinator);
    const RESTOCK = `mutation ($id: ID!, $v: Int!) { restockDevice(id: $id, expectedVersion: $v) { ${DEVICE_FIELDS} } }`;
    const RETIRE = `mutation ($id: ID!, $v: Int!) { retireDevice(id: $id, expectedVersion: $v) { ${DEVICE_FIELDS} } }`;
    expect(await run(t, RESTOCK, { id: d.id, v: 1 }, as.coordinator)).toMatchObject({
      __typename: "InvalidDeviceTransitionError",
      errorCode: "INVALID_TRANSITION",
      deviceFrom: "IN_STOCK",
      deviceTo: "IN_STOCK",
    });
    expect(await run(t, RETIRE, { id: d.id, v: 2 }, as.coordinator)).toMatchObject({
      __typename: "ConflictError",
      currentVersion: 1,
    });
    expect(await run(t, RETIRE, { id: d.id, v: 1 }, as.coordinator)).toMatchObject({
      status: "RETIRED",
      version: 2,
    });
    expect(
      await count(`audit_entry WHERE subject_id = $1 AND action = 'device.status_changed'`, [d.id]),
    ).toBe(1);
  });
});

describe("a loan, from stock to return", () => {
  it("walks PLANNED → charter → DELIVERED → RETURNED, moving and auditing the device", async () => {
    const a = await lend();
    expect(a).toMatchObject({
      status: "PLANNED",
      version: 1,
      charterSigned: false,
      charter: null,
      districtCode: "bellevue-chantenay-sainte-anne",
      schoolNetwork: "REP_PLUS",
      consent: { wordingVersion: "pret-2026-11" },
      resident: { firstName: "Fatou", contactValue: "+33611223344", languages: ["fr", "wo"] },
      device: { status: "ALLOCATED" },
      household: { reference: expect.stringMatching(/^F-[0-9A-Z]{4}-[0-9A-Z]{4}$/) },
      accompanyingStructure: { id: A },
    });
    const signed = await run(t, SIGN_CHARTER, { id: a.id, v: 1, input: CHARTER }, as.managerA);
    expect(signed).toMatchObject({ charterSigned: true, version: 2, charter: CHARTER });
    const delivered = await run(t, DELIVER, { id: a.id, v: 2, on: "2025-01-20" }, as.staffA);
    expect(delivered).toMatchObject({
      status: "DELIVERED",
      deliveredOn: "2025-01-20",
      device: { status: "DELIVERED" },
    });
    const returned = await run(t, RETURN, { id: a.id, v: 3, on: "2025-06-30" }, as.staffA);
    expect(returned).toMatchObject({
      status: "RETURNED",
      returnedOn: "2025-06-30",
      device: { status: "RETURNED" },
    });
    expect(returned.closedAt).not.toBeNull();
    const restocked = await run(
      t,
      `mutation ($id: ID!, $v: Int!) { restockDevice(id: $id, expectedVersion: $v) { ${DEVICE_FIELDS} } }`,
      { id: a.device.id, v: returned.device.version },
      as.coordinator,
    );
    expect(restocked).toMatchObject({ status: "IN_STOCK" });
    const trail = await db().query(
      `SELECT action, details->>'to' AS to FROM audit_entry WHERE subject_id IN ($1, $2) ORDER BY id`,
      [a.id, a.device.id],
    );
    const changes = trail.filter((e: any) => e.action !== "resident.read");
    expect(changes.map((e: any) => `${e.action}${e.to ? `→${e.to}` : ""}`)).toEqual([
      "device.created",
      "device.status_changed→ALLOCATED",
      "resident.recorded",
      "allocation.charter_signed→PLANNED",
      "device.status_changed→DELIVERED",
      "allocation.delivered→DELIVERED",
      "device.status_changed→RETURNED",
      "allocation.returned→RETURNED",
      "device.status_changed→IN_STOCK",
    ]);
    // the four loan mutations selected the family's data: one audited read each
    expect(trail.length - changes.length).toBe(4);
  });

  it("records the charter at creation when it is already signed", async () => {
    const a = await lend({ charter: CHARTER });
    expect(a).toMatchObject({ charterSigned: true, charter: { signedOn: "2025-01-15" } });
    const again = await run(t, SIGN_CHARTER, { id: a.id, v: 1, input: CHARTER }, as.staffA);
    expect(again.fields).toContainEqual(
      expect.objectContaining({ path: "signedOn", code: "ALREADY_SIGNED" }),
    );
  });

  it("cancels a loan not delivered: the device goes back in stock; not a delivered one", async () => {
    const a = await lend();
    const cancelled = await run(t, CANCEL, { id: a.id, v: 1 }, as.staffA);
    expect(cancelled).toMatchObject({ status: "CANCELLED", device: { status: "IN_STOCK" } });
    const b = await lend({ charter: CHARTER });
    await run(t, DELIVER, { id: b.id, v: 1, on: "2025-02-01" }, as.staffA);
    expect(await run(t, CANCEL, { id: b.id, v: 2 }, as.staffA)).toMatchObject({
      __typename: "InvalidAllocationTransitionError",
      from: "DELIVERED",
      to: "CANCELLED",
    });
  });

  it("refuses a device that is not in stock, and gives one device to one family at once", async () => {
    const a = await lend();
    const taken = await run(
      t,
      CREATE_ALLOCATION,
      { input: allocationInput(A, a.device.id, wave.id) },
      as.staffA,
    );
    expect(taken).toMatchObject({
      __typename: "InvalidDeviceTransitionError",
      deviceFrom: "ALLOCATED",
      deviceTo: "ALLOCATED",
    });
    for (let round = 0; round < 3; round++) {
      const device = await newDevice(t, as.coordinator);
      const results = await Promise.all(
        [as.staffA, as.managerA].map((who) =>
          run(t, CREATE_ALLOCATION, { input: allocationInput(A, device.id, wave.id) }, who),
        ),
      );
      expect(results.map((r) => r.__typename).sort()).toEqual([
        "Allocation",
        "InvalidDeviceTransitionError",
      ]);
      expect(await count(`allocation WHERE device_id = $1`, [device.id])).toBe(1);
    }
  });

  it.each([
    [
      { consent: { given: false, wordingVersion: "pret-2026-11" } },
      "consent.given",
      "CONSENT_REQUIRED",
    ],
    [
      { consent: { given: true, wordingVersion: "2026-11" } },
      "consent.wordingVersion",
      "UNKNOWN_VERSION",
    ],
    [
      { resident: { firstName: "A", contactChannel: "PHONE", contactValue: "0611223344" } },
      "resident.districtCode",
      "REQUIRED",
    ],
    [
      {
        resident: {
          firstName: "A",
          contactChannel: "EMAIL",
          contactValue: "a@",
          districtCode: "nantes-nord",
        },
      },
      "resident.contactValue",
      "INVALID_FORMAT",
    ],
    [{ householdId: "00000000-0000-4000-8000-000000000000" }, "householdId", "UNKNOWN_HOUSEHOLD"],
    [{ charter: { ...CHARTER, signedOn: "2999-01-01" } }, "charter.signedOn", "IN_FUTURE"],
    [{ charter: { ...CHARTER, citySignatory: " " } }, "charter.citySignatory", "REQUIRED"],
  ])("refuses %j with a field error and writes nothing", async (overrides, path, code) => {
    const device = await newDevice(t, as.coordinator);
    const before = await count(`allocation`);
    const r = await run(
      t,
      CREATE_ALLOCATION,
      { input: allocationInput(A, device.id, wave.id, overrides) },
      as.staffA,
    );
    expect(r.__typename).toBe("ValidationError");
    expect(r.fields).toContainEqual(expect.objectContaining({ path, code }));
    expect(await count(`allocation`)).toBe(before);
    expect(await deviceStatus(device.id)).toBe("IN_STOCK");
  });

  it("is for the accompanying structure's members only", async () => {
    const device = await newDevice(t, as.coordinator);
    for (const who of [as.staffB, as.coordinator, as.admin]) {
      const res = await t.gql(
        CREATE_ALLOCATION,
        { input: allocationInput(A, device.id, wave.id) },
        who,
      );
      expect(res.errors![0].extensions!.code).toBe("FORBIDDEN");
    }
    const a = await lend();
    const res = await t.gql(CANCEL, { id: a.id, v: 1 }, as.staffB);
    expect(res.errors![0].extensions!.code).toBe("FORBIDDEN");
    expect(await deviceStatus(device.id)).toBe("IN_STOCK");
  });

  it("gives ConflictError on a stale version and writes nothing", async () => {
    const a = await lend();
    await run(t, SIGN_CHARTER, { id: a.id, v: 1, input: CHARTER }, as.staffA);
    expect(await run(t, CANCEL, { id: a.id, v: 1 }, as.staffA)).toMatchObject({
      __typename: "ConflictError",
      currentVersion: 2,
    });
    expect((await rowOf(a.id)).status).toBe("PLANNED");
  });
});

describe("the charter rule", () => {
  it("refuses a delivery before the charter is signed: CharterNotSignedError, nothing written", async () => {
    const a = await lend();
    const audits = await count(`audit_entry`);
    const refused = await run(t, DELIVER, { id: a.id, v: 1, on: "2025-01-20" }, as.staffA);
    expect(refused).toMatchObject({
      __typename: "CharterNotSignedError",
      errorCode: "INVALID_TRANSITION",
    });
    expect(await rowOf(a.id)).toMatchObject({ status: "PLANNED", version: 1, delivered_on: null });
    expect(await deviceStatus(a.device.id)).toBe("ALLOCATED");
    expect(await count(`audit_entry`)).toBe(audits);
  });

  it("refuses a delivery dated before the signature, or in the future", async () => {
    const a = await lend({ charter: { ...CHARTER, signedOn: "2025-03-10" } });
    const early = await run(t, DELIVER, { id: a.id, v: 1, on: "2025-03-09" }, as.staffA);
    expect(early.fields).toEqual([
      expect.objectContaining({ path: "deliveredOn", code: "BEFORE_CHARTER" }),
    ]);
    const future = await run(t, DELIVER, { id: a.id, v: 1, on: "2999-03-09" }, as.staffA);
    expect(future.fields).toEqual([
      expect.objectContaining({ path: "deliveredOn", code: "IN_FUTURE" }),
    ]);
    expect(await rowOf(a.id)).toMatchObject({ status: "PLANNED", version: 1 });
    expect(await deviceStatus(a.device.id)).toBe("ALLOCATED");
    const sameDay = await run(t, DELIVER, { id: a.id, v: 1, on: "2025-03-10" }, as.staffA);
    expect(sameDay).toMatchObject({ status: "DELIVERED", deliveredOn: "2025-03-10" });
  });

  it("holds in the database too, whatever the application does", async () => {
    const a = await lend();
    await expect(
      db().query(
        `UPDATE allocation SET status = 'DELIVERED', delivered_on = '2025-01-01' WHERE id = $1`,
        [a.id],
      ),
    ).rejects.toThrow(/check constraint/);
    const b = await lend({ charter: CHARTER });
    await expect(
      db().query(
        `UPDATE allocation SET status = 'DELIVERED', delivered_on = '2025-01-14' WHERE id = $1`,
        [b.id],
      ),
    ).rejects.toThrow(/check constraint/);
  });
});

describe("the family's data", () => {
  const READ = `query ($id: ID!) { allocation(id: $id) { ${ALLOCATION_VIEW} } }`;

  it("is for the accompanying structure and admins, every read audited", async () => {
    const a = await lend({ charter: CHARTER });
    const reads = () =>
      count(
        `audit_entry WHERE action = 'resident.read' AND subject_type = 'allocation' AND subject_id = $1`,
        [a.id],
      );
    const before = await reads();
    for (const who of [as.staffA, as.managerA, as.admin]) {
      const res = await t.gql(READ, { id: a.id }, who);
      expect(res.data!.allocation).toMatchObject({
        resident: { firstName: "Fatou" },
        charter: { familySignatory: "Fatou D." },
      });
    }
    // resident and charter of one allocation in one request: one entry
    expect(await reads()).toBe(before + 3);
    for (const who of [as.staffB, as.coordinator]) {
      const res = await t.gql(READ, { id: a.id }, who);
      expect(res.data).toBeNull();
      expect(res.errors![0].extensions!.code).toBe("FORBIDDEN");
    }
    expect(await reads()).toBe(before + 3);
    const list = await t.gql(
      `query { allocations(first: 100) { totalCount edges { node { id accompanyingStructure { id } } } } }`,
      {},
      as.staffB,
    );
    expect(list.data!.allocations.totalCount).toBe(0);
    const foreign = await t.gql(
      `query ($s: ID!) { allocations(first: 10, filter: { structureId: $s }) { totalCount } }`,
      { s: A },
      as.staffB,
    );
    expect(foreign.errors![0].extensions!.code).toBe("FORBIDDEN");
    expect(foreign.errors![0].message).toBe("You may only list your own structures' loans");
  });

  it("is erased on request by the structure's managers or admins, not its staff", async () => {
    const a = await lend({ charter: CHARTER });
    const ERASE = `mutation ($id: ID!) { eraseAllocationResidentData(allocationId: $id) { ${ALLOCATION_FIELDS} } }`;
    expect((await t.gql(ERASE, { id: a.id }, as.staffA)).errors![0].extensions!.code).toBe(
      "FORBIDDEN",
    );
    const erased = await run(t, ERASE, { id: a.id }, as.managerA);
    expect(erased).toMatchObject({
      anonymised: true,
      resident: null,
      schoolName: null,
      charter: { familySignatory: null, citySignatory: CHARTER.citySignatory },
      districtCode: "bellevue-chantenay-sainte-anne",
      schoolNetwork: "REP_PLUS",
    });
    expect(await rowOf(a.id)).toMatchObject({
      resident_first_name: null,
      resident_contact_value: null,
      charter_family_signatory: null,
    });
    expect(
      await count(`audit_entry WHERE action = 'resident.erased' AND subject_id = $1`, [a.id]),
    ).toBe(1);
    // the loan goes on without the family's data
    expect(await run(t, DELIVER, { id: a.id, v: 2, on: "2025-02-01" }, as.staffA)).toMatchObject({
      status: "DELIVERED",
    });
  });

  it("is anonymised RETENTION_DAYS after the return or the cancellation, once across instances", async () => {
    const DAY = 24 * 3600_000;
    const returned = await lend({ charter: CHARTER });
    await run(t, DELIVER, { id: returned.id, v: 1, on: "2025-01-20" }, as.staffA);
    await run(t, RETURN, { id: returned.id, v: 2, on: "2025-02-20" }, as.staffA);
    const cancelled = await lend();
    await run(t, CANCEL, { id: cancelled.id, v: 1 }, as.staffA);
    const open = await lend({ charter: CHARTER });
    await run(t, DELIVER, { id: open.id, v: 1, on: "2025-01-20" }, as.staffA);

    const soon = await runProgrammeJobs(
      db(),
      { retentionDays: 365 },
      new Date(Date.now() + 364 * DAY),
    );
    expect(soon.anonymisedAllocations).toBe(0);
    const later = new Date(Date.now() + 366 * DAY);
    const [x, y] = await Promise.all([
      runProgrammeJobs(db(), { retentionDays: 365 }, later),
      runProgrammeJobs(db(), { retentionDays: 365 }, later),
    ]);
    expect(x.anonymisedAllocations + y.anonymisedAllocations).toBeGreaterThanOrEqual(2);
    for (const id of [returned.id, cancelled.id]) {
      expect(await rowOf(id)).toMatchObject({ resident_first_name: null, school_name: null });
      expect(
        await count(`audit_entry WHERE action = 'resident.erased' AND subject_id = $1`, [id]),
      ).toBe(1);
    }
    expect((await rowOf(open.id)).resident_first_name).toBe("Fatou");
    expect(
      (await runProgrammeJobs(db(), { retentionDays: 365 }, later)).anonymisedAllocations,
    ).toBe(0);
  });

  it("never reaches the logs", async () => {
    const secret = { firstName: "Zéphyrine-Prog7", phone: "0698765400" };
    await lend({
      resident: {
        firstName: secret.firstName,
        contactChannel: "PHONE",
        contactValue: secret.phone,
        districtCode: "nantes-nord",
      },
      charter: { ...CHARTER, familySignatory: "Signataire-Secret-Q4" },
    });
    const logs = JSON.stringify(t.logs);
    for (const s of [secret.firstName, secret.phone, "+33698765400", "Signataire-Secret-Q4"])
      expect(logs).not.toContain(s);
  });
});

describe("households", () => {
  const BY_REFERENCE = `query ($r: String!) { householdByReference(reference: $r) { id reference districtCode } }`;

  it("are found by the reference the family keeps, typed loosely", async () => {
    const a = await lend();
    const { id, reference } = a.household;
    const loose = reference.toLowerCase().replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "l");
    for (const typed of [reference, loose, reference.slice(2)]) {
      const res = await t.gql(BY_REFERENCE, { r: typed }, as.staffB);
      expect(res.data!.householdByReference).toMatchObject({ id, reference });
    }
    const unknown = await t.gql(BY_REFERENCE, { r: "F-0000-0000" }, as.staffB);
    expect(unknown.errors![0].extensions!.code).toBe("NOT_FOUND");
    // a second loan to the same family
    const again = await lend({ householdId: id });
    expect(again.household).toMatchObject({ id, reference });
  });

  it("link a referral when the referrer knows it, and nothing else changes for referrals", async () => {
    const a = await lend();
    const need = (
      await db().query(
        `SELECT category FROM service_offer WHERE structure_id = $1 AND active LIMIT 1`,
        [B],
      )
    )[0].category;
    const LINKED = CREATE.replace(
      "consent { givenAt wordingVersion }",
      "consent { givenAt wordingVersion } household { id reference }",
    );
    const res = await t.gql(
      LINKED,
      { input: referralInput(A, B, need, { householdId: a.household.id }) },
      as.staffA,
    );
    expect(res.data!.createReferral).toMatchObject({
      __typename: "Referral",
      household: { id: a.household.id, reference: a.household.reference },
    });
    const plain = await t.gql(LINKED, { input: referralInput(A, B, need) }, as.staffA);
    expect(plain.data!.createReferral).toMatchObject({ __typename: "Referral", household: null });
    const unknown = await t.gql(
      LINKED,
      { input: referralInput(A, B, need, { householdId: "00000000-0000-4000-8000-000000000000" }) },
      as.staffA,
    );
    expect(unknown.data!.createReferral.fields).toContainEqual(
      expect.objectContaining({ path: "householdId", code: "UNKNOWN_HOUSEHOLD" }),
    );
  });
});
