import { AddressLocator } from "../../server/src/interop/geocoding/address-locator";
import { BanGeocoder } from "../../server/src/interop/geocoding/ban-geocoder";
import { runImport } from "../../server/src/interop/importer";
import { ImportFormat } from "../../server/src/interop/interop.enums";
import { chunksOf } from "../../server/src/interop/import.service";
import { type BanServer, startBanServer } from "./support/ban-server";
import { loginAs } from "./support/identity";
import { startTestApp, type TestApp } from "./support/test-app";

/*
 * Imports of the national standard with rows lacking coordinates, geocoded through a local
 * server answering in the BAN's formats (fixtures in tests/fixtures/geocoding): points, "to
 * check" flags and counts; the cache (a second import asks nothing); the geocoder down or slow
 * (the import completes, rows flagged, nothing lost).
 */

let t: TestApp;
let ban: BanServer;
let coordinator: string;
const sql = (query: string, params: unknown[] = []) =>
  t.database.db.dataSource.query(query, params) as Promise<any[]>;

const HEADER = "id,pivot,nom,commune,code_postal,adresse,latitude,longitude,date_maj";
let pivot = 442000100;
/** One row; `coords` "" leaves latitude and longitude empty (to be geocoded). */
const row = (id: string, street: string, coords = "", postalCode = "44000") =>
  `${id},W${pivot++},Lieu ${id},Nantes,${postalCode},"${street}",${coords || ","},2025-09-01`;
const csv = (...rows: string[]) => `${HEADER}\n${rows.join("\n")}\n`;

const structure = async (id: string) =>
  (
    await sql(
      `SELECT name, street, latitude, longitude, district_code, location_to_check, geocode_score, geocode_label, geocode_citycode
         FROM structure WHERE source = 'lieux-mediation-numerique' AND source_ref = $1`,
      [id],
    )
  )[0];
// The test files leave out most optional columns of the standard: that warning is not the point.
const codes = (report: any) =>
  report.issues
    .filter((i: any) => i.code !== "MISSING_COLUMNS")
    .map((i: any) => `${i.line}:${i.code}`);

beforeAll(async () => {
  ban = await startBanServer();
  t = await startTestApp({
    seed: "demo",
    env: {
      GEOCODER_URL: ban.url,
      GEOCODER_TIMEOUT_MS: "300",
      GEOCODER_RETRIES: "1",
      GEOCODER_RATE_LIMIT: "1000",
    },
  });
  coordinator = await loginAs(t, "coordination@maillage.test");
});
afterAll(async () => {
  await t?.stop();
  await ban?.stop();
});
beforeEach(() => ban.reset());

const REPORT_EXTRA = `... on ImportReport { geocoded toCheck }`;
async function importCsv(content: string, dryRun = false) {
  const res = await t.gql(
    `mutation ($c: String!, $d: Boolean!) { importDirectory(format: LIEUX_MEDIATION_NUMERIQUE, content: $c, dryRun: $d) {
      ${REPORT_EXTRA} ... on ImportReport { committed created updated unchanged rejected withoutLocationCount
        issues { line code column message value } } } }`,
    { c: content, d: dryRun },
    { cookie: coordinator },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.importDirectory;
}

const FILE = csv(
  row("geo-1", "5 rue des Dervallières"),
  row("geo-2", "14 bd de la Prairie-au-Duc", "47.2,-1.55"),
  row("geo-3", "12 chemin des Landes perdues"),
  row("geo-4", "999 rue qui n'existe pas"),
  row("geo-5", "14 boulevard de la Prairie au Duc"),
  row("geo-6", "8 rue du Quota"),
);

describe("an import with rows lacking coordinates", () => {
  it("reports what a dry run would geocode, and writes nothing (the cache included)", async () => {
    const report = await importCsv(FILE, true);
    expect(report).toMatchObject({ committed: false, created: 6, geocoded: 3, toCheck: 2 });
    expect(await structure("geo-1")).toBeUndefined();
    expect(await sql(`SELECT count(*)::int AS n FROM geocode_cache`)).toEqual([{ n: 0 }]);
  });

  it("places the sure ones, flags the others « to check », keeps the BAN's score, label and INSEE code", async () => {
    const report = await importCsv(FILE);
    expect(report).toMatchObject({
      committed: true,
      created: 6,
      rejected: 0,
      geocoded: 3,
      toCheck: 2,
      withoutLocationCount: 2,
    });
    expect(codes(report)).toEqual(["4:GEOCODE_LOW_SCORE", "5:GEOCODE_NOT_FOUND"]);
    const lowScore = report.issues.find((i: any) => i.code === "GEOCODE_LOW_SCORE");
    expect(lowScore.message).toContain("score 0,36");
    expect(lowScore.message).toContain("Chemin des Landes 44300 Nantes");

    expect(await structure("geo-1")).toMatchObject({
      latitude: 47.220513,
      longitude: -1.585076,
      location_to_check: false,
      geocode_score: 0.9412,
      geocode_label: "5 Rue des Dervallières 44100 Nantes",
      geocode_citycode: "44109",
    });
    expect((await structure("geo-1")).district_code).not.toBeNull();
    // Coordinates from the file are kept as they are, nothing asked.
    expect(await structure("geo-2")).toMatchObject({
      latitude: 47.2,
      longitude: -1.55,
      location_to_check: false,
      geocode_score: null,
    });
    expect(await structure("geo-3")).toMatchObject({
      latitude: null,
      longitude: null,
      district_code: null,
      location_to_check: true,
      geocode_score: 0.3561,
      geocode_label: "Chemin des Landes 44300 Nantes",
    });
    expect(await structure("geo-4")).toMatchObject({
      latitude: null,
      location_to_check: true,
      geocode_score: null,
      geocode_label: null,
    });
    expect(await structure("geo-5")).toMatchObject({ latitude: 47.203162, geocode_score: 0.8877 });
    expect(await structure("geo-6")).toMatchObject({ latitude: 47.2141, location_to_check: false });

    // One batch of the five addresses to geocode (refused once with 429, then answered).
    expect(ban.requests.map((r) => [r.method, r.streets.length])).toEqual([
      ["POST", 5],
      ["POST", 5],
    ]);
    expect(
      (
        await sql(
          `SELECT details FROM audit_entry WHERE action = 'directory.imported' ORDER BY id DESC LIMIT 1`,
        )
      )[0].details,
    ).toMatchObject({ geocoded: 3, toCheck: 2 });
  });

  it("asks nothing the second time: located structures keep their location, the cache answers the rest", async () => {
    const again = await importCsv(FILE);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 6, geocoded: 0, toCheck: 2 });
    expect(ban.requests).toEqual([]);

    // Other records at the same addresses (other spellings): answered by the cache.
    const others = await importCsv(
      csv(
        row("geo-11", "5, Rue des DERVALLIERES"),
        row("geo-12", "12 Chemin des Landes Perdues"),
        row("geo-13", "14 Bd de la Prairie au Duc"),
      ),
    );
    expect(others).toMatchObject({ created: 3, geocoded: 2, toCheck: 1 });
    expect(await structure("geo-11")).toMatchObject({ latitude: 47.220513 });
    expect(ban.requests).toEqual([]);
  });

  it("settles the flag when someone enters the coordinates, and shows it to editors only", async () => {
    const [{ id, version }] = await sql(
      `SELECT id, version FROM structure WHERE source_ref = 'geo-3'`,
    );
    const LOCATION = `query ($id: ID!) { structure(id: $id) { locationCheck { toCheck score label citycode } } }`;
    const seen = await t.gql(LOCATION, { id }, { cookie: coordinator });
    expect(seen.data!.structure.locationCheck).toEqual({
      toCheck: true,
      score: 0.3561,
      label: "Chemin des Landes 44300 Nantes",
      citycode: "44109",
    });
    expect((await t.gql(LOCATION, { id })).data!.structure.locationCheck).toBeNull();
    const staff = await loginAs(t, "mediation@ccas.maillage.test");
    expect(
      (await t.gql(LOCATION, { id }, { cookie: staff })).data!.structure.locationCheck,
    ).toBeNull();

    const res = await t.gql(
      `mutation ($id: ID!, $v: Int!) { updateStructure(id: $id, expectedVersion: $v, input: { latitude: 47.2512, longitude: -1.5021 }) { __typename } }`,
      { id, v: version },
      { cookie: coordinator },
    );
    expect(res.data!.updateStructure.__typename).toBe("Structure");
    expect(await structure("geo-3")).toMatchObject({ latitude: 47.2512, location_to_check: false });
    // The next import leaves the location entered by hand as it is.
    const again = await importCsv(FILE);
    expect(again).toMatchObject({ toCheck: 1 });
    expect(await structure("geo-3")).toMatchObject({ latitude: 47.2512, location_to_check: false });
  });
});

describe("with the geocoder down or slow", () => {
  it("completes the import: nothing lost, rows flagged, one warning", async () => {
    ban.mode = "down";
    const report = await importCsv(
      csv(
        row("down-1", "21 rue du Calvaire"),
        row("down-2", "22 rue du Calvaire", "47.21,-1.56"),
        row("down-3", "5 rue des Dervallières"), // known from the cache
      ),
    );
    expect(report).toMatchObject({
      committed: true,
      created: 3,
      rejected: 0,
      geocoded: 1,
      toCheck: 1,
    });
    expect(codes(report)).toEqual(["null:GEOCODER_UNAVAILABLE"]);
    expect(await structure("down-1")).toMatchObject({
      name: "Lieu down-1",
      street: "21 rue du Calvaire",
      latitude: null,
      location_to_check: true,
    });
    expect(await structure("down-2")).toMatchObject({ latitude: 47.21, location_to_check: false });
    expect(await structure("down-3")).toMatchObject({ latitude: 47.220513 });
    expect(ban.requests).toHaveLength(2); // the first attempt and its one retry
    // Not cached: the next import asks again.
    expect(
      await sql(`SELECT 1 FROM geocode_cache WHERE address_key LIKE '21 rue du calvaire%'`),
    ).toEqual([]);
  });

  it("stops asking for the rest of the import once the geocoder has failed (timeouts)", async () => {
    const locator = new AddressLocator(
      new BanGeocoder({
        url: ban.url,
        timeoutMs: 200,
        requestsPerSecond: 1000,
        batchSize: 500,
        retries: 1,
        backoffMs: 10,
      }),
      0.6,
    );
    const rows = [
      row("slow-1", "7 rue de la Lenteur"),
      ...Array.from({ length: 5 }, (_, i) => row(`slow-${i + 2}`, `${i + 30} rue du Calvaire`)),
    ];
    const report = await runImport(
      t.database.db.dataSource,
      [{ name: "lent.csv", stream: chunksOf(Buffer.from(csv(...rows))) }],
      {
        format: ImportFormat.LIEUX_MEDIATION_NUMERIQUE,
        dryRun: false,
        actor: { type: "system", id: null },
        batchSize: 2,
        geocoding: locator,
      },
    );
    expect(report).toMatchObject({ committed: true, created: 6, toCheck: 6, geocoded: 0 });
    expect(codes(report)).toEqual(["null:GEOCODER_UNAVAILABLE"]);
    expect(ban.requests).toHaveLength(2); // the first batch only, with its retry
  });
});

it("leaves rows without coordinates as before when geocoding is off", async () => {
  const report = await runImport(
    t.database.db.dataSource,
    [
      {
        name: "off.csv",
        stream: chunksOf(Buffer.from(csv(row("off-1", "5 rue des Dervallières")))),
      },
    ],
    {
      format: ImportFormat.LIEUX_MEDIATION_NUMERIQUE,
      dryRun: false,
      actor: { type: "system", id: null },
    },
  );
  expect(report).toMatchObject({ created: 1, geocoded: 0, toCheck: 0, withoutLocationCount: 1 });
  expect(await structure("off-1")).toMatchObject({ latitude: null, location_to_check: false });
  expect(ban.requests).toEqual([]);
});

describe("geocodeAddress (the structure form's « Localiser cette adresse »)", () => {
  const GEOCODE = `query ($s: String!, $p: String, $c: String) {
    geocodeAddress(street: $s, postalCode: $p, city: $c) {
      __typename
      ... on AddressLocation { lat lon score label citycode sure }
      ... on ErrorResult { errorCode message }
      ... on ValidationError { fields { path code } }
    }
  }`;
  const geocode = async (variables: Record<string, unknown>, cookie = coordinator) => {
    const res = await t.gql(GEOCODE, variables, { cookie });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.geocodeAddress;
  };

  it("gives the point, score and label, sure or not, and says when the base knows no such address", async () => {
    expect(await geocode({ s: "5 rue des Dervallières", p: "44100", c: "Nantes" })).toEqual({
      __typename: "AddressLocation",
      lat: 47.220513,
      lon: -1.585076,
      score: 0.9412,
      label: "5 Rue des Dervallières 44100 Nantes",
      citycode: "44109",
      sure: true,
    });
    expect(await geocode({ s: "12 chemin des Landes perdues", c: "Nantes" })).toMatchObject({
      score: 0.3561,
      sure: false,
    });
    expect(await geocode({ s: "999 rue qui n'existe pas", p: "44000" })).toMatchObject({
      __typename: "NotFoundError",
      errorCode: "NOT_FOUND",
    });
    expect(ban.requests.map((r) => r.method)).toEqual(["GET", "GET", "GET"]);
  });

  it("answers from the cache an address an import has located", async () => {
    expect(await geocode({ s: "5 rue des Dervallieres", p: "44000", c: "nantes" })).toMatchObject({
      lat: 47.220513,
    });
    expect(ban.requests).toEqual([]);
  });

  it("refuses an incomplete address and says when the geocoder is down, asking nothing wrong", async () => {
    expect(await geocode({ s: " ", p: "440" })).toMatchObject({
      __typename: "ValidationError",
      fields: [
        { path: "street", code: "REQUIRED" },
        { path: "postalCode", code: "INVALID_FORMAT" },
      ],
    });
    expect(await geocode({ s: "1 rue X" })).toMatchObject({
      fields: [{ path: "city", code: "REQUIRED" }],
    });
    expect(ban.requests).toEqual([]);
    ban.mode = "down";
    expect(await geocode({ s: "40 rue du Calvaire", c: "Nantes" })).toMatchObject({
      __typename: "GeocoderUnavailableError",
      errorCode: "GEOCODER_UNAVAILABLE",
    });
  });

  it("is for the people who edit structures", async () => {
    const staff = await loginAs(t, "mediation@ccas.maillage.test");
    const res = await t.gql(
      GEOCODE,
      { s: "5 rue des Dervallières", c: "Nantes" },
      { cookie: staff },
    );
    expect(res.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const anonymous = await t.gql(GEOCODE, { s: "5 rue des Dervallières", c: "Nantes" });
    expect(anonymous.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const manager = await loginAs(t, "direction@ccas.maillage.test");
    expect(await geocode({ s: "5 rue des Dervallières", c: "Nantes" }, manager)).toMatchObject({
      __typename: "AddressLocation",
    });
    expect((await t.gql(`{ geocodingEnabled }`, {}, { cookie: manager })).data).toEqual({
      geocodingEnabled: true,
    });
  });
});
