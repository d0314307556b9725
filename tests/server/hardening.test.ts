import type { Client } from "graphql-ws";
import WebSocket from "ws";
import { LIMITS } from "../../server/src/graphql/limits";
import { hashSecret } from "../../server/src/modules/identity/secrets";
import { createToken, demoStructureId, loginAs } from "./support/identity";
import { type GraphQLResponse, startTestApp, type TestApp, wsRequest } from "./support/test-app";

/*
 * Attacks on both transports. Each refusal is checked twice: the error the caller gets, and that
 * no work was done — no SQL statement in the request's access-log line, or no row left by a
 * mutation hidden in the refused document.
 */

const PARTNER_ORIGIN = "https://partner.example";
const FOREIGN_ORIGIN = "https://evil.example";
const WS_PROTOCOL = "graphql-transport-ws";

let t: TestApp;
let A: string;
let adminCookie: string;
const clients: Client[] = [];

beforeAll(async () => {
  t = await startTestApp({ seed: "demo", env: { CORS_ORIGINS: PARTNER_ORIGIN } });
  A = await demoStructureId(t, "ccas-espace-public-numerique");
  adminCookie = await loginAs(t, "admin@maillage.test");
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await t?.stop();
});

/* ---------- helpers ---------- */

const sql = (app: TestApp, query: string, params: unknown[] = []) =>
  app.database.db.dataSource.query(query, params) as Promise<any[]>;

function client(app: TestApp, options?: Parameters<TestApp["ws"]>[0]): Client {
  const c = app.ws(options);
  clients.push(c);
  return c;
}

const codes = (res: GraphQLResponse) => res.errors?.map((e) => e.extensions?.code) ?? [];

/**
 * Sends a request and returns its response and its access-log line: the first one written after
 * the request was sent with the same method and status (requests of a file run one at a time).
 */
async function withLog(
  app: TestApp,
  request: () => Promise<Response>,
  method = "POST",
): Promise<{ res: Response; body: any; log: Record<string, any> }> {
  const before = app.logs.length;
  const res = await request();
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    const log = app.logs
      .slice(before)
      .find((l) => l.msg === "request" && l.method === method && l.status === res.status);
    if (log) return { res, body, log };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("no access-log line for the request");
}

const post = (app: TestApp, body: unknown, headers: Record<string, string> = {}) =>
  withLog(app, () =>
    fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

/** A raw graphql-transport-ws socket; rejects with the HTTP status when the upgrade is refused. */
function rawSocket(app: TestApp, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${app.url.replace("http", "ws")}/graphql`, WS_PROTOCOL, { headers });
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => {
      reject(
        Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode }),
      );
      ws.terminate();
    });
    ws.once("error", reject);
  });
}

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) resolve({ code: -1, reason: "already closed" });
    ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

function nextMessage(ws: WebSocket): Promise<any> {
  return new Promise((resolve, reject) => {
    ws.once("message", (data) => resolve(JSON.parse(String(data))));
    ws.once("close", (code) => reject(new Error(`closed with ${code}`)));
  });
}

/** Opens a socket and completes the graphql-transport-ws handshake. */
async function initialisedSocket(
  app: TestApp,
  headers: Record<string, string> = {},
  payload?: Record<string, unknown>,
): Promise<WebSocket> {
  const ws = await rawSocket(app, headers);
  const ack = nextMessage(ws);
  ws.send(JSON.stringify({ type: "connection_init", payload }));
  expect(await ack).toEqual(expect.objectContaining({ type: "connection_ack" }));
  return ws;
}

/* Documents built on the real schema; depth is counted the way graphql-armor counts it with
 * flattenFragments: one level per field, the leaf included; fragments add no level. */

const STRUCTURE_CHAIN = [
  { field: "structures(first: 1)", leaf: "totalCount" },
  { field: "edges", leaf: "cursor" },
  { field: "node", leaf: "name" },
];
const CYCLE = [
  { field: "offers", leaf: "title" },
  { field: "structure", leaf: "name" },
];

function nested(chain: { field: string; leaf: string }[], depth: number): string {
  const levels = [...chain];
  while (levels.length < depth - 1) levels.push(...CYCLE);
  const containers = levels.slice(0, depth - 1);
  let body = containers.at(-1)!.leaf;
  for (const level of [...containers].reverse()) body = `${level.field} { ${body} }`;
  return body;
}

/** `{ structures { edges { node { offers { structure … } } } } }`, `depth` levels deep. */
const deepQuery = (depth: number) => `query Deep { ${nested(STRUCTURE_CHAIN, depth)} }`;

/** A token creation (leaves a row and an audit entry) whose selection is `depth` levels deep. */
function deepMutation(depth: number): string {
  const chain = [
    { field: "createApiToken(structureId: $s, name: $n)", leaf: "__typename" },
    { field: "... on CreatedApiToken", leaf: "token" },
    { field: "apiToken", leaf: "name" },
    { field: "structure", leaf: "name" },
  ];
  // The inline fragment is one entry of the chain but no level of depth.
  return `mutation Deep($s: ID!, $n: String!) { ${nested(chain, depth + 1)} }`;
}

/** Tokens created under `name` (by a mutation that should or should not have run). */
async function tokensNamed(name: string): Promise<number> {
  const [row] = await sql(
    t,
    `SELECT (SELECT count(*) FROM api_token WHERE name LIKE $1)::int
          + (SELECT count(*) FROM audit_entry WHERE action = 'api_token.created' AND details->>'name' LIKE $1)::int AS n`,
    [name],
  );
  return row.n;
}

let serial = 0;
const unique = (what: string) => `${what}-${process.pid}-${++serial}`;

/* ---------- query limits ---------- */

type Transport = "http" | "ws";

/** Runs `query` as the admin over `transport` (a fresh socket each time for WebSocket). */
const asAdmin = (transport: Transport, query: string, variables: Record<string, unknown>) =>
  transport === "http"
    ? t.gql(query, variables, { cookie: adminCookie })
    : wsRequest(client(t, { headers: { cookie: adminCookie } }), query, variables);

/** The code of a refused limit: a validation failure, on both transports. */
const LIMIT_CODE = { http: "GRAPHQL_VALIDATION_FAILED", ws: "GRAPHQL_VALIDATION_FAILED" } as const;

/** Checks a refusal: its message and code, no data, and a 400 over HTTP. */
function expectRefused(transport: Transport, res: GraphQLResponse, message: RegExp) {
  expect(res.errors?.[0].message).toMatch(message);
  expect(codes(res)).toEqual([LIMIT_CODE[transport]]);
  expect(res.data).toBeUndefined();
  if (transport === "http") expect(res.status).toBe(400);
}

describe("query limits, on HTTP and on WebSocket", () => {
  it(`refuses depth ${LIMITS.maxDepth + 1} over HTTP before any SQL, accepts ${LIMITS.maxDepth}`, async () => {
    const refused = await post(t, { query: deepQuery(LIMITS.maxDepth + 1) });
    expectRefused(
      "http",
      { ...refused.body, status: refused.res.status },
      /depth limit of 8 exceeded, found 9/,
    );
    expect(refused.log.sqlStatements).toBe(0);

    const accepted = await post(t, { query: deepQuery(LIMITS.maxDepth) });
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data.structures.edges).toHaveLength(1);
    expect(accepted.log.sqlStatements).toBeGreaterThan(0);
  });

  it.each(["http", "ws"] as const)(
    `refuses depth ${LIMITS.maxDepth + 1} over %s without running the mutation, accepts ${LIMITS.maxDepth}`,
    async (transport) => {
      const refusedName = unique("depth-refused");
      const refused = await asAdmin(transport, deepMutation(LIMITS.maxDepth + 1), {
        s: A,
        n: refusedName,
      });
      expectRefused(transport, refused, /depth limit of 8 exceeded, found 9/);
      expect(await tokensNamed(refusedName)).toBe(0);

      const acceptedName = unique("depth-accepted");
      const accepted = await asAdmin(transport, deepMutation(LIMITS.maxDepth), {
        s: A,
        n: acceptedName,
      });
      expect(accepted.errors).toBeUndefined();
      expect(accepted.data?.createApiToken.apiToken.structure.offers).toBeDefined();
      expect(await tokensNamed(acceptedName)).toBe(2); // the token and its audit entry
    },
  );

  const aliases = (n: number, name: string) =>
    `mutation Aliases($s: ID!) { ${Array.from(
      { length: n },
      (_, i) => `a${i}: createApiToken(structureId: $s, name: "${name}-${i}") { __typename }`,
    ).join(" ")} }`;

  it.each(["http", "ws"] as const)(
    `refuses ${LIMITS.maxAliases + 1} aliases over %s without running any, accepts ${LIMITS.maxAliases}`,
    async (transport) => {
      const refusedName = unique("aliases-refused");
      const refused = await asAdmin(transport, aliases(LIMITS.maxAliases + 1, refusedName), {
        s: A,
      });
      expectRefused(transport, refused, /Aliases limit of 15 exceeded, found 16/);
      expect(await tokensNamed(`${refusedName}-%`)).toBe(0);

      const acceptedName = unique("aliases-accepted");
      const accepted = await asAdmin(transport, aliases(LIMITS.maxAliases, acceptedName), { s: A });
      expect(accepted.errors).toBeUndefined();
      expect(Object.keys(accepted.data!)).toHaveLength(LIMITS.maxAliases);
      expect(await tokensNamed(`${acceptedName}-%`)).toBe(2 * LIMITS.maxAliases);
    },
  );

  /** A token creation whose selection repeats `extra` `times` times. */
  const padded = (extra: string, times: number) =>
    `mutation Padded($s: ID!, $n: String!) { createApiToken(structureId: $s, name: $n) { __typename ${` ${extra}`.repeat(times)} } }`;

  it.each(["http", "ws"] as const)(
    `refuses more than ${LIMITS.maxTokens} tokens over %s without running the operation`,
    async (transport) => {
      const name = unique("tokens");
      const res = await asAdmin(transport, padded("__typename", LIMITS.maxTokens), {
        s: A,
        n: name,
      });
      expect(res.errors?.[0].message).toMatch(/more tha[nt] 2000 tokens/);
      expect(codes(res)).toEqual(["GRAPHQL_PARSE_FAILED"]);
      if (transport === "http") expect(res.status).toBe(400);
      expect(res.data).toBeUndefined();
      expect(await tokensNamed(name)).toBe(0);
    },
  );

  it.each(["http", "ws"] as const)(
    `refuses more than ${LIMITS.maxDirectives} directives over %s without running the operation`,
    async (transport) => {
      const directive = "__typename @include(if: true)";
      const refusedName = unique("directives-refused");
      const refused = await asAdmin(transport, padded(directive, LIMITS.maxDirectives + 1), {
        s: A,
        n: refusedName,
      });
      expectRefused(transport, refused, /Directives limit of 50 exceeded, found 51/);
      expect(await tokensNamed(refusedName)).toBe(0);

      const acceptedName = unique("directives-accepted");
      const accepted = await asAdmin(transport, padded(directive, LIMITS.maxDirectives), {
        s: A,
        n: acceptedName,
      });
      expect(accepted.errors).toBeUndefined();
      expect(await tokensNamed(acceptedName)).toBe(2);
    },
  );

  it(`refuses a query costing more than ${LIMITS.maxCost} over HTTP before any SQL`, async () => {
    // graphql-armor multiplies by `first`: 100 structures with their offers' structures' offers.
    const costly = (first: number) =>
      `query Costly { structures(first: ${first}) { edges { node { offers { structure { offers { title } } } } } } }`;
    const refused = await post(t, { query: costly(100) });
    expectRefused(
      "http",
      { ...refused.body, status: refused.res.status },
      /Cost limit of 5000 exceeded/,
    );
    expect(refused.log.sqlStatements).toBe(0);

    const accepted = await post(t, { query: costly(20) });
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.log.sqlStatements).toBeGreaterThan(0);
  });

  it.each(["http", "ws"] as const)(
    `refuses a mutation costing more than ${LIMITS.maxCost} over %s without running it`,
    async (transport) => {
      const repeated = "apiToken { structure { offers { structure { offers { title } } } } }";
      const costly = (times: number) =>
        `mutation Costly($s: ID!, $n: String!) { createApiToken(structureId: $s, name: $n) { ... on CreatedApiToken { ${`${repeated} `.repeat(times)} } } }`;
      const refusedName = unique("cost-refused");
      const refused = await asAdmin(transport, costly(80), { s: A, n: refusedName });
      expectRefused(transport, refused, /Cost limit of 5000 exceeded/);
      expect(await tokensNamed(refusedName)).toBe(0);

      const acceptedName = unique("cost-accepted");
      const accepted = await asAdmin(transport, costly(10), { s: A, n: acceptedName });
      expect(accepted.errors).toBeUndefined();
      expect(await tokensNamed(acceptedName)).toBe(2);
    },
  );
});

/* ---------- message sizes and batching ---------- */

describe("message sizes and batching", () => {
  it("refuses an HTTP body over 100 KB with 413 before any SQL", async () => {
    const { res, body, log } = await post(t, {
      query: `{ districts { code } }`,
      padding: "x".repeat(LIMITS.httpBodyBytes + 1),
    });
    expect(res.status).toBe(413);
    expect(body.errors[0]).toEqual({
      message: "Request body too large",
      extensions: { code: "BAD_REQUEST" },
    });
    expect(log.sqlStatements).toBe(0);
  });

  it("closes a socket sending a message over 64 KB (1009) and keeps serving others", async () => {
    const ws = await initialisedSocket(t, { cookie: adminCookie });
    const name = unique("oversized");
    const closed = closeOf(ws);
    ws.send(
      JSON.stringify({
        id: "1",
        type: "subscribe",
        payload: {
          query: `mutation ($s: ID!, $n: String!) { createApiToken(structureId: $s, name: $n) { __typename } }`,
          variables: { s: A, n: name, padding: "x".repeat(LIMITS.wsMessageBytes) },
        },
      }),
    );
    expect((await closed).code).toBe(1009);
    expect(await tokensNamed(name)).toBe(0);

    const other = await wsRequest(client(t), `{ districts { code } }`);
    expect(other.data?.districts).toHaveLength(11);
    expect((await t.gql(`{ districts { code } }`)).data?.districts).toHaveLength(11);
  });

  it("refuses a batched array over HTTP with 400 and runs none of it", async () => {
    const email = `${unique("batch")}@maillage.test`;
    // A failed login would leave a login_attempt row.
    const login = `mutation { login(email: "${email}", password: "wrong-password-123") { __typename } }`;
    const { res, body, log } = await post(t, [{ query: login }, { query: login }]);
    expect(res.status).toBe(400);
    expect(JSON.stringify(body)).toMatch(/batch/i);
    expect(log.sqlStatements).toBe(0);
    expect(await sql(t, `SELECT 1 FROM login_attempt WHERE email_key = $1`, [email])).toHaveLength(
      0,
    );
  });

  it("closes a socket sending a JSON array (4400) and runs none of it", async () => {
    const ws = await initialisedSocket(t, { cookie: adminCookie });
    const name = unique("ws-batch");
    const closed = closeOf(ws);
    const subscribe = (id: string) => ({
      id,
      type: "subscribe",
      payload: {
        query: `mutation ($s: ID!, $n: String!) { createApiToken(structureId: $s, name: $n) { __typename } }`,
        variables: { s: A, n: name },
      },
    });
    ws.send(JSON.stringify([subscribe("1"), subscribe("2")]));
    expect((await closed).code).toBe(4400);
    expect(await tokensNamed(name)).toBe(0);
  });
});

/* ---------- production mode ---------- */

describe("in production", () => {
  let prod: TestApp;
  beforeAll(async () => {
    // Statement counting is off by default in production (it costs every promise); on here.
    prod = await startTestApp({
      env: { NODE_ENV: "production", COUNT_SQL_STATEMENTS: "true" },
      seed: "districts",
    });
  });
  afterAll(() => prod?.stop());

  const INTROSPECTION = `query Introspect { __schema { queryType { name } types { name } } }`;
  const TYPO = `query Typo { districts { cod } }`;

  it("refuses introspection over HTTP and WebSocket (allowed in test mode)", async () => {
    const http = await post(prod, { query: INTROSPECTION });
    expect(http.body.data).toBeUndefined();
    expect(http.body.errors[0].message).toMatch(/introspection/i);
    expect(http.body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(http.log.sqlStatements).toBe(0);

    const ws = await wsRequest(client(prod), INTROSPECTION);
    expect(ws.data).toBeUndefined();
    expect(ws.errors?.[0].message).toMatch(/introspection/i);
    expect(new Set(codes(ws))).toEqual(new Set(["GRAPHQL_VALIDATION_FAILED"]));

    expect((await t.gql(INTROSPECTION)).data?.__schema.queryType.name).toBe("Query");
    expect((await wsRequest(client(t), INTROSPECTION)).data?.__schema.queryType.name).toBe("Query");
  });

  it("gives no field suggestion (given in test mode)", async () => {
    for (const app of [prod, t]) {
      const http = await app.gql(TYPO);
      const ws = await wsRequest(client(app), TYPO);
      for (const res of [http, ws]) {
        expect(codes(res)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
        expect(res.errors![0].message).toMatch(/Cannot query field "cod"/);
        if (app === prod) expect(res.errors![0].message).not.toMatch(/Did you mean|code/);
        else expect(res.errors![0].message).toMatch(/Did you mean "code"\?/);
      }
    }
  });

  it("serves no landing page on GET /graphql", async () => {
    const res = await fetch(`${prod.url}/graphql`, { headers: { accept: "text/html" } });
    expect(await res.text()).not.toMatch(/<html/i);
    const dev = await fetch(`${t.url}/graphql`, { headers: { accept: "text/html" } });
    expect(await dev.text()).toMatch(/<html/i);
  });

  it("masks an unexpected failure: generic message, code kept, no stack, on both transports", async () => {
    await sql(prod, "ALTER TABLE district RENAME TO district_gone");
    try {
      const http = await prod.gql(`query Districts { districts { code } }`);
      const ws = await wsRequest(client(prod), `query Districts { districts { code } }`);
      for (const res of [http, ws]) {
        expect(res.errors).toHaveLength(1);
        expect(res.errors![0].message).toBe("Internal server error");
        expect(res.errors![0].extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
        expect(JSON.stringify(res)).not.toMatch(/district_gone|relation|stack|at \w+ \(/);
      }
    } finally {
      await sql(prod, "ALTER TABLE district_gone RENAME TO district");
    }
  });
});

/* ---------- browsers: CSRF, CORS, WebSocket origin, headers ---------- */

describe("browser protections", () => {
  const GET_QUERY = `/graphql?query=${encodeURIComponent("query Get { districts { code } }")}`;

  it("refuses a simple GET (CSRF), answers it with apollo-require-preflight", async () => {
    const refused = await withLog(t, () => fetch(`${t.url}${GET_QUERY}`), "GET");
    expect(refused.res.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/CSRF/);
    expect(refused.log.sqlStatements).toBe(0);

    const allowed = await fetch(`${t.url}${GET_QUERY}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as any).data.districts).toHaveLength(11);
  });

  it("refuses a text/plain POST (CSRF) and runs nothing", async () => {
    const email = `${unique("csrf")}@maillage.test`;
    const login = `mutation { login(email: "${email}", password: "wrong-password-123") { __typename } }`;
    const { res, log } = await withLog(t, () =>
      fetch(`${t.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: JSON.stringify({ query: login }),
      }),
    );
    expect(res.status).toBe(400);
    expect(log.sqlStatements).toBe(0);
    expect(await sql(t, `SELECT 1 FROM login_attempt WHERE email_key = $1`, [email])).toHaveLength(
      0,
    );
  });

  const preflight = (origin: string) =>
    fetch(`${t.url}/graphql`, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });

  it("answers a CORS preflight from an allowed origin only", async () => {
    const allowed = await preflight(PARTNER_ORIGIN);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(PARTNER_ORIGIN);
    expect(allowed.headers.get("access-control-allow-credentials")).toBe("true");

    const foreign = await preflight(FOREIGN_ORIGIN);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    expect(foreign.headers.get("access-control-allow-credentials")).toBeNull();

    const post = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: FOREIGN_ORIGIN },
      body: JSON.stringify({ query: `{ districts { code } }` }),
    });
    expect(post.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses a WebSocket upgrade from a foreign origin, accepts allowed, same and no origin", async () => {
    await expect(rawSocket(t, { origin: FOREIGN_ORIGIN })).rejects.toMatchObject({ status: 401 });
    const accepted: Record<string, string>[] = [{ origin: PARTNER_ORIGIN }, { origin: t.url }, {}];
    for (const headers of accepted) {
      const ws = await initialisedSocket(t, headers);
      ws.close();
    }
  });

  it("sets helmet's headers and hides the framework", async () => {
    for (const res of [
      await fetch(`${t.url}/healthz`),
      (await post(t, { query: `{ districts { code } }` })).res,
    ]) {
      expect(res.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
      expect(res.headers.get("content-security-policy")).toMatch(/form-action 'self'(;|$)/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
      expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(res.headers.get("cross-origin-embedder-policy")).toBeNull();
      expect(res.headers.get("x-powered-by")).toBeNull();
    }
  });
});

/* ---------- WebSocket authentication ---------- */

describe("WebSocket authentication", () => {
  const VIEWER = `{ viewer { kind } }`;

  it.each([
    ["an unknown token", "Bearer mlg_not-a-real-token"],
    ["a malformed token", "Bearer not-even-the-prefix"],
  ])("closes the socket (4403) for %s in connection_init", async (_what, authorization) => {
    const ws = await rawSocket(t);
    const closed = closeOf(ws);
    ws.send(JSON.stringify({ type: "connection_init", payload: { authorization } }));
    expect((await closed).code).toBe(4403);

    await expect(
      wsRequest(client(t, { connectionParams: { authorization } }), VIEWER),
    ).rejects.toMatchObject({ code: 4403 });
  });

  it("closes the socket (4403) for a revoked token, and accepts it while it is live", async () => {
    const manager = await loginAs(t, "direction@ccas.maillage.test");
    const token = await createToken(t, manager, A);
    const authorization = `Bearer ${token}`;
    const live = await wsRequest(client(t, { connectionParams: { authorization } }), VIEWER);
    expect(live.data?.viewer.kind).toBe("TOKEN");

    // Revoked through the API, which forgets the cached viewer at once. (A revocation by SQL
    // reaches the cache through a notification, a moment later: viewer-cache.test.ts.)
    const [{ id }] = await sql(t, `SELECT id FROM api_token WHERE token_hash = $1`, [
      hashSecret(token),
    ]);
    const revoked = await t.gql(
      `mutation ($id: ID!) { revokeApiToken(id: $id) { __typename } }`,
      { id },
      { cookie: manager },
    );
    expect(revoked.data?.revokeApiToken.__typename).toBe("ApiToken");
    await expect(
      wsRequest(client(t, { connectionParams: { authorization } }), VIEWER),
    ).rejects.toMatchObject({ code: 4403 });
  });
});
