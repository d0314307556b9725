import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { loginAs } from "./support/identity";
import { startTestApp, type TestApp } from "./support/test-app";
import { fixture, importFile, STANDARDS, upload } from "./interop-helpers";

/*
 * data·inclusion v1: structures and services imported (thematiques mapped to our needs), and
 * both exports valid against the official JSON Schemas, checked with Ajv.
 */

let t: TestApp;
let cookie: string;
const sql = (query: string, params: unknown[] = []) =>
  t.database.db.dataSource.query(query, params) as Promise<any[]>;
const STRUCTURES = fixture("di-structures.json");
const SERVICES = fixture("di-services.json");

const schema = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(STANDARDS, "data-inclusion-v1", name), "utf8"));

const importDi = (content: string, dryRun = false) =>
  importFile(t, cookie, { format: "DATA_INCLUSION", content, dryRun });

const structure = async (ref: string) =>
  (
    await sql(`SELECT * FROM structure WHERE source = 'data-inclusion' AND source_ref = $1`, [ref])
  )[0];

beforeAll(async () => {
  t = await startTestApp({ seed: "demo" });
  cookie = await loginAs(t, "admin@maillage.test");
});
afterAll(() => t?.stop());

describe("importing data·inclusion structures", () => {
  let report: any;
  beforeAll(async () => {
    report = await importDi(STRUCTURES);
  });

  it("creates the valid ones and rejects the others with the schema's reasons", () => {
    expect(report).toMatchObject({ committed: true, records: 4, created: 2, rejected: 2 });
    expect(
      report.issues
        .filter((i: any) => i.severity === "ERROR")
        .map((i: any) => [i.line, i.recordId, i.column, i.code]),
    ).toEqual([
      [2, "dora--s2", "siret", "REQUIRED"],
      [4, "x--s4", "code_postal", "INVALID_FORMAT"],
    ]);
    expect(report.issues.find((i: any) => i.recordId === "x--s4").message).toBe(
      "Code postal invalide : 5 chiffres attendus.",
    );
  });

  it("maps the fields and the networks to kinds and programmes", async () => {
    expect(await structure("dora--s1")).toMatchObject({
      name: "Médiathèque Floresca Guépin",
      kind: "MUNICIPAL_SERVICE",
      pivot: "52308428133270",
      phone: "+33240419595",
      emails: ["floresca@exemple-nantes.fr"],
      websites: ["https://exemple-nantes.fr/floresca"],
      opening_hours: "Tu-Sa 10:00-18:00",
      programmes: ["CONSEILLERS_NUMERIQUES"],
      district_code: "doulon-bottiere",
    });
    expect(await structure("cd44--s3")).toMatchObject({
      kind: "FRANCE_SERVICES",
      programmes: ["FRANCE_SERVICES"],
    });
    expect(report.withoutLocation.map((r: any) => r.recordId)).toEqual(["cd44--s3"]);
  });
});

describe("importing data·inclusion services", () => {
  let report: any;
  beforeAll(async () => {
    report = await importDi(SERVICES);
  });

  it("creates offers for digital services, skips the others and rejects the orphans", () => {
    expect(report).toMatchObject({
      records: 6,
      created: 3,
      skipped: 1,
      rejected: 2,
      offersCreated: 3,
    });
    const codes = report.issues.map((i: any) => [i.recordId, i.severity, i.column, i.code]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ["dora--v3", "WARNING", "thematiques", "NOT_DIGITAL"],
        ["dora--v4", "ERROR", "structure_id", "UNKNOWN_STRUCTURE"],
        ["x--v6", "ERROR", "thematiques", "UNKNOWN_VALUE"],
        ["dora--v1", "WARNING", "publics", "UNMATCHED_PUBLICS"],
      ]),
    );
  });

  it("maps thematiques to needs, and the rest of the service to the offer", async () => {
    const offers = await sql(
      `SELECT o.source_ref, o.title, o.category, o.publics, o.fees, o.support_modes, o.access_modes
         FROM service_offer o JOIN structure s ON s.id = o.structure_id
        WHERE s.source = 'data-inclusion' ORDER BY o.source_ref`,
    );
    expect(offers).toEqual([
      {
        source_ref: "cd44--v5",
        title: "Ordinateurs reconditionnés",
        category: "AFFORDABLE_EQUIPMENT",
        publics: [],
        fees: ["PAID"],
        support_modes: [],
        access_modes: [],
      },
      {
        source_ref: "dora--v1",
        title: "Aide aux démarches en ligne",
        category: "ADMINISTRATIVE_PROCEDURES",
        publics: ["SENIORS"],
        fees: ["FREE"],
        support_modes: ["INDIVIDUAL"],
        access_modes: ["WALK_IN", "PHONE"],
      },
      {
        source_ref: "dora--v2",
        title: "Atelier CV en ligne",
        category: "DIGITAL_EMPLOYABILITY",
        publics: [],
        fees: ["FREE"],
        support_modes: ["COLLECTIVE", "REMOTE"],
        access_modes: [],
      },
    ]);
  });

  it("changes nothing when both files are imported again, together", async () => {
    const both = JSON.stringify({
      structures: JSON.parse(STRUCTURES),
      services: JSON.parse(SERVICES),
    });
    const again = await importDi(both);
    expect(again).toMatchObject({
      records: 10,
      created: 0,
      updated: 0,
      unchanged: 5,
      skipped: 1,
      rejected: 4,
    });
  });
});

describe("data·inclusion files that cannot be read", () => {
  it("refuses invalid JSON, and what is not a list of records", async () => {
    const truncated = await importDi(STRUCTURES.slice(0, 300));
    expect(truncated.fileError).toMatchObject({ code: "INVALID_JSON" });
    expect(truncated.fileError.message).toMatch(/^JSON invalide après l'enregistrement 0/);
    expect((await importDi("42")).fileError).toMatchObject({ code: "INVALID_JSON" });
    expect((await importDi(`{"data": []}`)).fileError).toMatchObject({ code: "NO_RECORDS" });
    expect((await importDi("")).fileError).toMatchObject({ code: "EMPTY_FILE" });
  });

  it("refuses a Latin-1 file", async () => {
    const sent = await upload(t, Buffer.from(STRUCTURES, "latin1"), {
      "content-type": "application/json",
      cookie,
    });
    const report = await importFile(t, cookie, {
      format: "DATA_INCLUSION",
      uploadId: sent.body.uploadId,
      dryRun: true,
    });
    expect(report.fileError).toMatchObject({ code: "NOT_UTF8" });
  });
});

describe("data·inclusion exports", () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validStructure = ajv.compile(schema("structure.json"));
  const validService = ajv.compile(schema("service.json"));

  async function get(what: string): Promise<any[]> {
    const res = await fetch(`${t.url}/exports/data-inclusion/${what}.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    return (await res.json()) as any[];
  }

  it("gives structures valid against structure.json", async () => {
    const structures = await get("structures");
    expect(structures.length).toBeGreaterThan(20);
    const invalid = structures
      .filter((s) => !validStructure(s))
      .map((s) => ({ id: s.id, errors: validStructure.errors }));
    expect(invalid).toEqual([]);
    expect(structures.find((s) => s.id === "dora--s1")).toMatchObject({
      source: "dora",
      siret: "52308428133270",
      reseaux_porteurs: ["communes", "conseillers-numeriques"],
      date_maj: "2025-02-14",
    });
    expect(structures.filter((s) => s.source === "maillage").length).toBeGreaterThan(20);
  });

  it("gives services valid against service.json, each with its structure", async () => {
    const [services, structures] = await Promise.all([get("services"), get("structures")]);
    const invalid = services
      .filter((s) => !validService(s))
      .map((s) => ({ id: s.id, errors: validService.errors }));
    expect(invalid).toEqual([]);
    const ids = new Set(structures.map((s) => s.id));
    expect(services.every((s) => ids.has(s.structure_id))).toBe(true);
    expect(services.find((s) => s.id === "dora--v1")).toMatchObject({
      structure_id: "dora--s1",
      thematiques: [
        "numerique--acceder-a-des-services-en-ligne",
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
      ],
      frais: "gratuit",
      publics: ["seniors"],
      type: "accompagnement",
      modes_mobilisation: ["se-presenter", "telephoner"],
    });
  });

  it("leaves archived structures and their services out", async () => {
    const s3 = await structure("cd44--s3");
    await sql(`UPDATE structure SET archived_at = now() WHERE id = $1`, [s3.id]);
    const [structures, services] = await Promise.all([get("structures"), get("services")]);
    expect(structures.map((s) => s.id)).not.toContain("cd44--s3");
    expect(services.map((s) => s.id)).not.toContain("cd44--v5");
  });
});
