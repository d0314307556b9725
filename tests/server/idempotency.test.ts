import { purgeIdempotencyKeys } from "../../server/src/modules/idempotency/idempotency";
import { createToken, demoStructureId, loginAs } from "./support/identity";
import {
  allocationInput,
  BOOKLET_FIELDS,
  DEVICE_FIELDS,
  newDevice,
  newWave,
  PROGRAMME_ACCOUNTS,
  unique,
  WAVE_FIELDS,
  ALLOCATION_FIELDS,
} from "./support/programme";
import { REFERRAL_FIELDS, referralInput } from "./support/referrals";
import { startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
let sender: string;
let receiver: string;
let need: string;
const as: Record<keyof typeof PROGRAMME_ACCOUNTS, { cookie: string }> = {} as never;
const db = () => t.database.db.dataSource;
const count = async (sql: string, params: unknown[] = []) =>
  (await db().query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n as number;

const CREATE = `mutation ($input: CreateReferralInput!, $key: String) {
  createReferral(input: $input, idempotencyKey: $key) { ${REFERRAL_FIELDS} } }`;

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
  for (const [key, email] of Object.entries(PROGRAMME_ACCOUNTS)) {
    as[key as keyof typeof PROGRAMME_ACCOUNTS] = { cookie: await loginAs(t, email) };
  }
});
afterAll(() => t?.stop());

/** A referral input told apart from others by the resident's situation. */
const inputFor = (tag: string) =>
  referralInput(sender, receiver, need, { situation: `Dossier en ligne (${tag}).` });
const referralsTagged = (tag: string) =>
  count(`referral WHERE situation = $1`, [`Dossier en ligne (${tag}).`]);

async function create(input: unknown, key: string | null, headers: Record<string, string>) {
  const res = await t.gql(CREATE, { input, key }, headers);
  return { value: res.data?.createReferral as Record<string, any> | undefined, res };
}

describe("createReferral with an idempotencyKey", () => {
  it("returns the first referral when the same account sends the same key again", async () => {
    const tag = unique("retry");
    const first = await create(inputFor(tag), `k-${tag}`, as.staffA);
    const again = await create(inputFor(tag), `k-${tag}`, as.staffA);
    expect(first.value?.__typename).toBe("Referral");
    expect(again.value).toEqual(first.value);
    expect(await referralsTagged(tag)).toBe(1);
    // One creation: one CREATED event and one audit entry, not two.
    expect(await count(`referral_event WHERE referral_id = $1`, [first.value!.id])).toBe(1);
    expect(
      await count(`audit_entry WHERE subject_id = $1 AND action = 'resident.recorded'`, [
        first.value!.id,
      ]),
    ).toBe(1);
  });

  it("creates one referral when requests with one key race", async () => {
    const tag = unique("race");
    const results = await Promise.all(
      Array.from({ length: 8 }, () => create(inputFor(tag), `k-${tag}`, as.staffA)),
    );
    const ids = new Set(results.map((r) => r.value?.id));
    expect(results.every((r) => r.value?.__typename === "Referral")).toBe(true);
    expect(ids.size).toBe(1);
    expect(await referralsTagged(tag)).toBe(1);
  });

  it("creates a referral per request without a key, and per key", async () => {
    const tag = unique("plain");
    await create(inputFor(tag), null, as.staffA);
    await create(inputFor(tag), null, as.staffA);
    await create(inputFor(tag), `a-${tag}`, as.staffA);
    await create(inputFor(tag), `b-${tag}`, as.staffA);
    expect(await referralsTagged(tag)).toBe(4);
  });

  it("keeps keys per account: another member's same key creates its own referral", async () => {
    const tag = unique("accounts");
    const mine = await create(inputFor(tag), `shared-${tag}`, as.staffA);
    const theirs = await create(inputFor(tag), `shared-${tag}`, as.managerA);
    expect(theirs.value?.__typename).toBe("Referral");
    expect(theirs.value?.id).not.toBe(mine.value?.id);
    expect(await referralsTagged(tag)).toBe(2);
  });

  it("works for API tokens, per token", async () => {
    const token = await createToken(t, as.managerA.cookie, sender, unique("jeton"));
    const bearer = { authorization: `Bearer ${token}` };
    const tag = unique("token");
    const first = await create(inputFor(tag), `k-${tag}`, bearer);
    const again = await create(inputFor(tag), `k-${tag}`, bearer);
    expect(first.value?.__typename).toBe("Referral");
    expect(again.value?.id).toBe(first.value?.id);
    expect(await referralsTagged(tag)).toBe(1);
  });

  it("refuses the same key with a different input, and creates nothing", async () => {
    const tag = unique("other");
    await create(inputFor(tag), `k-${tag}`, as.staffA);
    const changed = await create(inputFor(`${tag}-changed`), `k-${tag}`, as.staffA);
    expect(changed.value).toBeUndefined();
    expect(changed.res.errors?.[0]).toMatchObject({
      message: expect.stringContaining("different request"),
      extensions: { code: "CONFLICT", argument: "idempotencyKey" },
    });
    expect(await referralsTagged(`${tag}-changed`)).toBe(0);
  });

  it("records nothing for a refused input, so the corrected request can reuse the key", async () => {
    const tag = unique("fix");
    const bad = referralInput(sender, receiver, need, {
      situation: `Dossier en ligne (${tag}).`,
      consent: { given: false, wordingVersion: "2026-11" },
    });
    const refused = await create(bad, `k-${tag}`, as.staffA);
    expect(refused.value?.__typename).toBe("ValidationError");
    expect(await count(`idempotency_key WHERE key = $1`, [`k-${tag}`])).toBe(0);
    // The same key with the corrected input is a new request, not a conflict.
    const fixed = await create(inputFor(tag), `k-${tag}`, as.staffA);
    expect(fixed.value?.__typename).toBe("Referral");
  });

  it("refuses a key that is empty, too long or not visible ASCII", async () => {
    for (const key of ["", "x".repeat(129), "clé", "a b", "a\u0000b"]) {
      const tag = unique("badkey");
      const res = await create(inputFor(tag), key, as.staffA);
      expect(res.res.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        argument: "idempotencyKey",
      });
      expect(await referralsTagged(tag)).toBe(0);
    }
  });

  it("forgets a key after 24 h: the same key then creates a new referral", async () => {
    const tag = unique("old");
    const first = await create(inputFor(tag), `k-${tag}`, as.staffA);
    await db().query(
      `UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE key = $1`,
      [`k-${tag}`],
    );
    const later = await create(inputFor(tag), `k-${tag}`, as.staffA);
    expect(later.value?.__typename).toBe("Referral");
    expect(later.value?.id).not.toBe(first.value?.id);
    expect(await referralsTagged(tag)).toBe(2);
  });

  it("purges keys past the window and keeps the others", async () => {
    const tag = unique("purge");
    await create(inputFor(tag), `old-${tag}`, as.staffA);
    await create(inputFor(tag), `new-${tag}`, as.staffA);
    await db().query(
      `UPDATE idempotency_key SET created_at = now() - interval '30 hours' WHERE key = $1`,
      [`old-${tag}`],
    );
    expect(await purgeIdempotencyKeys(db())).toBeGreaterThanOrEqual(1);
    expect(await count(`idempotency_key WHERE key = $1`, [`old-${tag}`])).toBe(0);
    expect(await count(`idempotency_key WHERE key = $1`, [`new-${tag}`])).toBe(1);
  });

  it("does not let a key bypass authorisation: a stranger's retry is still forbidden", async () => {
    const tag = unique("stranger");
    await create(inputFor(tag), `k-${tag}`, as.staffA);
    const stranger = await create(inputFor(tag), `k-${tag}`, as.otherStaff);
    expect(stranger.res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await referralsTagged(tag)).toBe(1);
  });
});

describe("the programme's create mutations with an idempotencyKey", () => {
  const twice = async (query: string, variables: Record<string, unknown>, who: object) => {
    const a = await t.gql(query, variables, who as Record<string, string>);
    const b = await t.gql(query, variables, who as Record<string, string>);
    const [first, second] = [a, b].map((r) => Object.values(r.data ?? {})[0] as any);
    return { first, second };
  };

  it("createDeviceWave", async () => {
    const name = unique("Vague idem");
    const { first, second } = await twice(
      `mutation ($input: CreateDeviceWaveInput!, $key: String) { createDeviceWave(input: $input, idempotencyKey: $key) { ${WAVE_FIELDS} } }`,
      {
        input: {
          name,
          startMonth: "2025-03",
          plannedCount: 4,
          districts: [{ districtCode: "nantes-nord", plannedCount: 4 }],
        },
        key: unique("wave"),
      },
      as.coordinator,
    );
    expect(first.__typename).toBe("DeviceWave");
    expect(second).toEqual(first);
    expect(await count(`device_wave WHERE name = $1`, [name])).toBe(1);
  });

  it("createDevice", async () => {
    const inventoryId = unique("PC-idem");
    const { first, second } = await twice(
      `mutation ($input: CreateDeviceInput!, $key: String) { createDevice(input: $input, idempotencyKey: $key) { ${DEVICE_FIELDS} } }`,
      { input: { inventoryId, kind: "LAPTOP", origin: "Don" }, key: unique("device") },
      as.coordinator,
    );
    expect(first.__typename).toBe("Device");
    // Without the key, the second request would be refused as a duplicate inventory number.
    expect(second).toEqual(first);
    expect(await count(`device WHERE inventory_id = $1`, [inventoryId])).toBe(1);
  });

  it("createAllocation", async () => {
    const A = sender;
    const wave = await newWave(t, as.coordinator);
    const device = await newDevice(t, as.coordinator);
    const { first, second } = await twice(
      `mutation ($input: CreateAllocationInput!, $key: String) { createAllocation(input: $input, idempotencyKey: $key) { ${ALLOCATION_FIELDS} } }`,
      { input: allocationInput(A, device.id, wave.id), key: unique("loan") },
      as.staffA,
    );
    expect(first.__typename).toBe("Allocation");
    // Without the key, the device would now be ALLOCATED and the retry refused.
    expect(second.__typename).toBe("Allocation");
    expect(second.id).toBe(first.id);
    expect(await count(`allocation WHERE device_id = $1`, [device.id])).toBe(1);
  });

  it("issuePassBooklet", async () => {
    const { first, second } = await twice(
      `mutation ($input: IssuePassBookletInput!, $key: String) { issuePassBooklet(input: $input, idempotencyKey: $key) { ${BOOKLET_FIELDS} } }`,
      {
        input: {
          issuerStructureId: sender,
          districtCode: "nantes-nord",
          ticketCount: 3,
          ticketValueCents: 1000,
        },
        key: unique("booklet"),
      },
      as.staffA,
    );
    expect(first.__typename).toBe("PassBooklet");
    expect(second).toEqual(first);
    expect(await count(`pass_booklet WHERE id = $1`, [first.id])).toBe(1);
    expect(await count(`pass_ticket WHERE booklet_id = $1`, [first.id])).toBe(3);
  });
});
