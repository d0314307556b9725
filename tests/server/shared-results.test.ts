import { readFileSync } from "node:fs";
import path from "node:path";
import { getOperationAST, Kind, parse } from "graphql";
import { Client } from "pg";
import pino from "pino";
import { openDatabase } from "../../server/src/db/data-source";
import { directoryWritten, onDirectoryWrite } from "../../server/src/db/directory-writes";
import { getSchema } from "../../server/src/graphql/schema";
import {
  SHAREABLE_FIELDS,
  ShareableDocuments,
} from "../../server/src/graphql/shared-results/shareable-fields";
import { demoStructureId, loginAs } from "./support/identity";
import { type GraphQLResponse, startTestApp, type TestApp } from "./support/test-app";

/*
 * Shared directory results (graphql/shared-results/): the same directory query is answered
 * again without executing (no SQL) while the directory has not changed, to anonymous and
 * signed-in callers alike; never for what depends on the caller, never stale.
 */

let t: TestApp;
let clock = new Date("2026-03-10T09:30:00Z"); // a Tuesday, 10:30 in Paris
let admin: string;
let A: string;

beforeAll(async () => {
  t = await startTestApp({ seed: "demo", app: { now: () => clock } });
  admin = await loginAs(t, "admin@maillage.test");
  A = await demoStructureId(t, "ccas-espace-public-numerique");
});
afterAll(() => t?.stop());

/** Sends a named document and returns its response with the access-log line of that request. */
async function send(
  app: TestApp,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ res: GraphQLResponse; log: Record<string, any> }> {
  const res = await app.gql(query, variables, headers);
  const log = await lastLog(app);
  return { res, log };
}

/** The access-log line of the last GraphQL request (written when its response finished). */
async function lastLog(app: TestApp): Promise<Record<string, any>> {
  const count = () => app.logs.filter((l) => l.msg === "request" && l.path === "/graphql").length;
  const before = loggedRequests.get(app) ?? 0;
  for (let i = 0; i < 200 && count() <= before; i++) await new Promise((r) => setTimeout(r, 5));
  loggedRequests.set(app, count());
  return app.logs.filter((l) => l.msg === "request" && l.path === "/graphql").at(-1)!;
}
const loggedRequests = new Map<TestApp, number>();

const SEARCH = `query Search($filter: DirectoryFilter, $first: Int!) {
  structures(filter: $filter, first: $first) {
    totalCount
    edges { cursor node { id name version district { code name } openingHours { openNow nextOpeningAt }
      offers { id title category } } }
    pageInfo { hasNextPage endCursor }
  } }`;

async function syncLogs() {
  await new Promise((r) => setTimeout(r, 20));
  loggedRequests.set(t, t.logs.filter((l) => l.msg === "request" && l.path === "/graphql").length);
}

beforeEach(syncLogs);

describe("a directory search sent again", () => {
  it("is answered without SQL and with the same body", async () => {
    const vars = { filter: { categories: ["ADMINISTRATIVE_PROCEDURES"] }, first: 20 };
    const first = await send(t, SEARCH, vars);
    expect(first.res.errors).toBeUndefined();
    expect(first.res.data!.structures.totalCount).toBeGreaterThan(0);
    expect(first.log.sqlStatements).toBeGreaterThan(0);
    expect(first.log.sharedResult).toBe("stored");
    const second = await send(t, SEARCH, vars);
    expect(second.log.sqlStatements).toBe(0);
    expect(second.log.sharedResult).toBe("hit");
    expect(second.res.data).toEqual(first.res.data);
  });

  it("is sent as the very bytes of the response that stored it", async () => {
    const body = JSON.stringify({
      query: SEARCH,
      variables: { filter: { categories: ["EVERYDAY_DIGITAL_TOOLS"] }, first: 6 },
    });
    const post = () =>
      fetch(`${t.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
    const stored = await post();
    expect((await lastLog(t)).sharedResult).toBe("stored");
    const hit = await post();
    expect((await lastLog(t)).sharedResult).toBe("hit");
    const [storedText, hitText] = [await stored.text(), await hit.text()];
    expect(hitText).toBe(storedText);
    expect(hitText.endsWith("}\n")).toBe(true);
    expect(JSON.parse(hitText).data.structures.edges).toHaveLength(6);
    expect(hit.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(Number(hit.headers.get("content-length"))).toBe(Buffer.byteLength(hitText));
  });

  it("is shared between anonymous and signed-in callers, whatever the order of the variables", async () => {
    const anonymous = await send(t, SEARCH, {
      first: 7,
      filter: { districtCodes: ["nantes-nord"] },
    });
    expect(anonymous.log.sharedResult).toBe("stored");
    const signedIn = await send(
      t,
      SEARCH,
      { filter: { districtCodes: ["nantes-nord"] }, first: 7 },
      { cookie: admin },
    );
    // Its session is still looked up (one statement); the search is not executed.
    expect(signedIn.log.sharedResult).toBe("hit");
    expect(signedIn.log.sqlStatements).toBeLessThanOrEqual(1);
    expect(signedIn.res.data).toEqual(anonymous.res.data);
  });

  it("is not shared when the variables differ", async () => {
    await send(t, SEARCH, { first: 3 });
    const other = await send(t, SEARCH, { first: 4 });
    expect(other.log.sqlStatements).toBeGreaterThan(0);
    expect(other.res.data!.structures.edges).toHaveLength(4);
  });

  it("is computed again when the minute changes (open now)", async () => {
    const vars = { filter: { openNow: true }, first: 5 };
    const before = await send(t, SEARCH, vars);
    expect((await send(t, SEARCH, vars)).log.sqlStatements).toBe(0);
    clock = new Date(clock.getTime() + 60_000);
    try {
      const later = await send(t, SEARCH, vars);
      expect(later.log.sqlStatements).toBeGreaterThan(0);
      expect(later.log.sharedResult).toBe("stored");
      expect(later.res.data!.structures.totalCount).toBe(before.res.data!.structures.totalCount);
    } finally {
      clock = new Date(clock.getTime() - 60_000);
    }
  });
});

describe("a change to the directory", () => {
  const UPDATE = `mutation Rename($id: ID!, $v: Int!, $name: String!) {
    updateStructure(id: $id, expectedVersion: $v, input: { name: $name }) {
      __typename ... on Structure { id name version } ... on ConflictError { currentVersion } } }`;
  const ONE = `query One($id: ID!) { structure(id: $id) { id name version } }`;

  it("made through this process's API is seen by the very next request", async () => {
    const before = await send(t, ONE, { id: A });
    expect((await send(t, ONE, { id: A })).log.sqlStatements).toBe(0);
    // Told by the service after its commit, not left to the notification coming back.
    let told = 0;
    const stop = onDirectoryWrite(t.database.db.dataSource, () => told++);
    const renamed = await send(
      t,
      UPDATE,
      { id: A, v: before.res.data!.structure.version, name: "Espace numérique (renommé)" },
      { cookie: admin },
    ).finally(stop);
    expect(renamed.res.data!.updateStructure.__typename).toBe("Structure");
    expect(told).toBe(1);
    const after = await send(t, ONE, { id: A });
    expect(after.log.sqlStatements).toBeGreaterThan(0);
    expect(after.res.data!.structure.name).toBe("Espace numérique (renommé)");
  });

  it("to an offer (suspended) is seen by the very next search", async () => {
    const OFFERS = `query Offers($id: ID!) { structure(id: $id) { id offers { id title } } }`;
    const before = await send(t, OFFERS, { id: A });
    const offers = before.res.data!.structure.offers as { id: string }[];
    expect(offers.length).toBeGreaterThan(0);
    expect((await send(t, OFFERS, { id: A })).log.sqlStatements).toBe(0);
    const [{ version }] = await t.database.db.dataSource.query(
      `SELECT version FROM service_offer WHERE id = $1`,
      [offers[0].id],
    );
    let told = 0;
    const stop = onDirectoryWrite(t.database.db.dataSource, () => told++);
    const suspended = await send(
      t,
      `mutation Suspend($id: ID!, $v: Int!) { suspendOffer(id: $id, expectedVersion: $v) { __typename } }`,
      { id: offers[0].id, v: version },
      { cookie: admin },
    ).finally(stop);
    expect(suspended.res.data!.suspendOffer.__typename).toBe("ServiceOffer");
    expect(told).toBe(1);
    const after = await send(t, OFFERS, { id: A });
    expect(after.res.data!.structure.offers.map((o: { id: string }) => o.id)).not.toContain(
      offers[0].id,
    );
  });

  it("is told to this process after its commit, not before, and not at all on rollback", async () => {
    const ds = t.database.db.dataSource;
    let told = 0;
    const stop = onDirectoryWrite(ds, () => told++);
    try {
      await ds.transaction(async (em) => {
        directoryWritten(em);
        await em.query(`UPDATE structure SET summary = summary WHERE id = $1`, [A]);
        expect(told).toBe(0);
      });
      expect(told).toBe(1);
      await ds
        .transaction(async (em) => {
          directoryWritten(em);
          throw new Error("rolled back");
        })
        .catch(() => undefined);
      expect(told).toBe(1);
      // Outside a transaction the statement has committed already: told at once.
      directoryWritten(ds);
      expect(told).toBe(2);
    } finally {
      stop();
    }
  });

  it("is told of the statements that write directory tables even when nobody says so", async () => {
    const ds = t.database.db.dataSource;
    let told = 0;
    const stop = onDirectoryWrite(ds, () => told++);
    try {
      // In a transaction: at its commit, and never on rollback.
      await ds.transaction(async (em) => {
        await em.query(`UPDATE structure SET summary = summary WHERE id = $1`, [A]);
        await em.query(`UPDATE "service_offer" SET title = title WHERE structure_id = $1`, [A]);
        expect(told).toBe(0);
      });
      expect(told).toBe(1);
      await ds
        .transaction(async (em) => {
          await em.query(`UPDATE structure SET summary = summary WHERE id = $1`, [A]);
          throw new Error("rolled back");
        })
        .catch(() => undefined);
      expect(told).toBe(1);
      // Alone: as it is sent, so that the writer's next read is answered from the new rows.
      await ds.query(`UPDATE structure SET summary = summary WHERE id = $1`, [A]);
      expect(told).toBe(2);
      // Reads, and writes of other tables, say nothing.
      await ds.query(`SELECT summary FROM structure WHERE id = $1`, [A]);
      await ds.query(`UPDATE structure_source SET source = source WHERE structure_id = $1`, [A]);
      expect(told).toBe(2);
    } finally {
      stop();
    }
  });

  it("is never answered from a shared mutation result", async () => {
    const { res } = await send(t, ONE, { id: A });
    const v = res.data!.structure.version;
    const vars = { id: A, v, name: "Espace numérique CCAS" };
    const first = await send(t, UPDATE, vars, { cookie: admin });
    expect(first.res.data!.updateStructure.__typename).toBe("Structure");
    const again = await send(t, UPDATE, vars, { cookie: admin });
    expect(again.res.data!.updateStructure).toEqual({
      __typename: "ConflictError",
      currentVersion: v + 1,
    });
    expect(again.log.sharedResult).toBeUndefined();
  });
});

describe("what is not shared", () => {
  it("a document with a field that is not declared shareable", async () => {
    const query = `query Check($id: ID!) { structure(id: $id) { id name locationCheck { toCheck } } }`;
    await send(t, query, { id: A }, { cookie: admin });
    const again = await send(t, query, { id: A }, { cookie: admin });
    expect(again.log.sqlStatements).toBeGreaterThan(0);
    expect(again.log.sharedResult).toBeUndefined();
  });

  it("a result whose execution read the viewer (suspended offers, for editors)", async () => {
    const query = `query Suspended($id: ID!) { structure(id: $id) { id offers(includeSuspended: true) { id active } } }`;
    const first = await send(t, query, { id: A }, { cookie: admin });
    expect(first.res.errors).toBeUndefined();
    expect(first.log.sharedResult).toBeUndefined();
    const again = await send(t, query, { id: A }, { cookie: admin });
    expect(again.log.sqlStatements).toBeGreaterThan(0);
    // An anonymous caller is refused, not handed the editor's result.
    const anonymous = await send(t, query, { id: A });
    expect(anonymous.res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("a result with errors", async () => {
    const query = `query Missing($id: ID!) { structure(id: $id) { id name } }`;
    const id = "00000000-0000-4000-8000-000000000000";
    const first = await send(t, query, { id });
    expect(first.res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const again = await send(t, query, { id });
    expect(again.log.sqlStatements).toBeGreaterThan(0);
    expect(again.log.sharedResult).toBeUndefined();
  });
});

/*
 * Between processes: a second app on its own connections to the same database. Needs PostgreSQL
 * (the embedded engine belongs to one process).
 */
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres("between instances, over PostgreSQL notifications", () => {
  let other: TestApp;
  let otherDb: Awaited<ReturnType<typeof openDatabase>>;
  let pg: Client;

  beforeAll(async () => {
    otherDb = await openDatabase(
      { databaseUrl: t.database.url!, dataDir: "" },
      pino({ level: "silent" }),
    );
    other = await startTestApp({
      database: {
        db: otherDb,
        url: t.database.url,
        makeUnreachable: async () => undefined,
        destroy: () => otherDb.close(),
      },
    });
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await other?.stop();
    await otherDb?.close();
  });
  beforeEach(async () => {
    await new Promise((r) => setTimeout(r, 20));
    loggedRequests.set(
      other,
      other.logs.filter((l) => l.msg === "request" && l.path === "/graphql").length,
    );
  });

  const ONE = `query Other($id: ID!) { structure(id: $id) { id name version } }`;

  /** Sends `ONE` to the first app until `accept` holds (the notification is on its way). */
  async function eventually(accept: (name: string) => boolean): Promise<string> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { res } = await send(t, ONE, { id: A });
      if (accept(res.data!.structure.name)) return res.data!.structure.name;
      if (Date.now() > deadline) throw new Error(`still ${res.data!.structure.name}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it("a change made by another instance is seen once its notification arrives", async () => {
    const { res } = await send(t, ONE, { id: A });
    expect((await send(t, ONE, { id: A })).log.sqlStatements).toBe(0);
    const cookie = await loginAs(other, "admin@maillage.test");
    const renamed = await send(
      other,
      `mutation R($id: ID!, $v: Int!) { updateStructure(id: $id, expectedVersion: $v, input: { name: "Renommé ailleurs" }) { __typename } }`,
      { id: A, v: res.data!.structure.version },
      { cookie },
    );
    expect(renamed.res.data!.updateStructure.__typename).toBe("Structure");
    expect(await eventually((name) => name === "Renommé ailleurs")).toBe("Renommé ailleurs");
  });

  it("stops sharing when its LISTEN connection is lost, and shares again once it is back", async () => {
    const shared = t.app.sharedResults!;
    await send(t, ONE, { id: A });
    expect((await send(t, ONE, { id: A })).log.sqlStatements).toBe(0);
    const database = new URL(t.database.url!).pathname.slice(1);
    const { rows } = await pg.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'maillage-listen' AND datname = $1`,
      [database],
    );
    expect(rows.length).toBeGreaterThan(0);
    await until(() => !shared.serving);
    // Written behind its back while it hears nothing: it answers with the database's rows.
    const direct = new Client({ connectionString: t.database.url });
    await direct.connect();
    try {
      await direct.query(`UPDATE structure SET name = 'Pendant la coupure' WHERE id = $1`, [A]);
    } finally {
      await direct.end();
    }
    const during = await send(t, ONE, { id: A });
    expect(during.res.data!.structure.name).toBe("Pendant la coupure");
    expect(during.log.sqlStatements).toBeGreaterThan(0);
    await until(() => shared.serving);
    const back = await send(t, ONE, { id: A });
    expect(back.res.data!.structure.name).toBe("Pendant la coupure");
    const again = await send(t, ONE, { id: A });
    expect(again.log.sqlStatements).toBe(0);
    expect(again.res.data).toEqual(back.res.data);
  });
});

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not reached within 10 s");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("which documents are shareable", () => {
  const verdictOf = async (source: string) => {
    const document = parse(source);
    return new ShareableDocuments(await getSchema()).verdict(document, getOperationAST(document)!);
  };

  it.each([
    ["a search", `{ structures(first: 5) { edges { node { id name } } } }`],
    [
      "named fragments and inline fragments on the same type",
      `query { structures(first: 5) { edges { node { ...S ... on Structure { phone } } } } }
       fragment S on Structure { id district { code } offers { ...O } }
       fragment O on ServiceOffer { title structure { name } }`,
    ],
    ["@skip and @include", `query ($s: Boolean!) { districts { code name @skip(if: $s) } }`],
    ["__typename", `{ __typename districts { __typename code } }`],
  ])("%s: shared by everyone", async (_, source) => {
    expect(await verdictOf(source)).toEqual({ shareable: true, byAccessClass: false });
  });

  it("the web client's directory documents are shared (a field added there must be declared)", async () => {
    const source = readFileSync(
      path.resolve(__dirname, "../../client/src/modules/directory/graphql/directory.graphql"),
      "utf8",
    );
    const document = parse(source);
    const documents = new ShareableDocuments(await getSchema());
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    expect(operations.map((o) => o.name?.value)).toEqual(["Directory", "DistrictShapes"]);
    for (const operation of operations) {
      expect(documents.verdict(document, operation)).toEqual({
        shareable: true,
        byAccessClass: false,
      });
    }
  });

  it.each([
    ["a mutation", `mutation { logout }`],
    [
      "a field not declared",
      `{ structures(first: 1) { edges { node { id notificationEmail } } } }`,
    ],
    [
      "a field not declared, in a fragment",
      `{ structure(id: "x") { ...S } } fragment S on Structure { id locationCheck { toCheck } }`,
    ],
    ["another root beside a declared one", `{ districts { code } viewer { kind } }`],
    ["an unknown directive", `{ districts @defer { code } }`],
  ])("%s: not shared", async (_, source) => {
    expect((await verdictOf(source)).shareable).toBe(false);
  });
});

it("a document reaching an @Allow field would be shared within its access class only", async () => {
  // Not declared shareable (tokens are a structure's own); declared here to test the rule.
  const documents = new ShareableDocuments(await getSchema(), {
    Query: ["apiTokens", "districts"],
    ApiToken: ["name"],
    District: ["code"],
  });
  const verdict = (source: string) => {
    const document = parse(source);
    return documents.verdict(document, getOperationAST(document)!);
  };
  expect(verdict(`{ apiTokens(structureId: "x") { name } }`)).toEqual({
    shareable: true,
    byAccessClass: true,
  });
  expect(verdict(`{ districts { code } }`)).toEqual({ shareable: true, byAccessClass: false });
});

describe("with SHARED_RESULTS=false", () => {
  it("executes every request", async () => {
    const off = await startTestApp({ database: t.database, env: { SHARED_RESULTS: "false" } });
    try {
      expect(off.app.sharedResults).toBeNull();
      loggedRequests.set(off, 0);
      const vars = { first: 2 };
      const first = await send(off, SEARCH, vars);
      const second = await send(off, SEARCH, vars);
      expect(second.log.sqlStatements).toBeGreaterThan(0);
      expect(second.log.sharedResult).toBeUndefined();
      expect(second.res.data).toEqual(first.res.data);
    } finally {
      await off.stop();
    }
  });
});

describe("the declared shareable fields", () => {
  it("all exist in the schema (a renamed field must be declared again)", async () => {
    const schema = await getSchema();
    const missing = Object.entries(SHAREABLE_FIELDS).flatMap(([type, fields]) => {
      const found = schema.getType(type);
      const known = found && "getFields" in found ? Object.keys(found.getFields()) : [];
      return fields.filter((f) => !known.includes(f)).map((f) => `${type}.${f}`);
    });
    expect(missing).toEqual([]);
  });
});
