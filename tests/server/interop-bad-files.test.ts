import { hashPassword } from "../../server/src/modules/identity/secrets";
import { loginAs } from "./support/identity";
import { startTestApp, type TestApp } from "./support/test-app";
import { fixture, fixtureBytes, importFile, upload } from "./interop-helpers";

/*
 * Files that are not what they should be. A record with a wrong value is rejected whole, with
 * its line, column, code and a French message, and the others are imported; a file that cannot be
 * read (encoding, quoting, header) is refused whole and imports nothing.
 */

let t: TestApp;
let cookie: string;
const count = async () =>
  (
    await t.database.db.dataSource.query(
      `SELECT (SELECT count(*) FROM structure)::int AS structures, (SELECT count(*) FROM service_offer)::int AS offers`,
    )
  )[0];

beforeAll(async () => {
  t = await startTestApp({ seed: "districts" });
  cookie = await loginAsCoordinator();
});
afterAll(() => t?.stop());

async function loginAsCoordinator(): Promise<string> {
  // The districts-only seed has no accounts: one coordinator, made here.
  await t.database.db.dataSource.query(
    `INSERT INTO app_user (email, display_name, password_hash, global_role) VALUES ($1, 'Coordination', $2, 'COORDINATOR')`,
    ["coordination@interop.test", await hashPassword("interop-mot-de-passe-2026")],
  );
  return loginAs(t, "coordination@interop.test", "interop-mot-de-passe-2026");
}

/** Imports bytes through the upload route, as the web client does (any encoding survives). */
async function importBytes(bytes: Buffer, dryRun = false) {
  const sent = await upload(t, bytes, { "content-type": "text/csv", cookie });
  expect(sent.status).toBe(201);
  return importFile(t, cookie, { uploadId: sent.body.uploadId, dryRun });
}

const issue = (report: any, recordId: string) =>
  report.issues
    .filter((i: any) => i.recordId === recordId)
    .map((i: any) => [i.line, i.column, i.code]);

describe("rows with wrong values", () => {
  let report: any;
  beforeAll(async () => {
    report = await importFile(t, cookie, { content: fixture("lmn-invalid-rows.csv") });
  });

  it("imports the valid row and rejects each of the others, whole", () => {
    expect(report).toMatchObject({ committed: true, records: 7, created: 1, rejected: 6 });
  });

  it("reports unknown values of an enumeration, each one", () => {
    expect(issue(report, "enum-1")).toEqual([
      [3, "services", "UNKNOWN_VALUE"],
      [3, "publics_specifiquement_adresses", "UNKNOWN_VALUE"],
    ]);
    const services = report.issues.find((i: any) => i.column === "services");
    expect(services.value).toBe("Cours de cuisine");
    expect(services.message).toMatch(
      /^Valeur inconnue « Cours de cuisine »\. Valeurs possibles : Aide aux démarches administratives ;/,
    );
  });

  it("reports missing required values", () => {
    expect(issue(report, "required-1")).toEqual([
      [4, "nom", "REQUIRED"],
      [4, "adresse", "REQUIRED"],
    ]);
    expect(report.issues.find((i: any) => i.column === "nom").message).toBe(
      "Valeur obligatoire manquante.",
    );
  });

  it("reports a SIRET whose checksum is wrong and a bad postal code", () => {
    expect(issue(report, "pivot-1")).toEqual([[5, "pivot", "INVALID_CHECKSUM"]]);
    expect(report.issues.find((i: any) => i.recordId === "pivot-1").message).toMatch(
      /SIRET invalide/,
    );
    expect(issue(report, "postal-1")).toEqual([[6, "code_postal", "INVALID_FORMAT"]]);
    expect(report.issues.find((i: any) => i.recordId === "postal-1")).toMatchObject({
      value: "4400",
      message: "Code postal invalide : 5 chiffres attendus, par exemple 44000.",
    });
  });

  it("reports opening hours the OSM syntax refuses", () => {
    expect(issue(report, "hours-1")).toEqual([[7, "horaires", "INVALID_OPENING_HOURS"]]);
    expect(report.issues.find((i: any) => i.recordId === "hours-1").message).toMatch(
      /^Horaires invalides \(syntaxe OpenStreetMap/,
    );
  });

  it("rejects an id used twice in the file", () => {
    expect(issue(report, "ok-1")).toEqual([[8, "id", "DUPLICATE_ID"]]);
  });

  it("counts rejections by column and reason", () => {
    expect(report.rejectionReasons).toEqual(
      expect.arrayContaining([
        { column: "services", code: "UNKNOWN_VALUE", count: 1 },
        { column: "pivot", code: "INVALID_CHECKSUM", count: 1 },
        { column: "code_postal", code: "INVALID_FORMAT", count: 1 },
      ]),
    );
  });

  it("rejects a row with more or fewer fields than the header", async () => {
    const [header, row] = fixture("lmn-nantes.csv").split("\n");
    const short = await importFile(t, cookie, {
      content: `${header}\n${row.split(",").slice(0, 20).join(",")}\n`,
      dryRun: true,
    });
    expect(short.issues).toEqual([
      expect.objectContaining({
        line: 2,
        code: "FIELD_COUNT",
        message: expect.stringMatching(/^La ligne a 20 champs au lieu de 32/),
      }),
    ]);
  });
});

describe("files that cannot be read", () => {
  it("refuses broken quoting at its line, and imports none of the rows before it", async () => {
    const before = await count();
    const report = await importFile(t, cookie, { content: fixture("lmn-broken-quoting.csv") });
    expect(report).toMatchObject({ committed: false, created: 0 });
    expect(report.fileError).toMatchObject({ code: "CSV_SYNTAX", line: 4 });
    expect(report.fileError.message).toMatch(/^Guillemet mal fermé \(ligne 4\)/);
    expect(await count()).toEqual(before);
  });

  it("refuses a Latin-1 file with the line of the first invalid byte", async () => {
    const latin1 = Buffer.from(fixture("lmn-nantes.csv"), "latin1");
    const before = await count();
    const report = await importBytes(latin1);
    expect(report.committed).toBe(false);
    expect(report.fileError).toMatchObject({ code: "NOT_UTF8", line: 2 });
    expect(report.fileError.message).toMatch(
      /n'est pas encodé en UTF-8 : l'octet 0xE9 \(« é » en Latin-1\) de la ligne 2/,
    );
    expect(report.fileError.message).toMatch(/« CSV UTF-8 »/);
    expect(await count()).toEqual(before);
  });

  it("refuses a 0-byte file", async () => {
    const report = await importBytes(Buffer.alloc(0));
    expect(report.fileError).toMatchObject({
      code: "EMPTY_FILE",
      message: "Le fichier est vide (0 octet).",
    });
    const inline = await importFile(t, cookie, { content: "" });
    expect(inline.fileError.code).toBe("EMPTY_FILE");
  });

  it("refuses a header without the required columns, and says which", async () => {
    const report = await importFile(t, cookie, { content: fixture("lmn-missing-columns.csv") });
    expect(report.fileError).toMatchObject({ code: "MISSING_COLUMNS", line: 1 });
    expect(report.fileError.message).toMatch(/absente\(s\) « code_postal », « date_maj »/);
    expect(report.fileError.message).toMatch(
      /« code postal » devrait sans doute s'écrire « code_postal »/,
    );
  });

  it("refuses a header naming a column twice", async () => {
    const [header, ...rows] = fixture("lmn-nantes.csv").split("\n");
    const report = await importFile(t, cookie, { content: [`${header},nom`, ...rows].join("\n") });
    expect(report.fileError).toMatchObject({ code: "DUPLICATE_COLUMNS" });
  });
});

describe("files that are fine after all", () => {
  it("reads a UTF-8 BOM and CRLF line ends, with the right line numbers", async () => {
    const report = await importFile(t, cookie, {
      content: fixture("lmn-bom-crlf.csv"),
      dryRun: true,
    });
    expect(report).toMatchObject({ fileError: null, records: 4, created: 4, rejected: 0 });
    expect(report.withoutLocation).toEqual([
      { line: 4, recordId: "nantes-3", name: "Association Clic Solidaire" },
    ]);
    // The BOM is not part of the first column's name; a line break inside quotes is kept.
    const bytes = fixtureBytes("lmn-bom-crlf.csv");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const viaUpload = await importBytes(bytes, true);
    expect(viaUpload).toMatchObject({ fileError: null, created: 4 });
  });

  it("reports a row after a multi-line CRLF field at its own line", async () => {
    const text = `${fixture("lmn-bom-crlf.csv")}${["bad-1", "123", ...Array(30).fill("")].join(",")}\r\n`;
    const report = await importFile(t, cookie, { content: text, dryRun: true });
    expect(report.issues.find((i: any) => i.recordId === "bad-1").line).toBe(7);
  });

  it("ignores unknown columns, with a warning", async () => {
    const report = await importFile(t, cookie, {
      content: fixture("lmn-unknown-columns.csv"),
      dryRun: true,
    });
    expect(report).toMatchObject({ fileError: null, created: 1 });
    expect(report.issues).toEqual([
      expect.objectContaining({
        severity: "WARNING",
        line: 1,
        column: "commentaire_interne",
        code: "UNKNOWN_COLUMN",
      }),
    ]);
  });

  it("reads files separated by semicolons, as Excel writes them in French", async () => {
    const report = await importFile(t, cookie, {
      content: fixture("lmn-semicolon-delimited.csv"),
      dryRun: true,
    });
    expect(report).toMatchObject({ fileError: null, created: 1, rejected: 0 });
  });

  it("accepts a header alone, with a warning", async () => {
    const header = fixture("lmn-nantes.csv").split("\n")[0];
    const report = await importFile(t, cookie, { content: `${header}\n`, dryRun: true });
    expect(report).toMatchObject({ fileError: null, records: 0 });
    expect(report.issues.map((i: any) => i.code)).toEqual(["NO_RECORDS"]);
  });

  it("accepts optional columns missing, keeping what Maillage knows", async () => {
    const lines = fixture("lmn-nantes.csv").split("\n");
    const columns = lines[0].split(",");
    const keep = columns.map((c, i) => (c === "horaires" ? -1 : i)).filter((i) => i >= 0);
    const cut = (line: string) => {
      const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ""));
      return keep.map((i) => cells[i]).join(",");
    };
    const first = await importFile(t, cookie, { content: [lines[0], lines[1]].join("\n") });
    expect(first.created).toBe(1);
    const report = await importFile(t, cookie, {
      content: [cut(lines[0]), cut(lines[1])].join("\n"),
    });
    expect(report).toMatchObject({ fileError: null, unchanged: 1 });
    expect(report.issues[0]).toMatchObject({
      code: "MISSING_COLUMNS",
      message: expect.stringMatching(/horaires/),
    });
    const [row] = await t.database.db.dataSource.query(
      `SELECT opening_hours FROM structure WHERE source_ref = 'nantes-1'`,
    );
    expect(row.opening_hours).toBe("Tu-Sa 10:00-18:00");
  });
});
