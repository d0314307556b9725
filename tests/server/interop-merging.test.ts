import { loginAs } from "./support/identity";
import { startTestApp, type TestApp } from "./support/test-app";
import { importFile } from "./interop-helpers";

/*
 * Merging duplicates on import: the same place in the national CSV and in data·inclusion is one
 * structure with two sources (by SIRET, or by name and address); a re-import changes nothing; a
 * doubtful pair waits among the possible duplicates, and merging it moves everything.
 */

let t: TestApp;
let cookie: string;
const sql = (query: string, params: unknown[] = []) =>
  t.database.db.dataSource.query(query, params) as Promise<any[]>;

const LMN_HEADER = "id,pivot,nom,commune,code_postal,adresse,latitude,longitude,services,date_maj";
const LMN = [
  LMN_HEADER,
  // Same SIRET as dora--m1, another wording of the name.
  `lmn-1,88123456000012,Espace numérique de la Haluchère,Nantes,44300,15 rue de la Haluchère,47.2303,-1.5186,Loisirs et créations numériques,2025-01-10`,
  // The city's SIRET for its library (as the national files do): found by name and address.
  `lmn-2,88234567000013,Médiathèque Paul-Éluard,Nantes,44300,2 place Paul Éluard,47.2351,-1.5201,,2025-01-10`,
  // Far from everything in the other file.
  `lmn-3,88345678000013,Atelier du Breil,Nantes,44300,4 rue du Breil,47.2410,-1.5710,,2025-01-10`,
].join("\n");

const diStructure = (id: string, fields: Record<string, unknown>) => ({
  id,
  source: "dora",
  commune: "Nantes",
  code_postal: "44300",
  date_maj: "2025-02-14",
  ...fields,
});
const DI = JSON.stringify([
  diStructure("dora--m1", {
    nom: "Espace Numérique Haluchère",
    siret: "88123456000012",
    adresse: "15 rue de la Haluchère",
    latitude: 47.2304,
    longitude: -1.5187,
    telephone: "02 40 00 09 01",
  }),
  diStructure("dora--m2", {
    nom: "Mediatheque Paul Eluard",
    siret: "88456789000014",
    adresse: "2 place Paul Eluard",
    latitude: 47.23512,
    longitude: -1.52011,
  }),
  // Close in name, neither location nor street: doubtful.
  diStructure("dora--m3", { nom: "Atelier numérique du Breil", siret: "88456789000014" }),
]);

const importLmn = () => importFile(t, cookie, { content: LMN });
const importDi = () => importFile(t, cookie, { format: "DATA_INCLUSION", content: DI });

const structureOf = async (source: string, ref: string) =>
  (
    await sql(
      `SELECT s.* FROM structure_source ss JOIN structure s ON s.id = ss.structure_id
        WHERE ss.source = $1 AND ss.source_ref = $2`,
      [source, ref],
    )
  )[0];
const sourcesOf = async (id: string) =>
  (
    await sql(
      `SELECT source || ':' || source_ref AS s FROM structure_source WHERE structure_id = $1 ORDER BY 1`,
      [id],
    )
  ).map((r) => r.s);
const counts = async () =>
  (
    await sql(`SELECT (SELECT count(*)::int FROM structure) AS structures,
                      (SELECT count(*)::int FROM structure_source) AS sources,
                      (SELECT count(*)::int FROM possible_duplicate) AS pairs,
                      (SELECT count(*)::int FROM service_offer) AS offers,
                      (SELECT max(updated_at) FROM structure) AS touched`)
  )[0];

const DUPLICATES = `query ($status: PossibleDuplicateStatus) {
  possibleDuplicates(status: $status) {
    id score reasons source status decidedAt
    first { structure { id name } sources { source recordId } referralCount offerCount memberCount }
    second { structure { id name } sources { source recordId } referralCount offerCount memberCount }
  }
}`;
const MERGE = `mutation ($k: ID!, $m: ID!) {
  mergeStructures(keepId: $k, mergeId: $m) {
    __typename
    ... on StructureMerge { mergedId referrals referralsBetween offers memberships sources programmeLinks filledFields structure { id phone } }
    ... on ValidationError { fields { path code message } }
    ... on ErrorResult { errorCode }
  }
}`;
const DISMISS = `mutation ($id: ID!) {
  dismissPossibleDuplicate(id: $id) {
    __typename
    ... on PossibleDuplicate { status decidedAt }
    ... on ValidationError { fields { path code } }
    ... on ErrorResult { errorCode }
  }
}`;
const gql = async (query: string, variables: Record<string, unknown> = {}) => {
  const res = await t.gql(query, variables, { cookie });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as any;
};

let lmnReport: any;
let diReport: any;

beforeAll(async () => {
  t = await startTestApp({ seed: "demo" });
  cookie = await loginAs(t, "coordination@maillage.test");
  lmnReport = await importLmn();
  diReport = await importDi();
});
afterAll(() => t?.stop());

describe("the same place in both files", () => {
  it("is one structure with two sources, found by SIRET or by name and address", async () => {
    expect(lmnReport).toMatchObject({ committed: true, created: 3, merged: 0 });
    expect(diReport).toMatchObject({
      committed: true,
      records: 3,
      created: 1,
      updated: 2,
      merged: 2,
      possibleDuplicates: 1,
    });
    const bySiret = await structureOf("lieux-mediation-numerique", "lmn-1");
    expect((await structureOf("data-inclusion", "dora--m1")).id).toBe(bySiret.id);
    expect(await sourcesOf(bySiret.id)).toEqual([
      "data-inclusion:dora--m1",
      "lieux-mediation-numerique:lmn-1",
    ]);
    // The later file's values apply; a field it does not give stays.
    expect(bySiret).toMatchObject({ name: "Espace Numérique Haluchère", phone: "+33240000901" });

    const bySimilarity = await structureOf("lieux-mediation-numerique", "lmn-2");
    expect((await structureOf("data-inclusion", "dora--m2")).id).toBe(bySimilarity.id);
    expect(diReport.issues.map((i: any) => [i.recordId, i.code])).toEqual(
      expect.arrayContaining([["dora--m2", "MATCHED_BY_SIMILARITY"]]),
    );
  });

  it("keeps the structure's offers: the national file's stay with it", async () => {
    const structure = await structureOf("data-inclusion", "dora--m1");
    const offers = await sql(`SELECT category FROM service_offer WHERE structure_id = $1`, [
      structure.id,
    ]);
    expect(offers.map((o) => o.category)).toEqual(["DIGITAL_LEISURE"]);
  });

  it("imports again without changing anything, from either file", async () => {
    const before = await counts();
    const again = [await importLmn(), await importDi()];
    expect(again[0]).toMatchObject({ created: 0, updated: 0, merged: 0, possibleDuplicates: 0 });
    expect(again[1]).toMatchObject({ created: 0, updated: 0, merged: 0, possibleDuplicates: 0 });
    expect(again[0].unchanged + again[1].unchanged).toBe(6);
    expect(await counts()).toEqual(before);
  });
});

describe("a doubtful pair", () => {
  let pair: any;
  let keepId: string;
  let mergeId: string;

  beforeAll(async () => {
    const { possibleDuplicates } = await gql(DUPLICATES);
    pair = possibleDuplicates.find((p: any) =>
      [p.first, p.second].some((s: any) => s.sources.some((r: any) => r.recordId === "dora--m3")),
    );
    const sides = [pair.first, pair.second];
    keepId = sides.find((s: any) => s.sources[0].recordId === "lmn-3").structure.id;
    mergeId = sides.find((s: any) => s.sources[0].recordId === "dora--m3").structure.id;
  });

  it("is listed for coordinators, with why", () => {
    expect(pair).toMatchObject({ status: "OPEN", source: "data-inclusion", decidedAt: null });
    expect(pair.score).toBeGreaterThanOrEqual(0.5);
    expect(pair.score).toBeLessThan(0.8);
    expect(pair.reasons[0]).toMatch(/^nom semblable à \d+ %$/);
  });

  it("refuses bad merges with a typed error and changes nothing", async () => {
    const [archived] = await sql(
      `INSERT INTO structure (name, kind, pivot, archived_at) VALUES ('Ancienne', 'OTHER', 'W442000009', now()) RETURNING id`,
    );
    const before = await counts();
    const same = await gql(MERGE, { k: keepId, m: keepId });
    expect(same.mergeStructures.fields).toEqual([
      expect.objectContaining({ path: "mergeId", code: "SAME_STRUCTURE" }),
    ]);
    const unknown = await gql(MERGE, { k: keepId, m: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.mergeStructures).toEqual({
      __typename: "NotFoundError",
      errorCode: "NOT_FOUND",
    });
    const intoArchived = await gql(MERGE, { k: archived.id, m: mergeId });
    expect(intoArchived.mergeStructures.fields[0]).toMatchObject({
      path: "keepId",
      code: "ARCHIVED",
    });
    const res = await t.gql(MERGE, { k: "not-a-uuid", m: mergeId }, { cookie });
    expect(res.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(await counts()).toEqual(before);
  });

  it("rolls everything back when the database fails midway through a merge", async () => {
    const [user] = await sql(
      `SELECT id FROM app_user WHERE email = 'benevole@recup-ordi.maillage.test'`,
    );
    await sql(`INSERT INTO membership (user_id, structure_id, role) VALUES ($1, $2, 'STAFF')`, [
      user.id,
      mergeId,
    ]);
    const state = () =>
      sql(
        `SELECT (SELECT count(*)::int FROM membership WHERE structure_id = $1) AS members,
                (SELECT count(*)::int FROM structure_source WHERE structure_id = $1) AS sources,
                (SELECT archived_at FROM structure WHERE id = $1) AS archived,
                (SELECT status FROM possible_duplicate WHERE first_id = least($1::uuid, $2::uuid) AND second_id = greatest($1::uuid, $2::uuid)) AS status`,
        [mergeId, keepId],
      );
    const before = await state();
    // The last statement of a merge (marking the pair) fails, as a lost connection would.
    await sql(`CREATE FUNCTION fail_merge() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN RAISE EXCEPTION 'database failure'; END $$`);
    await sql(
      `CREATE TRIGGER fail_merge BEFORE UPDATE ON possible_duplicate FOR EACH ROW EXECUTE FUNCTION fail_merge()`,
    );
    try {
      const res = await t.gql(MERGE, { k: keepId, m: mergeId }, { cookie });
      expect(res.errors?.[0].extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    } finally {
      await sql(`DROP TRIGGER fail_merge ON possible_duplicate`);
      await sql(`DROP FUNCTION fail_merge`);
    }
    expect(await state()).toEqual(before);
    await sql(`DELETE FROM membership WHERE structure_id = $1 AND user_id = $2`, [
      mergeId,
      user.id,
    ]);
  });

  it("merges: referrals both ways, offers, members, sources move; the absorbed one is archived", async () => {
    const [other] = await sql(`SELECT id FROM structure WHERE source = 'demo' LIMIT 1`);
    const referral = (from: string, to: string) =>
      sql(
        `INSERT INTO referral (status, need, sender_structure_id, receiver_structure_id, resident_first_name, resident_contact_channel,
                               resident_contact_value, consent_given_at, consent_wording_version, expires_at, reminder_due_at)
         VALUES ('PENDING', 'DIGITAL_CULTURE', $1, $2, 'X', 'PHONE', '+33600000000', now(), '2026-11', now() + interval '13 days', now() + interval '5 days')
         RETURNING id`,
        [from, to],
      );
    const [sent] = await referral(mergeId, other.id);
    const [received] = await referral(other.id, mergeId);
    const [between] = await referral(keepId, mergeId);
    await sql(
      `INSERT INTO service_offer (structure_id, title, category) VALUES ($1, 'Atelier smartphone', 'DIGITAL_LEISURE')`,
      [mergeId],
    );
    const [user] = await sql(
      `SELECT id FROM app_user WHERE email = 'mediation@ccas.maillage.test'`,
    );
    await sql(`INSERT INTO membership (user_id, structure_id, role) VALUES ($1, $2, 'STAFF')`, [
      user.id,
      mergeId,
    ]);

    const { possibleDuplicates } = await gql(DUPLICATES);
    const listed = possibleDuplicates.find((p: any) => p.id === pair.id);
    const absorbedSide = [listed.first, listed.second].find((s: any) => s.structure.id === mergeId);
    expect(absorbedSide).toMatchObject({ referralCount: 3, offerCount: 1, memberCount: 1 });

    const { mergeStructures: merge } = await gql(MERGE, { k: keepId, m: mergeId });
    expect(merge).toMatchObject({
      __typename: "StructureMerge",
      mergedId: mergeId,
      referrals: 2,
      referralsBetween: 1,
      offers: 1,
      memberships: 1,
      sources: 1,
    });
    const ends = async (id: string) =>
      (
        await sql(
          `SELECT sender_structure_id AS s, receiver_structure_id AS r FROM referral WHERE id = $1`,
          [id],
        )
      )[0];
    expect(await ends(sent.id)).toEqual({ s: keepId, r: other.id });
    expect(await ends(received.id)).toEqual({ s: other.id, r: keepId });
    expect(await ends(between.id)).toEqual({ s: keepId, r: mergeId });
    expect(
      (
        await sql(`SELECT title FROM service_offer WHERE structure_id = $1 ORDER BY title`, [
          keepId,
        ])
      ).map((o) => o.title),
    ).toEqual(["Atelier smartphone"]);
    expect(
      await sql(`SELECT 1 FROM membership WHERE structure_id = $1 AND user_id = $2`, [
        keepId,
        user.id,
      ]),
    ).toHaveLength(1);
    expect(await sourcesOf(keepId)).toEqual([
      "data-inclusion:dora--m3",
      "lieux-mediation-numerique:lmn-3",
    ]);
    const [absorbed] = await sql(
      `SELECT archived_at, merged_into_id FROM structure WHERE id = $1`,
      [mergeId],
    );
    expect(absorbed.archived_at).not.toBeNull();
    expect(absorbed.merged_into_id).toBe(keepId);
    expect(
      (await gql(DUPLICATES, { status: "MERGED" })).possibleDuplicates.map((p: any) => p.id),
    ).toEqual([pair.id]);
    const trail = await sql(
      `SELECT structure_id FROM audit_entry WHERE action = 'structure.merged' ORDER BY id`,
    );
    expect(trail.map((r) => r.structure_id)).toEqual([keepId, mergeId]);

    // The record of the absorbed structure now updates the kept one.
    const again = await importDi();
    expect(again).toMatchObject({ created: 0, merged: 0, possibleDuplicates: 0 });
    expect((await structureOf("data-inclusion", "dora--m3")).id).toBe(keepId);

    const twice = await gql(MERGE, { k: keepId, m: mergeId });
    expect(twice.mergeStructures.fields[0]).toMatchObject({ path: "mergeId", code: "ARCHIVED" });
  });

  it("can be dismissed once, and is not proposed again", async () => {
    const [a] = await sql(
      `INSERT INTO structure (name, kind, pivot, postal_code) VALUES ('Cyber-base des Dervallières', 'OTHER', 'W442000010', '44100') RETURNING id`,
    );
    const dismissCsv = [
      LMN_HEADER,
      `lmn-9,88345678000013,Cyberbase Dervallières,Nantes,44100,1 rue Louis le Nain,,,,2025-01-10`,
    ].join("\n");
    const report = await importFile(t, cookie, { content: dismissCsv });
    expect(report).toMatchObject({ created: 1, possibleDuplicates: 1 });
    const { possibleDuplicates } = await gql(DUPLICATES);
    const open = possibleDuplicates.find((p: any) =>
      [p.first.structure.id, p.second.structure.id].includes(a.id),
    );
    const { dismissPossibleDuplicate: dismissed } = await gql(DISMISS, { id: open.id });
    expect(dismissed.status).toBe("DISMISSED");
    expect(dismissed.decidedAt).not.toBeNull();
    const again = await gql(DISMISS, { id: open.id });
    expect(again.dismissPossibleDuplicate.fields).toEqual([
      { path: "id", code: "ALREADY_DECIDED" },
    ]);
    expect((await importFile(t, cookie, { content: dismissCsv })).possibleDuplicates).toBe(0);
    expect(
      (await sql(`SELECT status FROM possible_duplicate WHERE id = $1`, [open.id]))[0].status,
    ).toBe("DISMISSED");
  });
});
