import zlib from "node:zlib";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seed: "districts" });
});
afterAll(() => t?.stop());

describe("health probes and transport", () => {
  it("GET /healthz answers while the process is alive", async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("answers GraphQL over graphql-ws on the same path", async () => {
    const client = createClient({
      url: `${t.url.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    try {
      const result = await new Promise<any>((resolve, reject) => {
        let value: unknown;
        client.subscribe(
          { query: `{ districts { code } }` },
          { next: (v) => (value = v), error: reject, complete: () => resolve(value) },
        );
      });
      expect(result.data.districts).toHaveLength(11);
    } finally {
      await client.dispose();
    }
  });

  it("logs one JSON line per request with operation, duration and status, never variables", async () => {
    const secret = "résident-Dupont-0612345678";
    await t.gql(`query DistrictByCode($code: String!) { district(code: $code) { code } }`, {
      code: secret,
    });
    const line = t.logs
      .filter((l) => l.msg === "request" && l.operation === "DistrictByCode")
      .at(-1);
    expect(line).toMatchObject({
      method: "POST",
      path: "/graphql",
      status: 200,
      errorCodes: ["BAD_USER_INPUT"],
    });
    expect(typeof line!.durationMs).toBe("number");
    expect(JSON.stringify(t.logs)).not.toContain(secret);
  });

  it("refuses a body over 100 KB with 413 and no work", async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ districts { code } }`, padding: "x".repeat(110_000) }),
    });
    expect(res.status).toBe(413);
  });

  it("refuses a batched array of operations", async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([
        { query: "{ districts { code } }" },
        { query: "{ districts { name } }" },
      ]),
    });
    expect(res.status).toBe(400);
  });

  const postRaw = (headers: Record<string, string>, body: string | Buffer) =>
    fetch(`${t.url}/graphql`, { method: "POST", headers, body });

  it("refuses a body it cannot read as UTF-8 JSON with 415, and malformed JSON with 400", async () => {
    const query = JSON.stringify({ query: `{ districts { code } }` });
    const latin1 = await postRaw({ "content-type": "application/json; charset=latin1" }, query);
    expect(latin1.status).toBe(415);
    expect(await latin1.json()).toEqual({
      errors: [{ message: 'Unsupported charset "latin1"', extensions: { code: "BAD_REQUEST" } }],
    });
    const gzipped = await postRaw(
      { "content-type": "application/json", "content-encoding": "gzip" },
      zlib.gzipSync(query),
    );
    expect(gzipped.status).toBe(415);
    const malformed = await postRaw({ "content-type": "application/json" }, "{ not json");
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as any).errors[0].message).toBe("Bad request");
    const utf8 = await postRaw({ "content-type": "application/json; charset=UTF-8" }, query);
    expect(((await utf8.json()) as any).data.districts).toHaveLength(11);
  });

  it("answers a GET query that carries a preflight header, and refuses it without (CSRF)", async () => {
    const url = `${t.url}/graphql?query=${encodeURIComponent("{ districts { code } }")}`;
    const allowed = await fetch(url, { headers: { "apollo-require-preflight": "true" } });
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as any).data.districts).toHaveLength(11);
    expect((await fetch(url)).status).toBe(400);
    // Only /graphql itself is the API: a path below it is not.
    expect((await fetch(`${t.url}/graphql/extra`)).status).toBe(404);
  });

  it("masks unexpected errors: generic message, code kept, no stack", async () => {
    // A query on a dropped table is the simplest real internal failure.
    await t.database.db.dataSource.query("ALTER TABLE district RENAME TO district_gone");
    try {
      // A document of its own: renaming a table sends no directory notification, and the
      // earlier tests' `{ districts { code } }` is shared (graphql/shared-results/).
      const res = await t.gql(`query AfterRename { districts { code } }`);
      expect(res.errors![0]).toEqual(
        expect.objectContaining({
          message: "Internal server error",
          extensions: { code: "INTERNAL_SERVER_ERROR" },
        }),
      );
      expect(JSON.stringify(res)).not.toMatch(/district_gone|relation|stack/);
    } finally {
      await t.database.db.dataSource.query("ALTER TABLE district_gone RENAME TO district");
    }
  });

  it("GET /readyz is 200 while the database answers and 503 once it is unreachable", async () => {
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    await t.database.makeUnreachable();
    const res = await fetch(`${t.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "database unavailable" });
    // the process itself is still alive
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});

describe("the access log in production", () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await startTestApp({ env: { NODE_ENV: "production" }, seed: "districts" });
  });
  afterAll(() => prod?.stop());

  it("names the operation and its error codes without counting statements (off by default)", async () => {
    await prod.gql(`query ProdDistrict($code: String!) { district(code: $code) { code } }`, {
      code: "nowhere",
    });
    const line = prod.logs.filter((l) => l.msg === "request").at(-1);
    expect(line).toMatchObject({
      path: "/graphql",
      operation: "ProdDistrict",
      operationType: "query",
      errorCodes: ["NOT_FOUND"],
    });
    expect(line).not.toHaveProperty("sqlStatements");
  });
});
