import { addStructure } from "./support/directory-fixtures";
import { startTestApp, type TestApp } from "./support/test-app";
import { loginAs } from "./support/identity";

let t: TestApp;
let cookie: string;
const ids: Record<string, string> = {};
const ROYALE = { lat: 47.2184, lon: -1.5536 };

const SUGGEST = `query Suggest($need: ServiceCategory!, $from: SuggestionOrigin!, $publics: [Public!], $freeOnly: Boolean, $pass: Boolean, $when: DateTimeISO) {
  suggestStructures(need: $need, from: $from, publics: $publics, freeOnly: $freeOnly, passNumerique: $pass, when: $when, first: 10) {
    score distanceMeters structure { id name } offer { title fees }
    why { factor value weight points explanation }
  } }`;

beforeAll(async () => {
  t = await startTestApp({ seed: "demo" });
  const ds = t.database.db.dataSource;
  // A clean neighbourhood for this need: the demo network's own offers of it are suspended.
  await ds.query(`UPDATE service_offer SET active = false WHERE category = 'DIGITAL_CULTURE'`);
  const add = async (key: string, f: Parameters<typeof addStructure>[1]) => {
    ids[key] = (await addStructure(ds, f)).id;
  };
  const weekdays = "Mo-Fr 09:00-17:00";
  await add("near", {
    name: "A — tout près",
    lat: 47.2184,
    lon: -1.5496, // ~300 m east of Place Royale, centre-ville
    openingHours: weekdays,
    offers: [{ title: "Culture numérique A", category: "DIGITAL_CULTURE", fees: ["FREE"] }],
  });
  await add("busy", {
    name: "C — débordé",
    lat: 47.2184,
    lon: -1.547, // ~500 m
    openingHours: weekdays,
    offers: [{ title: "Culture numérique C", category: "DIGITAL_CULTURE", fees: ["FREE"] }],
  });
  await ds.query(`UPDATE service_offer SET capacity_per_week = 5 WHERE structure_id = $1`, [
    ids.busy,
  ]);
  await add("far", {
    name: "B — loin et payant",
    lat: 47.2303,
    lon: -1.5186, // ~3 km, Doulon - Bottière
    openingHours: weekdays,
    passNumerique: true,
    offers: [
      {
        title: "Culture numérique B",
        category: "DIGITAL_CULTURE",
        fees: ["PAID", "PASS_NUMERIQUE"],
      },
    ],
  });
  await add("other", {
    name: "D — autre besoin",
    ...ROYALE,
    offers: [{ title: "Matériel", category: "AFFORDABLE_EQUIPMENT", fees: ["FREE"] }],
  });
  // C's history: 5 open referrals this week for the need, 4 declined in the last 90 days.
  const [sender] = await ds.query(`SELECT id FROM structure WHERE source = 'demo' LIMIT 1`);
  for (let i = 0; i < 9; i++) {
    const declined = i < 4;
    await ds.query(
      `INSERT INTO referral (status, need, sender_structure_id, receiver_structure_id, resident_first_name, resident_contact_channel,
                             resident_contact_value, consent_given_at, consent_wording_version, created_at, answered_at,
                             expires_at, reminder_due_at)
       VALUES ($1, 'DIGITAL_CULTURE', $2, $3, 'X', 'PHONE', '+33600000000', now(), '2026-11', now() - interval '2 days',
               CASE WHEN $4 THEN now() - interval '2 days' + interval '1 hour' END, now() + interval '13 days', now() + interval '5 days')`,
      [declined ? "DECLINED" : "PENDING", sender.id, ids.busy, declined],
    );
  }
  cookie = await loginAs(t, "mediation@ccas.maillage.test");
});
afterAll(() => t?.stop());

async function suggest(vars: Record<string, unknown>) {
  const res = await t.gql(
    SUGGEST,
    { need: "DIGITAL_CULTURE", from: ROYALE, when: "2026-11-26T10:00:00Z", ...vars },
    { cookie },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.suggestStructures as any[];
}

describe("suggestStructures", () => {
  it("ranks near, free and available first; the busy one with poor history after; far and paid last", async () => {
    const list = await suggest({});
    expect(list.map((s) => s.structure.name)).toEqual([
      "A — tout près",
      "C — débordé",
      "B — loin et payant",
    ]);
    expect(list[0].score).toBeGreaterThan(list[1].score);
    expect(list[1].score).toBeGreaterThan(list[2].score);
  });

  it("explains every score: nine components whose points add up to it", async () => {
    const [a, c, b] = await suggest({});
    for (const s of [a, b, c]) {
      expect(s.why.map((w: any) => w.factor)).toEqual([
        "NEED_MATCH",
        "DISTANCE",
        "SAME_DISTRICT",
        "OPEN_SOON",
        "FEES",
        "PASS_NUMERIQUE",
        "LOAD",
        "ACCEPTANCE_RATE",
        "RESPONSIVENESS",
      ]);
      expect(s.why.reduce((sum: number, w: any) => sum + w.points, 0)).toBeCloseTo(s.score, 9);
      expect(s.why.reduce((sum: number, w: any) => sum + w.weight, 0)).toBeCloseTo(1, 9);
    }
    const factor = (s: any, f: string) => s.why.find((w: any) => w.factor === f);
    expect(factor(c, "LOAD")).toMatchObject({ value: 0 });
    expect(factor(c, "LOAD").explanation).toMatch(/5 orientation\(s\) en cours pour 5 places/);
    expect(factor(c, "ACCEPTANCE_RATE")).toMatchObject({ value: 0 });
    expect(factor(a, "ACCEPTANCE_RATE")).toMatchObject({
      value: 0.5,
      explanation: "pas assez d'historique",
    });
    expect(factor(a, "SAME_DISTRICT").value).toBe(0); // from a point, not a district
    expect(factor(b, "FEES")).toMatchObject({
      value: 0.6,
      explanation: "payable en Pass numérique",
    });
    expect(factor(b, "PASS_NUMERIQUE").value).toBe(1);
    expect(factor(a, "OPEN_SOON").value).toBe(1);
    expect(b.distanceMeters).toBeGreaterThan(2500);
    expect(b.distanceMeters).toBeLessThan(3500);
  });

  it("applies freeOnly and passNumerique", async () => {
    expect((await suggest({ freeOnly: true })).map((s) => s.structure.name)).toEqual([
      "A — tout près",
      "C — débordé",
    ]);
    expect((await suggest({ pass: true })).map((s) => s.structure.name)).toEqual([
      "B — loin et payant",
    ]);
  });

  it("starts from a district: its own structures earn the same-district points", async () => {
    const list = await suggest({ from: { districtCode: "doulon-bottiere" } });
    const b = list.find((s) => s.structure.name === "B — loin et payant");
    expect(b.why.find((w: any) => w.factor === "SAME_DISTRICT").value).toBe(1);
    expect(list[0].structure.name).toBe("B — loin et payant");
  });

  it("reaches the edge of the 20 km radius, and no further", async () => {
    const ds = t.database.db.dataSource;
    await ds.query(`UPDATE service_offer SET active = false WHERE category = 'SAFE_DIGITAL_USE'`);
    // On the sphere of geo_distance_m: 19.99 km due north and due east of Place Royale, 20.01 km south.
    const R = 6_371_008.8;
    const deg = 180 / Math.PI;
    const north = (m: number) => ROYALE.lat + (m / R) * deg;
    const east = (m: number) =>
      ROYALE.lon + 2 * Math.asin(Math.sin(m / (2 * R)) / Math.cos(ROYALE.lat / deg)) * deg;
    const offers = [
      { title: "Sécurité", category: "SAFE_DIGITAL_USE" as const, fees: ["FREE" as const] },
    ];
    await addStructure(ds, { name: "Nord limite", lat: north(19_990), lon: ROYALE.lon, offers });
    await addStructure(ds, { name: "Est limite", lat: ROYALE.lat, lon: east(19_990), offers });
    await addStructure(ds, { name: "Sud trop loin", lat: north(-20_010), lon: ROYALE.lon, offers });
    const list = await suggest({ need: "SAFE_DIGITAL_USE" });
    expect(list.map((x) => x.structure.name).sort()).toEqual(["Est limite", "Nord limite"]);
    for (const x of list) expect(x.distanceMeters).toBeCloseTo(19_990, 0);
  });

  it("keeps, of a structure's offers that score the same, the first by title", async () => {
    const ds = t.database.db.dataSource;
    await ds.query(`UPDATE service_offer SET active = false WHERE category = 'DIGITAL_PARENTING'`);
    const offer = (title: string) => ({
      title,
      category: "DIGITAL_PARENTING" as const,
      fees: ["FREE" as const],
    });
    await addStructure(ds, {
      name: "Parents connectés",
      lat: 47.2184,
      lon: -1.5496,
      offers: [
        offer("Zéro écran avant 3 ans"),
        offer("Accompagner les ados"),
        offer("Monter son blog"),
      ],
    });
    const [first, ...rest] = await suggest({ need: "DIGITAL_PARENTING" });
    expect(rest).toEqual([]);
    expect(first.offer.title).toBe("Accompagner les ados");
  });

  it("refuses a bad origin and needs a signed-in caller", async () => {
    for (const from of [
      {},
      { districtCode: "atlantis" },
      { lat: 95, lon: 0 },
      { districtCode: "centre-ville", lat: 47, lon: -1 },
    ]) {
      const res = await t.gql(SUGGEST, { need: "DIGITAL_CULTURE", from }, { cookie });
      expect(res.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
    }
    const anonymous = await t.gql(SUGGEST, { need: "DIGITAL_CULTURE", from: ROYALE });
    expect(anonymous.errors![0].extensions!.code).toBe("UNAUTHENTICATED");
  });
});
