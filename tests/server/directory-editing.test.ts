import { createToken, demoStructureId, loginAs } from "./support/identity";
import { type GraphQLResponse, startTestApp, type TestApp } from "./support/test-app";

/*
 * Editing the network over HTTP: structures and offers, their typed errors, optimistic
 * concurrency, district derivation, and who may do what.
 */

let t: TestApp;
const sql = (query: string, params: unknown[] = []) =>
  t.database.db.dataSource.query(query, params) as Promise<any[]>;

const STRUCTURE = `
  id name kind pivot version archivedAt districtOverridden phone emails websites summary description
  passNumerique programmes labels mobility accessibilityUrl
  address { street postalCode city inseeCode } location { lat lon } district { code }
  parent { id } openingHours { osm } offers { id title }`;
const ERRORS = `
  ... on ErrorResult { errorCode message }
  ... on ValidationError { fields { path code message } }
  ... on ConflictError { currentVersion }`;
const CREATE = `mutation ($input: CreateStructureInput!) {
  createStructure(input: $input) { __typename ... on Structure { ${STRUCTURE} } ${ERRORS} } }`;
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateStructureInput!) {
  updateStructure(id: $id, expectedVersion: $v, input: $input) { __typename ... on Structure { ${STRUCTURE} } ${ERRORS} } }`;
const ARCHIVE = `mutation ($id: ID!, $v: Int!) {
  archiveStructure(id: $id, expectedVersion: $v) { __typename ... on Structure { ${STRUCTURE} } ${ERRORS} } }`;

const OFFER = `id title description category fees publics supportModes capacityPerWeek active version structure { id }`;
const CREATE_OFFER = `mutation ($s: ID!, $input: CreateOfferInput!) {
  createOffer(structureId: $s, input: $input) { __typename ... on ServiceOffer { ${OFFER} } ${ERRORS} } }`;
const UPDATE_OFFER = `mutation ($id: ID!, $v: Int!, $input: UpdateOfferInput!) {
  updateOffer(id: $id, expectedVersion: $v, input: $input) { __typename ... on ServiceOffer { ${OFFER} } ${ERRORS} } }`;
const SUSPEND = `mutation ($id: ID!, $v: Int!) {
  suspendOffer(id: $id, expectedVersion: $v) { __typename ... on ServiceOffer { ${OFFER} } ${ERRORS} } }`;
const RESUME = `mutation ($id: ID!, $v: Int!) {
  resumeOffer(id: $id, expectedVersion: $v) { __typename ... on ServiceOffer { ${OFFER} } ${ERRORS} } }`;

const PLACE_ROYALE = { latitude: 47.2184, longitude: -1.5536 }; // centre-ville
const DERVALLIERES = { latitude: 47.2112, longitude: -1.5989 }; // dervallieres-zola
const DOULON = { latitude: 47.2303, longitude: -1.5186 }; // doulon-bottiere

/** Callers, by the demo accounts' e-mails. */
const as: Record<string, string> = {};
let A: string; // ccas-espace-public-numerique, managed by direction@ccas, staff mediation@ccas
let ccasNantes: string; // parent of A, managed by direction@ccas too
let recup: string; // recup-ordi-44, managed by responsable@recup-ordi
let tokenA: string;

beforeAll(async () => {
  t = await startTestApp({ seed: "demo" });
  const people = {
    admin: "admin@maillage.test",
    coordinator: "coordination@maillage.test",
    managerA: "direction@ccas.maillage.test",
    staffA: "mediation@ccas.maillage.test",
    managerB: "responsable@recup-ordi.maillage.test",
  };
  for (const [who, email] of Object.entries(people)) as[who] = await loginAs(t, email);
  [A, ccasNantes, recup] = await Promise.all([
    demoStructureId(t, "ccas-espace-public-numerique"),
    demoStructureId(t, "ccas-nantes"),
    demoStructureId(t, "recup-ordi-44"),
  ]);
  tokenA = await createToken(t, as.managerA, A, "édition");
});
afterAll(() => t?.stop());

/** Sends a document as a caller: a person of `as`, the token of A, or anonymous. */
function send(
  caller: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphQLResponse> {
  const headers: Record<string, string> =
    caller === "anonymous"
      ? {}
      : caller === "tokenA"
        ? { authorization: `Bearer ${tokenA}` }
        : { cookie: as[caller] };
  return t.gql(query, variables, headers);
}

/** The root field's value, failing with the whole response when the request errored. */
function result(res: GraphQLResponse): any {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return Object.values(res.data!)[0];
}

const codeOf = (res: GraphQLResponse) => res.errors?.map((e) => e.extensions?.code);
const pathsOf = (value: any) => value.fields.map((f: any) => `${f.path}:${f.code}`).sort();

/** Everything that could be written about a structure: its row, intervals, offers, audit trail. */
async function snapshot(id: string) {
  const [row] = await sql(
    `SELECT s.*, s.search_vector::text AS sv FROM structure s WHERE id = $1`,
    [id],
  );
  return {
    row,
    intervals: await sql(
      `SELECT opens_at, closes_at FROM structure_opening_interval WHERE structure_id = $1 ORDER BY 1`,
      [id],
    ),
    offers: await sql(`SELECT * FROM service_offer WHERE structure_id = $1 ORDER BY id`, [id]),
    audit: await sql(`SELECT id FROM audit_entry WHERE structure_id = $1 ORDER BY id`, [id]),
  };
}

async function auditOf(subjectId: string) {
  return sql(
    `SELECT a.action, a.actor_type, u.email, a.details FROM audit_entry a
       LEFT JOIN app_user u ON u.id = a.actor_id WHERE a.subject_id = $1 ORDER BY a.id`,
    [subjectId],
  );
}

const versionOf = async (id: string, table = "structure") =>
  (await sql(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0].version as number;

let serial = 0;
/** A new structure created by the coordinator (RNA numbers need no checksum). */
async function newStructure(extra: Record<string, unknown> = {}) {
  serial++;
  const created = result(
    await send("coordinator", CREATE, {
      input: {
        name: `Atelier de test ${serial}`,
        kind: "ASSOCIATION",
        pivot: `W44${String(serial).padStart(7, "0")}`,
        ...PLACE_ROYALE,
        ...extra,
      },
    }),
  );
  expect(created.__typename).toBe("Structure");
  return created;
}

/** Ids of the directory's structures matching a French text. */
async function directoryIds(text: string): Promise<string[]> {
  const res = await t.gql(
    `query ($text: String!) { structures(first: 50, filter: { text: $text }) { edges { node { id } } } }`,
    { text },
  );
  return result(res).edges.map((e: any) => e.node.id);
}

describe("createStructure", () => {
  it("adds a structure, normalised, derived to its district, searchable, with its opening intervals and an audit entry", async () => {
    const res = await send("coordinator", CREATE, {
      input: {
        name: "  La Cyberbase   des Olivettes ",
        kind: "THIRD_PLACE",
        pivot: "434 933 123 00029",
        street: "12 rue des Olivettes",
        postalCode: "44000",
        city: "Nantes",
        inseeCode: "44109",
        ...PLACE_ROYALE,
        phone: "02 40 00 00 00",
        emails: ["contact@cyberbase.example.org", "CONTACT@cyberbase.example.org"],
        websites: ["https://cyberbase.example.org"],
        openingHours: "Lu-Ve 9h-12h",
        summary: "Tiers-lieu de réparation informatique et de fabrication numérique.",
        description: "Ateliers de soudure électronique et impression 3D pour les habitants.",
        programmes: ["CONSEILLERS_NUMERIQUES", "CONSEILLERS_NUMERIQUES"],
        passNumerique: true,
        mobility: ["FIXED"],
        parentId: ccasNantes,
      },
    });
    const s = result(res);
    expect(s).toMatchObject({
      __typename: "Structure",
      name: "La Cyberbase des Olivettes",
      kind: "THIRD_PLACE",
      pivot: "43493312300029",
      version: 1,
      archivedAt: null,
      phone: "+33240000000",
      emails: ["contact@cyberbase.example.org"],
      programmes: ["CONSEILLERS_NUMERIQUES"],
      labels: [],
      district: { code: "centre-ville" },
      districtOverridden: false,
      location: { lat: 47.2184, lon: -1.5536 },
      address: { street: "12 rue des Olivettes", postalCode: "44000", inseeCode: "44109" },
      openingHours: { osm: "Mo-Fr 09:00-12:00" },
      parent: { id: ccasNantes },
      offers: [],
    });
    // Five mornings, Monday to Friday, in minutes since Monday 00:00.
    const intervals = await sql(
      `SELECT opens_at, closes_at FROM structure_opening_interval WHERE structure_id = $1 ORDER BY 1`,
      [s.id],
    );
    expect(intervals).toEqual(
      [0, 1, 2, 3, 4].map((d) => ({ opens_at: d * 1440 + 540, closes_at: d * 1440 + 720 })),
    );
    const [found] = await sql(
      `SELECT count(*)::int AS n FROM structure WHERE id = $1 AND search_vector @@ plainto_tsquery('fr', 'soudure electronique')`,
      [s.id],
    );
    expect(found.n).toBe(1);
    expect(await directoryIds("cyberbase olivettes")).toEqual([s.id]);
    expect(await auditOf(s.id)).toEqual([
      {
        action: "structure.created",
        actor_type: "user",
        email: "coordination@maillage.test",
        details: { name: "La Cyberbase des Olivettes" },
      },
    ]);
  });

  it("keeps a district set by hand", async () => {
    const s = result(
      await send("admin", CREATE, {
        input: {
          name: "Antenne nord",
          kind: "OTHER",
          pivot: "W442099999",
          ...PLACE_ROYALE,
          districtCode: "nantes-nord",
        },
      }),
    );
    expect(s).toMatchObject({ district: { code: "nantes-nord" }, districtOverridden: true });
  });

  it("reports every invalid field at once, and writes nothing", async () => {
    const before = await sql(`SELECT count(*)::int AS n FROM structure`);
    const audits = await sql(`SELECT count(*)::int AS n FROM audit_entry`);
    const res = await send("coordinator", CREATE, {
      input: {
        name: "   ",
        kind: "ASSOCIATION",
        pivot: "43493312300028",
        latitude: 91,
        longitude: -181,
        postalCode: "4400",
        phone: "12",
        emails: ["ok@example.org", "pas-une-adresse"],
        websites: ["javascript:alert(1)"],
        openingHours: "Lundi matin",
        summary: "x".repeat(281),
        description: "x".repeat(10_001),
        districtCode: "atlantis",
        parentId: "00000000-0000-4000-8000-000000000000",
      },
    });
    const v = result(res);
    expect(v.__typename).toBe("ValidationError");
    expect(v.errorCode).toBe("VALIDATION_FAILED");
    expect(pathsOf(v)).toEqual(
      [
        "name:REQUIRED",
        "pivot:INVALID_CHECKSUM",
        "latitude:OUT_OF_RANGE",
        "longitude:OUT_OF_RANGE",
        "postalCode:INVALID_FORMAT",
        "phone:INVALID_FORMAT",
        "emails.1:INVALID_FORMAT",
        "websites.0:INVALID_FORMAT",
        "openingHours:INVALID_OPENING_HOURS",
        "summary:TOO_LONG",
        "description:TOO_LONG",
        "districtCode:UNKNOWN_DISTRICT",
        "parentId:UNKNOWN_PARENT",
      ].sort(),
    );
    // Messages are French, and the opening hours one carries the library's reason.
    const hours = v.fields.find((f: any) => f.path === "openingHours");
    expect(hours.message).toMatch(/^Horaires invalides .+: .+/);
    const tooLong = v.fields.find((f: any) => f.path === "description").message;
    expect(tooLong.replace(/\s/g, " ")).toBe("10 000 caractères au plus (10 001 reçus).");
    expect(await sql(`SELECT count(*)::int AS n FROM structure`)).toEqual(before);
    expect(await sql(`SELECT count(*)::int AS n FROM audit_entry`)).toEqual(audits);
  });

  it("refuses anonymous callers, managers, staff and API tokens", async () => {
    const before = await sql(`SELECT count(*)::int AS n FROM structure`);
    const input = { name: "Refusée", kind: "OTHER", pivot: "W442011111" };
    expect(codeOf(await send("anonymous", CREATE, { input }))).toEqual(["UNAUTHENTICATED"]);
    for (const caller of ["managerA", "staffA", "tokenA"]) {
      expect({ caller, codes: codeOf(await send(caller, CREATE, { input })) }).toEqual({
        caller,
        codes: ["FORBIDDEN"],
      });
    }
    expect(await sql(`SELECT count(*)::int AS n FROM structure`)).toEqual(before);
    expect(await sql(`SELECT 1 FROM audit_entry WHERE details->>'name' = 'Refusée'`)).toEqual([]);
  });
});

describe("updateStructure", () => {
  it("lets a manager edit its own structure; only the changed fields are written and audited", async () => {
    const before = await snapshot(A);
    const res = await send("managerA", UPDATE, {
      id: A,
      v: before.row.version,
      input: {
        kind: before.row.kind, // unchanged: not in the audit entry
        summary: "Espace public numérique : ateliers de cryptographie pour débutants.",
        phone: "+33 2 51 00 00 00",
        openingHours: "Tu 10:00-12:00",
      },
    });
    const s = result(res);
    expect(s).toMatchObject({
      __typename: "Structure",
      version: before.row.version + 1,
      phone: "+33251000000",
      openingHours: { osm: "Tu 10:00-12:00" },
      name: before.row.name,
    });
    const after = await snapshot(A);
    expect(after.intervals).toEqual([{ opens_at: 1440 + 600, closes_at: 1440 + 720 }]);
    const [found] = await sql(
      `SELECT count(*)::int AS n FROM structure WHERE id = $1 AND search_vector @@ plainto_tsquery('fr', 'cryptographie')`,
      [A],
    );
    expect(found.n).toBe(1);
    expect(after.row.updated_at.getTime()).toBeGreaterThan(before.row.updated_at.getTime());
    const entry = (await auditOf(A)).at(-1);
    expect(entry).toMatchObject({
      action: "structure.updated",
      email: "direction@ccas.maillage.test",
      details: { version: before.row.version + 1 },
    });
    expect(entry.details.fields.sort()).toEqual(["openingHours", "phone", "summary"]);
  });

  it("clears optional fields given as null and keeps those left out", async () => {
    const s = await newStructure({
      summary: "À effacer",
      emails: ["a@example.org"],
      websites: ["https://a.example.org"],
      openingHours: "Mo 09:00-10:00",
    });
    const res = result(
      await send("coordinator", UPDATE, {
        id: s.id,
        v: 1,
        input: { summary: null, emails: null, openingHours: null },
      }),
    );
    expect(res).toMatchObject({
      summary: null,
      emails: [],
      openingHours: null,
      websites: ["https://a.example.org"],
      version: 2,
    });
    expect(
      await sql(`SELECT 1 FROM structure_opening_interval WHERE structure_id = $1`, [s.id]),
    ).toEqual([]);
  });

  it("moves the district with the coordinates", async () => {
    const s = await newStructure();
    expect(s.district.code).toBe("centre-ville");
    const moved = result(
      await send("coordinator", UPDATE, { id: s.id, v: 1, input: DERVALLIERES }),
    );
    expect(moved).toMatchObject({ district: { code: "dervallieres-zola" }, version: 2 });
    const again = result(await send("coordinator", UPDATE, { id: s.id, v: 2, input: DOULON }));
    expect(again).toMatchObject({
      district: { code: "doulon-bottiere" },
      districtOverridden: false,
      location: { lat: DOULON.latitude, lon: DOULON.longitude },
    });
    const fields = (await auditOf(s.id)).at(-1).details.fields.sort();
    expect(fields).toEqual(["districtCode", "latitude", "longitude"]);
  });

  it("keeps a district set by hand when the coordinates change, until asked to derive it again", async () => {
    const s = await newStructure();
    const set = result(
      await send("coordinator", UPDATE, { id: s.id, v: 1, input: { districtCode: "nantes-sud" } }),
    );
    expect(set).toMatchObject({ district: { code: "nantes-sud" }, districtOverridden: true });
    const moved = result(
      await send("coordinator", UPDATE, { id: s.id, v: 2, input: DERVALLIERES }),
    );
    expect(moved).toMatchObject({ district: { code: "nantes-sud" }, districtOverridden: true });
    const derived = result(
      await send("coordinator", UPDATE, { id: s.id, v: 3, input: { deriveDistrict: true } }),
    );
    expect(derived).toMatchObject({
      district: { code: "dervallieres-zola" },
      districtOverridden: false,
    });
  });

  it("gives a ConflictError with the current version when someone saved in between, writing nothing", async () => {
    const s = await newStructure();
    result(await send("coordinator", UPDATE, { id: s.id, v: 1, input: { name: "Premier" } }));
    const before = await snapshot(s.id);
    const stale = result(
      await send("admin", UPDATE, { id: s.id, v: 1, input: { name: "Second" } }),
    );
    expect(stale).toMatchObject({
      __typename: "ConflictError",
      errorCode: "CONFLICT",
      currentVersion: 2,
    });
    expect(await snapshot(s.id)).toEqual(before);
    const staleArchive = result(await send("admin", ARCHIVE, { id: s.id, v: 1 }));
    expect(staleArchive).toMatchObject({ __typename: "ConflictError", currentVersion: 2 });
    expect(await snapshot(s.id)).toEqual(before);
  });

  it("lets one of two simultaneous saves of the same version win; the other gets a ConflictError", async () => {
    const s = await newStructure();
    const [a, b] = (
      await Promise.all([
        send("coordinator", UPDATE, { id: s.id, v: 1, input: { name: "Version A" } }),
        send("admin", UPDATE, { id: s.id, v: 1, input: { name: "Version B" } }),
      ])
    ).map(result);
    expect([a.__typename, b.__typename].sort()).toEqual(["ConflictError", "Structure"]);
    const winner = a.__typename === "Structure" ? a : b;
    const loser = a === winner ? b : a;
    expect(loser.currentVersion).toBe(2);
    const [row] = await sql(`SELECT name, version FROM structure WHERE id = $1`, [s.id]);
    expect(row).toEqual({ name: winner.name, version: 2 });
    const updates = (await auditOf(s.id)).filter((e: any) => e.action === "structure.updated");
    expect(updates).toHaveLength(1);
  });

  // Each bad input alone: a typed error naming the field, and the row (version included) intact.
  const parentIsChild = "parent:child";
  it.each([
    ["latitude 91", { latitude: 91, longitude: -1.55 }, ["latitude:OUT_OF_RANGE"]],
    ["longitude -181", { latitude: 47.2, longitude: -181 }, ["longitude:OUT_OF_RANGE"]],
    ["a latitude alone", { latitude: 47.2 }, ["longitude:REQUIRED"]],
    ["a longitude alone", { latitude: null, longitude: -1.55 }, ["latitude:REQUIRED"]],
    [
      "a 10,001-character description",
      { description: "é".repeat(10_001) },
      ["description:TOO_LONG"],
    ],
    ["a 281-character summary", { summary: "x".repeat(281) }, ["summary:TOO_LONG"]],
    ["a 10,000-character name", { name: "x".repeat(10_000) }, ["name:TOO_LONG"]],
    ["a malformed SIRET", { pivot: "43493312300028" }, ["pivot:INVALID_CHECKSUM"]],
    ["a pivot of another shape", { pivot: "ABC" }, ["pivot:INVALID_FORMAT"]],
    [
      "invalid opening hours",
      { openingHours: "Lundi matin" },
      ["openingHours:INVALID_OPENING_HOURS"],
    ],
    ["an unknown district", { districtCode: "atlantis" }, ["districtCode:UNKNOWN_DISTRICT"]],
    ["a malformed district", { districtCode: "Nantes Nord!" }, ["districtCode:UNKNOWN_DISTRICT"]],
    [
      "a district and derivation",
      { districtCode: "nantes-sud", deriveDistrict: true },
      ["deriveDistrict:INCOMPATIBLE"],
    ],
    [
      "an unknown parent",
      { parentId: "00000000-0000-4000-8000-000000000000" },
      ["parentId:UNKNOWN_PARENT"],
    ],
    ["a malformed parent", { parentId: "ccas" }, ["parentId:INVALID_FORMAT"]],
    ["itself as parent", { parentId: "self" }, ["parentId:PARENT_CYCLE"]],
    ["its own child as parent", { parentId: parentIsChild }, ["parentId:PARENT_CYCLE"]],
    ["a cleared name", { name: null }, ["name:REQUIRED"]],
    ["a cleared kind", { kind: null }, ["kind:REQUIRED"]],
    ["a national phone of 9 digits", { phone: "02 40 00 00 0" }, ["phone:INVALID_FORMAT"]],
    ["an INSEE code of letters", { inseeCode: "NANTE" }, ["inseeCode:INVALID_FORMAT"]],
    [
      "11 e-mails",
      { emails: Array.from({ length: 11 }, (_, i) => `a${i}@example.org`) },
      ["emails:TOO_MANY"],
    ],
    [
      "an ftp accessibility sheet",
      { accessibilityUrl: "ftp://example.org/x" },
      ["accessibilityUrl:INVALID_FORMAT"],
    ],
  ])("refuses %s", async (_label, input: Record<string, unknown>, expected) => {
    // ccas-nantes is the parent of A: making A its parent would close a loop.
    if (input.parentId === "self") input = { parentId: ccasNantes };
    if (input.parentId === parentIsChild) input = { parentId: A };
    const before = await snapshot(ccasNantes);
    const res = result(
      await send("managerA", UPDATE, { id: ccasNantes, v: before.row.version, input }),
    );
    expect(res.__typename).toBe("ValidationError");
    expect(pathsOf(res)).toEqual(expected);
    for (const f of res.fields) expect(f.message).toMatch(/[a-zé]{3,}/);
    expect(await snapshot(ccasNantes)).toEqual(before);
  });

  it("refuses a NUL character before any resolver runs, naming the field", async () => {
    const before = await snapshot(ccasNantes);
    const res = await send("managerA", UPDATE, {
      id: ccasNantes,
      v: before.row.version,
      input: { otherLabels: "a\u0000b" },
    });
    expect(res.errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "input.otherLabels",
    });
    expect(await snapshot(ccasNantes)).toEqual(before);
  });

  it("refuses an unknown enum value before any resolver runs", async () => {
    const before = await snapshot(A);
    const inline = await send(
      "managerA",
      `mutation ($id: ID!) { updateStructure(id: $id, expectedVersion: ${before.row.version}, input: { kind: SPACESHIP }) { __typename } }`,
      { id: A },
    );
    expect(codeOf(inline)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    const variable = await send("managerA", UPDATE, {
      id: A,
      v: before.row.version,
      input: { mobility: ["FLYING"] },
    });
    expect(codeOf(variable)).toEqual(["BAD_USER_INPUT"]);
    expect(await snapshot(A)).toEqual(before);
  });

  it("refuses anonymous callers, staff, a manager of another structure and API tokens", async () => {
    const before = await snapshot(A);
    const input = { name: "Détournée" };
    const v = before.row.version;
    expect(codeOf(await send("anonymous", UPDATE, { id: A, v, input }))).toEqual([
      "UNAUTHENTICATED",
    ]);
    for (const caller of ["staffA", "managerB", "tokenA"]) {
      expect({ caller, codes: codeOf(await send(caller, UPDATE, { id: A, v, input })) }).toEqual({
        caller,
        codes: ["FORBIDDEN"],
      });
    }
    expect(await snapshot(A)).toEqual(before);
  });

  it("answers NotFoundError for an unknown id and BAD_USER_INPUT for a malformed one", async () => {
    const unknown = result(
      await send("admin", UPDATE, {
        id: "00000000-0000-4000-8000-000000000000",
        v: 1,
        input: { name: "x" },
      }),
    );
    expect(unknown).toMatchObject({ __typename: "NotFoundError", errorCode: "NOT_FOUND" });
    const malformed = await send("admin", UPDATE, { id: "nope", v: 1, input: { name: "x" } });
    expect(codeOf(malformed)).toEqual(["BAD_USER_INPUT"]);
  });

  it("refuses to drop the Pass numérique label while an offer accepts it", async () => {
    const s = await newStructure({ passNumerique: true });
    result(
      await send("coordinator", CREATE_OFFER, {
        s: s.id,
        input: {
          title: "Ateliers Pass",
          category: "EVERYDAY_DIGITAL_TOOLS",
          fees: ["PASS_NUMERIQUE"],
        },
      }),
    );
    const res = result(
      await send("coordinator", UPDATE, { id: s.id, v: 1, input: { passNumerique: false } }),
    );
    expect(pathsOf(res)).toEqual(["passNumerique:IN_USE"]);
  });
});

describe("archiveStructure", () => {
  it("takes a structure out of the directory, keeps its history, and freezes it", async () => {
    const s = await newStructure({ summary: "Permanence xylographique hebdomadaire." });
    // direction@ccas becomes its manager.
    await sql(
      `INSERT INTO membership (user_id, structure_id, role)
       SELECT id, $1, 'MANAGER' FROM app_user WHERE email = 'direction@ccas.maillage.test'`,
      [s.id],
    );
    const offer = result(
      await send("managerA", CREATE_OFFER, {
        s: s.id,
        input: { title: "Initiation", category: "DIGITAL_CULTURE" },
      }),
    );
    expect(await directoryIds("xylographique")).toEqual([s.id]);

    expect(codeOf(await send("staffA", ARCHIVE, { id: s.id, v: 1 }))).toEqual(["FORBIDDEN"]);
    expect(codeOf(await send("managerB", ARCHIVE, { id: s.id, v: 1 }))).toEqual(["FORBIDDEN"]);
    const archived = result(await send("managerA", ARCHIVE, { id: s.id, v: 1 }));
    expect(archived).toMatchObject({ __typename: "Structure", version: 2 });
    expect(archived.archivedAt).not.toBeNull();

    expect(await directoryIds("xylographique")).toEqual([]);
    const read = await t.gql(
      `query ($id: ID!) { structure(id: $id) { id archivedAt offers { id } } }`,
      {
        id: s.id,
      },
    );
    expect(result(read)).toMatchObject({ id: s.id, offers: [{ id: offer.id }] });

    const again = result(await send("managerA", ARCHIVE, { id: s.id, v: 2 }));
    expect(again).toMatchObject({ __typename: "Structure", version: 2 });
    const update = result(await send("managerA", UPDATE, { id: s.id, v: 2, input: { name: "x" } }));
    expect(pathsOf(update)).toEqual(["id:ARCHIVED"]);
    const newOffer = result(
      await send("managerA", CREATE_OFFER, {
        s: s.id,
        input: { title: "Encore", category: "DIGITAL_CULTURE" },
      }),
    );
    expect(pathsOf(newOffer)).toEqual(["structureId:ARCHIVED"]);
    const suspended = result(await send("managerA", SUSPEND, { id: offer.id, v: 1 }));
    expect(pathsOf(suspended)).toEqual(["id:ARCHIVED"]);

    expect((await auditOf(s.id)).map((a: any) => a.action)).toEqual([
      "structure.created",
      "structure.archived",
    ]);
    expect(await versionOf(s.id)).toBe(2);
  });
});

describe("offers", () => {
  it("a manager adds an offer to its structure; the directory shows it", async () => {
    const res = result(
      await send("managerA", CREATE_OFFER, {
        s: A,
        input: {
          title: "  Atelier   tablettes ",
          category: "EVERYDAY_DIGITAL_TOOLS",
          fees: ["FREE", "PASS_NUMERIQUE", "FREE"],
          publics: ["SENIORS"],
          supportModes: ["COLLECTIVE"],
          capacityPerWeek: 12,
        },
      }),
    );
    expect(res).toMatchObject({
      __typename: "ServiceOffer",
      title: "Atelier tablettes",
      fees: ["FREE", "PASS_NUMERIQUE"],
      capacityPerWeek: 12,
      active: true,
      version: 1,
      structure: { id: A },
    });
    const offers = result(
      await t.gql(`query ($id: ID!) { structure(id: $id) { offers { id } } }`, { id: A }),
    ).offers;
    expect(offers.map((o: any) => o.id)).toContain(res.id);
    expect(await auditOf(res.id)).toMatchObject([
      { action: "offer.created", email: "direction@ccas.maillage.test" },
    ]);
  });

  it("accepts Pass numérique only at labelled structures", async () => {
    const before = await snapshot(ccasNantes);
    const res = result(
      await send("managerA", CREATE_OFFER, {
        s: ccasNantes,
        input: { title: "Chèques", category: "EVERYDAY_DIGITAL_TOOLS", fees: ["PASS_NUMERIQUE"] },
      }),
    );
    expect(pathsOf(res)).toEqual(["fees:NOT_PASS_NUMERIQUE_LABELLED"]);
    expect(await snapshot(ccasNantes)).toEqual(before);
  });

  it("updates an offer with its version; a stale version and bad input change nothing", async () => {
    const offer = result(
      await send("managerA", CREATE_OFFER, {
        s: A,
        input: { title: "Permanence", category: "ADMINISTRATIVE_PROCEDURES" },
      }),
    );
    const updated = result(
      await send("managerA", UPDATE_OFFER, {
        id: offer.id,
        v: 1,
        input: { title: "Permanence CAF", capacityPerWeek: 20, description: "Le mardi." },
      }),
    );
    expect(updated).toMatchObject({ title: "Permanence CAF", capacityPerWeek: 20, version: 2 });
    const cleared = result(
      await send("managerA", UPDATE_OFFER, {
        id: offer.id,
        v: 2,
        input: { capacityPerWeek: null, description: null },
      }),
    );
    expect(cleared).toMatchObject({ capacityPerWeek: null, description: null, version: 3 });
    expect((await auditOf(offer.id)).at(-1).details.fields.sort()).toEqual([
      "capacityPerWeek",
      "description",
    ]);

    const [before] = await sql(`SELECT * FROM service_offer WHERE id = $1`, [offer.id]);
    const stale = result(
      await send("managerA", UPDATE_OFFER, { id: offer.id, v: 1, input: { title: "Ancienne" } }),
    );
    expect(stale).toMatchObject({ __typename: "ConflictError", currentVersion: 3 });
    const bad = result(
      await send("managerA", UPDATE_OFFER, {
        id: offer.id,
        v: 3,
        input: {
          title: "x".repeat(201),
          description: "x".repeat(10_001),
          capacityPerWeek: 10_001,
          category: null,
        },
      }),
    );
    expect(pathsOf(bad)).toEqual([
      "capacityPerWeek:OUT_OF_RANGE",
      "category:REQUIRED",
      "description:TOO_LONG",
      "title:TOO_LONG",
    ]);
    const zero = result(
      await send("managerA", UPDATE_OFFER, {
        id: offer.id,
        v: 3,
        input: { title: " ", capacityPerWeek: 0 },
      }),
    );
    expect(pathsOf(zero)).toEqual(["capacityPerWeek:OUT_OF_RANGE", "title:REQUIRED"]);
    const [after] = await sql(`SELECT * FROM service_offer WHERE id = $1`, [offer.id]);
    expect(after).toEqual(before);
  });

  it("a suspended offer leaves the structure's offers until resumed", async () => {
    const offer = result(
      await send("managerA", CREATE_OFFER, {
        s: A,
        input: { title: "Prêt de tablettes", category: "INTERNET_AND_EQUIPMENT_ACCESS" },
      }),
    );
    const offersOfA = async () =>
      result(
        await t.gql(`query ($id: ID!) { structure(id: $id) { offers { id } } }`, { id: A }),
      ).offers.map((o: any) => o.id);
    expect(await offersOfA()).toContain(offer.id);

    const suspended = result(await send("coordinator", SUSPEND, { id: offer.id, v: 1 }));
    expect(suspended).toMatchObject({ active: false, version: 2 });
    expect(await offersOfA()).not.toContain(offer.id);
    const stale = result(await send("coordinator", RESUME, { id: offer.id, v: 1 }));
    expect(stale).toMatchObject({ __typename: "ConflictError", currentVersion: 2 });
    expect(await offersOfA()).not.toContain(offer.id);

    const resumed = result(await send("admin", RESUME, { id: offer.id, v: 2 }));
    expect(resumed).toMatchObject({ active: true, version: 3 });
    expect(await offersOfA()).toContain(offer.id);
    expect((await auditOf(offer.id)).map((a: any) => [a.action, a.email])).toEqual([
      ["offer.created", "direction@ccas.maillage.test"],
      ["offer.suspended", "coordination@maillage.test"],
      ["offer.resumed", "admin@maillage.test"],
    ]);
  });

  it("refuses anonymous callers, staff, a manager of another structure and API tokens", async () => {
    const offer = result(
      await send("managerA", CREATE_OFFER, {
        s: A,
        input: { title: "Protégée", category: "DIGITAL_LEISURE" },
      }),
    );
    const before = await snapshot(A);
    const input = { title: "Intrusion", category: "DIGITAL_LEISURE" };
    const attempts: [string, Record<string, unknown>][] = [
      [CREATE_OFFER, { s: A, input }],
      [UPDATE_OFFER, { id: offer.id, v: 1, input: { title: "Intrusion" } }],
      [SUSPEND, { id: offer.id, v: 1 }],
    ];
    for (const [query, variables] of attempts) {
      expect(codeOf(await send("anonymous", query, variables))).toEqual(["UNAUTHENTICATED"]);
      for (const caller of ["staffA", "managerB", "tokenA"]) {
        expect({ caller, codes: codeOf(await send(caller, query, variables)) }).toEqual({
          caller,
          codes: ["FORBIDDEN"],
        });
      }
    }
    expect(await snapshot(A)).toEqual(before);
    expect(await auditOf(offer.id)).toHaveLength(1);

    // The manager of another structure edits its own.
    const own = result(
      await send("managerB", CREATE_OFFER, {
        s: recup,
        input: { title: "Réparation", category: "AFFORDABLE_EQUIPMENT", fees: ["PASS_NUMERIQUE"] },
      }),
    );
    expect(own.__typename).toBe("ServiceOffer");
  });

  it("answers NotFoundError for an unknown offer or structure", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(result(await send("admin", SUSPEND, { id: missing, v: 1 })).__typename).toBe(
      "NotFoundError",
    );
    const create = await send("admin", CREATE_OFFER, {
      s: missing,
      input: { title: "x", category: "DIGITAL_LEISURE" },
    });
    expect(result(create).__typename).toBe("NotFoundError");
  });
});

describe("suspended offers", () => {
  const OFFERS = `query($id: ID!) { structure(id: $id) { offers(includeSuspended: true) { id active } } }`;

  it("are listed for the structure's editors only", async () => {
    const structureId = await demoStructureId(t, "ccas-espace-public-numerique");
    const [{ id: suspendedId }] = await t.database.db.dataSource.query(
      `INSERT INTO service_offer (structure_id, title, category, active) VALUES ($1, 'En pause', 'DIGITAL_LEISURE', false) RETURNING id`,
      [structureId],
    );
    const manager = await loginAs(t, "direction@ccas.maillage.test");
    const listed = await t.gql(OFFERS, { id: structureId }, { cookie: manager });
    expect(listed.data!.structure.offers).toContainEqual({ id: suspendedId, active: false });
    const staff = await loginAs(t, "mediation@ccas.maillage.test");
    const refused = await t.gql(OFFERS, { id: structureId }, { cookie: staff });
    expect(refused.errors![0].extensions!.code).toBe("FORBIDDEN");
    const anonymous = await t.gql(OFFERS, { id: structureId });
    expect(anonymous.errors![0].extensions!.code).toBe("FORBIDDEN");
    const active = await t.gql(`query($id: ID!) { structure(id: $id) { offers { id } } }`, {
      id: structureId,
    });
    expect(active.data!.structure.offers).not.toContainEqual({ id: suspendedId });
  });
});
