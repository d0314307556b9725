import fs from "node:fs";
import path from "node:path";
import { loginAs } from "./support/identity";
import { startTestApp, type TestApp } from "./support/test-app";
import {
  fixture,
  importFile,
  lmnSchema,
  parseCsv,
  STANDARDS,
  tableSchemaErrors,
  upload,
} from "./interop-helpers";

/*
 * The national standard "lieux de médiation numérique": import (dry run, mapping, districts,
 * idempotence, updates, matching by pivot, archived structures), the CSV export and its round
 * trip, and the upload route the web client uses.
 */

let t: TestApp;
const as: Record<string, string> = {};
const sql = (query: string, params: unknown[] = []) =>
  t.database.db.dataSource.query(query, params) as Promise<any[]>;

const EXAMPLE = fs.readFileSync(
  path.join(STANDARDS, "lieux-mediation-numerique.example.csv"),
  "utf8",
);
const NANTES = fixture("lmn-nantes.csv");

async function exportCsv() {
  const res = await fetch(`${t.url}/exports/lieux-mediation-numerique.csv`);
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    cors: res.headers.get("access-control-allow-origin"),
    text: await res.text(),
  };
}

const byRef = async (ref: string) =>
  (
    await sql(
      `SELECT s.*, (SELECT count(*) FROM structure_opening_interval i WHERE i.structure_id = s.id)::int AS intervals
         FROM structure s WHERE source = 'lieux-mediation-numerique' AND source_ref = $1`,
      [ref],
    )
  )[0];
const offersOf = (id: string) =>
  sql(`SELECT * FROM service_offer WHERE structure_id = $1 ORDER BY category`, [id]);

beforeAll(async () => {
  t = await startTestApp({ seed: "demo" });
  as.coordinator = await loginAs(t, "coordination@maillage.test");
  as.admin = await loginAs(t, "admin@maillage.test");
  as.manager = await loginAs(t, "direction@ccas.maillage.test");
});
afterAll(() => t?.stop());

describe("the national standard's example", () => {
  it("imports and exports again as the same record", async () => {
    const report = await importFile(t, as.coordinator, { content: EXAMPLE });
    expect(report).toMatchObject({ committed: true, records: 1, created: 1, rejected: 0 });
    expect(report.offersCreated).toBe(3);
    expect(report.outsideDistrictsCount).toBe(1); // its coordinates are near Aix-en-Provence

    const exported = await exportCsv();
    expect(exported.status).toBe(200);
    expect(exported.type).toMatch(/^text\/csv/);
    expect(exported.cors).toBe("*");
    const [original] = parseCsv(EXAMPLE);
    const again = parseCsv(exported.text).find((r) => r.id === original.id);
    expect(again).toEqual(original);
  });

  it("is exported in a CSV every row of which is valid against the standard's schema", async () => {
    const { text } = await exportCsv();
    expect(Object.keys(parseCsv(text)[0])).toEqual(lmnSchema.fields.map((f) => f.name));
    const records = parseCsv(text);
    expect(records.length).toBeGreaterThan(20); // the demo network and the example
    const invalid = records
      .map((r) => ({ id: r.id, errors: tableSchemaErrors(r) }))
      .filter((r) => r.errors.length > 0);
    expect(invalid).toEqual([]);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
  });
});

describe("importing a city's file", () => {
  it("in a dry run, reports what it would do and writes nothing", async () => {
    const [before] = await sql(
      `SELECT (SELECT count(*) FROM structure)::int AS s, (SELECT count(*) FROM service_offer)::int AS o,
              (SELECT count(*) FROM audit_entry)::int AS a`,
    );
    const report = await importFile(t, as.admin, { content: NANTES, dryRun: true });
    expect(report).toMatchObject({
      dryRun: true,
      committed: false,
      records: 4,
      created: 4,
      rejected: 0,
      offersCreated: 6,
      withoutLocationCount: 1,
    });
    const [after] = await sql(
      `SELECT (SELECT count(*) FROM structure)::int AS s, (SELECT count(*) FROM service_offer)::int AS o,
              (SELECT count(*) FROM audit_entry)::int AS a`,
    );
    expect(after).toEqual(before);
  });

  it("creates one structure per row, one offer per service, with districts and opening hours", async () => {
    const report = await importFile(t, as.coordinator, { content: NANTES });
    expect(report).toMatchObject({
      committed: true,
      created: 4,
      updated: 0,
      rejected: 0,
      outsideDistrictsCount: 0,
    });
    expect(report.withoutLocation).toEqual([
      { line: 4, recordId: "nantes-3", name: "Association Clic Solidaire" },
    ]);

    const bouffay = await byRef("nantes-1");
    expect(bouffay).toMatchObject({
      name: "Espace numérique du Bouffay",
      kind: "PUBLIC_DIGITAL_SPACE",
      pivot: "79456100099118",
      district_code: "centre-ville",
      phone: "+33240419000",
      opening_hours: "Tu-Sa 10:00-18:00",
      programmes: ["AIDANTS_CONNECT"],
      specific_supports: ["DEAFNESS"],
      version: 1,
    });
    expect(bouffay.intervals).toBe(5);
    const offers = await offersOf(bouffay.id);
    expect(
      offers.map((o) => [
        o.category,
        o.title,
        o.source_ref,
        o.fees,
        o.access_modes,
        o.support_modes,
      ]),
    ).toEqual([
      [
        "ADMINISTRATIVE_PROCEDURES",
        "Aide aux démarches administratives",
        "lmn:ADMINISTRATIVE_PROCEDURES",
        ["FREE"],
        ["WALK_IN", "PHONE"],
        ["INDIVIDUAL", "AUTONOMY"],
      ],
      [
        "INTERNET_AND_EQUIPMENT_ACCESS",
        "Accès internet et matériel informatique",
        "lmn:INTERNET_AND_EQUIPMENT_ACCESS",
        ["FREE"],
        ["WALK_IN", "PHONE"],
        ["INDIVIDUAL", "AUTONOMY"],
      ],
    ]);

    const doulon = await byRef("nantes-2");
    expect(doulon).toMatchObject({ kind: "SOCIAL_CENTRE", district_code: "doulon-bottiere" });
    expect((await offersOf(doulon.id))[0]).toMatchObject({
      category: "EVERYDAY_DIGITAL_TOOLS",
      publics: ["SENIORS", "FAMILIES"],
      fees: ["FREE_UNDER_CONDITION"],
    });

    const clic = await byRef("nantes-3");
    expect(clic).toMatchObject({ latitude: null, district_code: null, kind: "ASSOCIATION" });

    // `;` between values, as older files write them.
    const bus = await byRef("nantes-4");
    expect(bus).toMatchObject({
      kind: "THIRD_PLACE",
      mobility: ["MOBILE"],
      district_code: "dervallieres-zola",
    });
    expect(bus.description).toBe(
      "Un bus équipé qui passe dans les quartiers.\nPermanences le mercredi.",
    );
    expect((await offersOf(bus.id)).map((o) => [o.category, o.publics])).toEqual([
      ["DIGITAL_CULTURE", ["YOUTH", "STUDENTS"]],
      ["DIGITAL_LEISURE", ["YOUTH", "STUDENTS"]],
    ]);

    const [trail] = await sql(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'structure.created' AND details->>'import' = 'LIEUX_MEDIATION_NUMERIQUE'`,
    );
    expect(trail.n).toBe(5); // the example and these four
  });

  it("changes nothing when the same file is imported again", async () => {
    const versions = await sql(
      `SELECT id, version, updated_at FROM structure WHERE source = 'lieux-mediation-numerique' ORDER BY id`,
    );
    const [audits] = await sql(`SELECT count(*)::int AS n FROM audit_entry`);
    const report = await importFile(t, as.coordinator, { content: NANTES });
    expect(report).toMatchObject({
      committed: true,
      created: 0,
      updated: 0,
      unchanged: 4,
      offersCreated: 0,
      offersUpdated: 0,
      offersDeactivated: 0,
    });
    expect(
      await sql(
        `SELECT id, version, updated_at FROM structure WHERE source = 'lieux-mediation-numerique' ORDER BY id`,
      ),
    ).toEqual(versions);
    const [after] = await sql(`SELECT count(*)::int AS n FROM audit_entry`);
    expect(after.n).toBe(audits.n + 1); // the import itself
  });

  it("updates what changed: fields, versions, offers no longer listed", async () => {
    const changed = NANTES.replace(
      "Centre social de Doulon",
      "Centre socioculturel de Doulon",
    ).replace(
      "Aide aux démarches administratives|Accès internet et matériel informatique",
      "Aide aux démarches administratives",
    );
    const report = await importFile(t, as.coordinator, { content: changed });
    expect(report).toMatchObject({ updated: 2, unchanged: 2, offersDeactivated: 1 });
    expect(report.updatedRecords).toEqual([
      { line: 2, recordId: "nantes-1", name: "Espace numérique du Bouffay", fields: ["offers"] },
      { line: 3, recordId: "nantes-2", name: "Centre socioculturel de Doulon", fields: ["name"] },
    ]);
    const doulon = await byRef("nantes-2");
    expect(doulon).toMatchObject({ name: "Centre socioculturel de Doulon", version: 2 });
    const bouffay = await byRef("nantes-1");
    expect(bouffay.version).toBe(1); // its own fields did not change, one of its offers did
    expect((await offersOf(bouffay.id)).map((o) => [o.category, o.active])).toEqual([
      ["ADMINISTRATIVE_PROCEDURES", true],
      ["INTERNET_AND_EQUIPMENT_ACCESS", false],
    ]);
    const exported = parseCsv((await exportCsv()).text).find((r) => r.id === "nantes-1")!;
    expect(exported.services).toBe("Aide aux démarches administratives");
  });

  it("exports the producer's date until the structure changes in Maillage", async () => {
    const doulon = await byRef("nantes-2");
    const edit = await t.gql(
      `mutation ($id: ID!, $v: Int!) { updateStructure(id: $id, expectedVersion: $v, input: { summary: "Ateliers numériques" }) { __typename } }`,
      { id: doulon.id, v: doulon.version },
      { cookie: as.coordinator },
    );
    expect(edit.data!.updateStructure.__typename).toBe("Structure");
    const rows = parseCsv((await exportCsv()).text);
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());
    expect(rows.find((r) => r.id === "nantes-2")!.date_maj).toBe(today);
    expect(rows.find((r) => r.id === "nantes-3")!.date_maj).toBe("2025-09-01");
  });

  it("matches a structure entered by hand by its SIRET and name rather than creating a copy", async () => {
    const create = await t.gql(
      `mutation ($input: CreateStructureInput!) { createStructure(input: $input) { __typename ... on Structure { id } } }`,
      {
        input: {
          name: "Médiathèque de la Manufacture",
          kind: "LIBRARY",
          pivot: "47774556730773",
          city: "Nantes",
        },
      },
      { cookie: as.coordinator },
    );
    const id = create.data!.createStructure.id;
    const row = NANTES.split("\n")
      .slice(0, 2)
      .join("\n")
      .replace(
        /"?nantes-1"?,79456100099118,Espace numérique du Bouffay/,
        "nantes-9,47774556730773,Médiathèque de la Manufacture",
      );
    const report = await importFile(t, as.coordinator, { content: `${row}\n` });
    expect(report).toMatchObject({ created: 0, updated: 1 });
    const [matched] = await sql(
      `SELECT source, source_ref, kind, version FROM structure WHERE id = $1`,
      [id],
    );
    expect(matched).toEqual({
      source: "lieux-mediation-numerique",
      source_ref: "nantes-9",
      kind: "PUBLIC_DIGITAL_SPACE",
      version: 2,
    });
  });

  it("leaves archived structures alone and out of the export", async () => {
    const clic = await byRef("nantes-3");
    const archive = await t.gql(
      `mutation ($id: ID!, $v: Int!) { archiveStructure(id: $id, expectedVersion: $v) { __typename } }`,
      { id: clic.id, v: clic.version },
      { cookie: as.coordinator },
    );
    expect(archive.data!.archiveStructure.__typename).toBe("Structure");
    const report = await importFile(t, as.coordinator, { content: NANTES });
    expect(report.skipped).toBe(1);
    expect(report.issues).toContainEqual(
      expect.objectContaining({ severity: "WARNING", recordId: "nantes-3", code: "ARCHIVED" }),
    );
    expect((await byRef("nantes-3")).archived_at).not.toBeNull();
    expect(parseCsv((await exportCsv()).text).map((r) => r.id)).not.toContain("nantes-3");
  });
});

describe("who may import", () => {
  it("refuses managers and anonymous callers", async () => {
    const variables = { format: "LIEUX_MEDIATION_NUMERIQUE", content: NANTES, dryRun: true };
    const query = `mutation ($format: ImportFormat!, $content: String, $dryRun: Boolean!) {
      importDirectory(format: $format, content: $content, dryRun: $dryRun) { __typename } }`;
    const manager = await t.gql(query, variables, { cookie: as.manager });
    expect(manager.errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
    const anonymous = await t.gql(query, variables);
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
  });

  it("needs exactly one of content and uploadId", async () => {
    const neither = await importFile(t, as.coordinator, {});
    expect(neither).toMatchObject({
      __typename: "ValidationError",
      fields: [{ path: "content", code: "REQUIRED" }],
    });
    const both = await importFile(t, as.coordinator, {
      content: NANTES,
      uploadId: "7b0d9f3e-8c51-4d5e-9b43-0f4f5b9c2a11",
    });
    expect(both).toMatchObject({
      __typename: "ValidationError",
      fields: [{ path: "uploadId", code: "INCOMPATIBLE" }],
    });
  });
});

describe("the upload route for the web client", () => {
  const csv = { "content-type": "text/csv" };

  it("refuses simple content types (CSRF), anonymous callers and managers", async () => {
    expect(
      (await upload(t, NANTES, { "content-type": "text/plain", cookie: as.coordinator })).status,
    ).toBe(415);
    expect(
      (
        await upload(t, NANTES, {
          "content-type": "application/x-www-form-urlencoded",
          cookie: as.coordinator,
        })
      ).status,
    ).toBe(415);
    expect((await upload(t, NANTES, csv)).status).toBe(401);
    const manager = await upload(t, NANTES, { ...csv, cookie: as.manager });
    expect(manager).toMatchObject({
      status: 403,
      body: { errors: [{ extensions: { code: "FORBIDDEN" } }] },
    });
  });

  it("refuses files over 20 MB", async () => {
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x41);
    const res = await upload(t, big, {
      "content-type": "application/octet-stream",
      cookie: as.coordinator,
    });
    expect(res.status).toBe(413);
  });

  it("keeps a file to preview, then import, for the person who sent it only", async () => {
    const sent = await upload(t, EXAMPLE, {
      ...csv,
      cookie: as.admin,
      "x-file-name": encodeURIComponent("lieux é.csv"),
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      uploadId: expect.any(String),
      size: Buffer.byteLength(EXAMPLE),
    });
    const { uploadId } = sent.body;

    const other = await importFile(t, as.coordinator, { uploadId, dryRun: true });
    expect(other).toMatchObject({ __typename: "NotFoundError", errorCode: "NOT_FOUND" });

    const preview = await importFile(t, as.admin, { uploadId, dryRun: true });
    expect(preview).toMatchObject({
      __typename: "ImportReport",
      dryRun: true,
      records: 1,
      unchanged: 1,
    });
    const done = await importFile(t, as.admin, { uploadId, dryRun: false });
    expect(done).toMatchObject({ committed: true, unchanged: 1 });
    // Imported for good: the file is forgotten.
    expect(await importFile(t, as.admin, { uploadId, dryRun: true })).toMatchObject({
      __typename: "NotFoundError",
    });
  });
});
