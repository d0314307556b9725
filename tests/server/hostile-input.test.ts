import { Buffer } from "node:buffer";
import type { Client } from "graphql-ws";
import { demoStructureId, loginAs, LOGIN } from "./support/identity";
import { type GraphQLResponse, startTestApp, type TestApp, wsRequest } from "./support/test-app";

/*
 * Strings and numbers PostgreSQL cannot take (NUL, lone surrogates, subnormal floats) are refused
 * by the one input rule (server/src/graphql/input-guard.ts) as BAD_USER_INPUT naming the
 * argument, on HTTP (graphql-js and graphql-jit) and on WebSocket; nothing is written and nothing
 * is logged at error level.
 */

let t: TestApp;
let A: string;
let admin: string;
const clients: Client[] = [];

beforeAll(async () => {
  t = await startTestApp({ seed: "demo" });
  A = await demoStructureId(t, "ccas-espace-public-numerique");
  admin = await loginAs(t, "admin@maillage.test");
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await t?.stop();
});

const NUL = "a\u0000b";
const HIGH = "a\ud800b";
const LOW = "a\udc00b";

const errorLogs = () => t.logs.filter((l) => l.level >= 50);

function expectRefused(res: GraphQLResponse, code: string, argument: string) {
  expect(res.errors).toHaveLength(1);
  expect(res.errors?.[0].extensions).toMatchObject({ code, argument });
  expect(JSON.stringify(res)).not.toContain("INTERNAL_SERVER_ERROR");
}

const count = async (table: string) =>
  Number((await t.database.db.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

const STRUCTURES = `query ($filter: DirectoryFilter) { structures(filter: $filter) { totalCount } }`;
const CREATE_STRUCTURE = `mutation ($input: CreateStructureInput!) { createStructure(input: $input) { __typename } }`;
const CREATE_TOKEN = `mutation ($s: ID!, $n: String!) { createApiToken(structureId: $s, name: $n) { __typename } }`;
const INVITE = `mutation ($input: InviteUserInput!) { inviteUser(input: $input) { __typename } }`;
const CREATE_DEVICE = `mutation ($i: String!) { createDevice(input: { inventoryId: $i, kind: LAPTOP, origin: "Don" }) { __typename } }`;

describe("NUL and lone surrogates", () => {
  afterEach(() => expect(errorLogs()).toEqual([]));

  it("login with a NUL in the e-mail", async () => {
    expectRefused(await t.gql(LOGIN, { email: NUL, password: "x" }), "BAD_USER_INPUT", "email");
  });

  it("a directory search with a NUL in the text, as a variable and as a literal", async () => {
    expectRefused(
      await t.gql(STRUCTURES, { filter: { text: NUL } }),
      "BAD_USER_INPUT",
      "filter.text",
    );
    expectRefused(
      await t.gql(`{ structures(filter: { text: "a\\u0000b" }) { totalCount } }`),
      "BAD_USER_INPUT",
      "filter.text",
    );
  });

  it("a cursor whose JSON holds a NUL or a lone surrogate is INVALID_CURSOR", async () => {
    for (const name of ["a\u0000", "\ud800"]) {
      const after = Buffer.from(JSON.stringify([name, A])).toString("base64url");
      const res = await t.gql(
        `query ($after: String) { structures(after: $after) { totalCount } }`,
        {
          after,
        },
      );
      expectRefused(res, "INVALID_CURSOR", "after");
    }
  });

  it.each([
    ["NUL", NUL],
    ["a high surrogate", HIGH],
    ["a low surrogate", LOW],
  ])("mutations refuse %s and write nothing", async (_what, bad) => {
    const before = await Promise.all(["structure", "api_token", "invitation", "device"].map(count));
    const cookie = { cookie: admin };
    expectRefused(
      await t.gql(
        CREATE_STRUCTURE,
        { input: { name: bad, kind: "OTHER", pivot: "W442000001" } },
        cookie,
      ),
      "BAD_USER_INPUT",
      "input.name",
    );
    expectRefused(await t.gql(CREATE_TOKEN, { s: A, n: bad }, cookie), "BAD_USER_INPUT", "name");
    expectRefused(
      await t.gql(
        INVITE,
        { input: { email: `x${bad}@maillage.test`, structureId: A, role: "STAFF" } },
        cookie,
      ),
      "BAD_USER_INPUT",
      "input.email",
    );
    expectRefused(
      await t.gql(CREATE_DEVICE, { i: bad }, cookie),
      "BAD_USER_INPUT",
      "input.inventoryId",
    );
    const after = await Promise.all(["structure", "api_token", "invitation", "device"].map(count));
    expect(after).toEqual(before);
  });
});

describe("numbers", () => {
  afterEach(() => expect(errorLogs()).toEqual([]));

  it("a denormal near is BAD_USER_INPUT naming the field", async () => {
    const near = { lat: 5e-324, lon: 5e-324, radiusMeters: 5e-324 };
    expectRefused(
      await t.gql(STRUCTURES, { filter: { near } }),
      "BAD_USER_INPUT",
      "filter.near.lat",
    );
    expectRefused(
      await t.gql(
        `{ structures(filter: { near: { lat: 1, lon: 2, radiusMeters: 5e-324 } }) { totalCount } }`,
      ),
      "BAD_USER_INPUT",
      "filter.near.radiusMeters",
    );
  });

  it("an infinite literal is refused", async () => {
    expectRefused(
      await t.gql(
        `{ structures(filter: { near: { lat: 1e999, lon: 2, radiusMeters: 10 } }) { totalCount } }`,
      ),
      "BAD_USER_INPUT",
      "filter.near.lat",
    );
  });

  it("a cursor with a number out of float4 range is INVALID_CURSOR", async () => {
    const after = Buffer.from(JSON.stringify([1e300, A])).toString("base64url");
    const res = await t.gql(
      `query ($after: String) { structures(filter: { text: "numérique" }, after: $after) { totalCount } }`,
      { after },
    );
    expectRefused(res, "INVALID_CURSOR", "after");
  });
});

describe("over graphql-ws", () => {
  afterEach(() => expect(errorLogs()).toEqual([]));

  it("the same rule applies", async () => {
    const c = t.ws({ headers: { cookie: admin } });
    clients.push(c);
    expectRefused(
      await wsRequest(c, STRUCTURES, { filter: { text: NUL } }),
      "BAD_USER_INPUT",
      "filter.text",
    );
    expectRefused(
      await wsRequest(c, STRUCTURES, {
        filter: { near: { lat: 5e-324, lon: 1, radiusMeters: 10 } },
      }),
      "BAD_USER_INPUT",
      "filter.near.lat",
    );
    const before = await count("api_token");
    expectRefused(await wsRequest(c, CREATE_TOKEN, { s: A, n: HIGH }), "BAD_USER_INPUT", "name");
    expect(await count("api_token")).toBe(before);
  });
});

describe("the upload route", () => {
  it("a file name with a NUL is dropped, not a 500", async () => {
    const res = await fetch(`${t.url}/imports/uploads`, {
      method: "POST",
      headers: { "content-type": "text/csv", cookie: admin, "x-file-name": "a%00b.csv" },
      body: "a;b\n",
    });
    expect(res.status).toBe(201);
    expect(errorLogs()).toEqual([]);
  });
});

describe("persisted queries", () => {
  const post = (body: unknown) =>
    fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const query = "{ __typename }";

  it.each([
    [
      "a hash that does not match the query",
      { version: 1, sha256Hash: "0".repeat(64) },
      /sha does not match/,
    ],
    ["a hash that is not a string", { version: 1, sha256Hash: 42 }, /sha does not match/],
    [
      "an unknown version",
      { version: 2, sha256Hash: "0".repeat(64) },
      /Unsupported persisted query version/,
    ],
    ["an extension that is not an object", "yes", /Unsupported persisted query version/],
  ])("%s: 400 BAD_REQUEST with a message that says so", async (_what, persistedQuery, message) => {
    const res = await post({ query, extensions: { persistedQuery } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as GraphQLResponse;
    expect(body.errors?.[0].message).toMatch(message);
    expect(body.errors?.[0].extensions?.code).toBe("BAD_REQUEST");
    expect(errorLogs()).toEqual([]);
  });
});
