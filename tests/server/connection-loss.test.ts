import { Client } from "pg";
import { readQuery } from "../../server/src/db/read-query";
import { startTestApp, type TestApp } from "./support/test-app";

/**
 * A connection ended by the server (a restart's 57P01, pg_terminate_backend) while the app holds
 * it: the process must live on, the statement fail with the server's error, and the pool serve
 * the next request on a fresh connection. Needs a PostgreSQL server to terminate backends on; the
 * embedded engine has no backends of its own to end.
 */
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres("a database connection terminated by the server", () => {
  let t: TestApp;
  let admin: Client;
  let database: string;
  beforeAll(async () => {
    // Shared results off: a search answered from memory would not reach the database this file
    // takes away (shared-results.test.ts covers losing the LISTEN connection).
    t = await startTestApp({ seed: "demo", env: { SHARED_RESULTS: "false" } });
    database = new URL(t.database.url!).pathname.slice(1);
    admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await t?.stop();
  });

  const terminate = (filter = "") =>
    admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() ${filter}`,
      [database],
    );

  it("fails the read in progress, keeps the process alive and serves the next read", async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      const slow = readQuery(t.database.db.dataSource, "SELECT pg_sleep(10) AS slept", []);
      const outcome = slow.then(
        () => "answered",
        (error: Error & { code?: string }) => error.code ?? error.message,
      );
      for (let i = 0; i < 50; i++) {
        const { rows } = await admin.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = $1 AND query LIKE 'SELECT pg_sleep%' AND state = 'active'`,
          [database],
        );
        if (rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await terminate("AND query LIKE 'SELECT pg_sleep%'");
      expect(await outcome).toMatch(/^57P01$|Connection terminated/);
      await new Promise((r) => setImmediate(r));
      expect(uncaught).toEqual([]);
      const rows = await readQuery<{ one: number }>(
        t.database.db.dataSource,
        "SELECT 1 AS one",
        [],
      );
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
  });

  it("answers directory searches again after every app connection was terminated", async () => {
    const search = `{ structures(first: 5, filter: { text: "numérique" }) { totalCount } }`;
    const before = await t.gql(search);
    expect(before.errors).toBeUndefined();
    const searches = Array.from({ length: 20 }, () => t.gql(search));
    await terminate();
    const during = await Promise.all(searches);
    for (const r of during) {
      expect([200, 503]).toContain(r.status);
      if (r.status === 503) expect(r.errors?.[0].extensions?.code).toBe("SERVICE_UNAVAILABLE");
    }
    let after = await t.gql(search);
    for (let i = 0; i < 5 && after.errors; i++) after = await t.gql(search);
    expect(after.errors).toBeUndefined();
    expect(after.data?.structures.totalCount).toBe(before.data?.structures.totalCount);
    const health = await fetch(`${t.url}/readyz`);
    expect(health.status).toBe(200);
  });

  it("answers 503 with Retry-After and SERVICE_UNAVAILABLE while the database refuses connections, then recovers", async () => {
    const search = `{ structures(first: 5, filter: { text: "numérique" }) { totalCount } }`;
    const signIn = `mutation { login(email: "admin@maillage.test", password: "maillage-demo-2026") { __typename } }`;
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    try {
      await terminate();
      for (const r of [await t.gql(search), await t.gql(signIn)]) {
        expect(r.status).toBe(503);
        expect(r.headers.get("retry-after")).toBe("5");
        expect(r.errors).toHaveLength(1);
        expect(r.errors?.[0].extensions?.code).toBe("SERVICE_UNAVAILABLE");
        expect(JSON.stringify(r)).not.toMatch(/accepting connections|stack/);
      }
      const signedIn = await t.gql(search, undefined, { cookie: "maillage_session=abc" });
      expect(signedIn.status).toBe(503);
      expect((await fetch(`${t.url}/readyz`)).status).toBe(503);
      const ws = t.ws();
      try {
        const overWs = await new Promise<any>((resolve) => {
          ws.subscribe(
            { query: search },
            { next: resolve, error: resolve, complete: () => undefined },
          );
        });
        const errors = Array.isArray(overWs) ? overWs : overWs.errors;
        expect(errors[0].extensions.code).toBe("SERVICE_UNAVAILABLE");
        expect(JSON.stringify(overWs)).not.toMatch(/accepting connections/);
      } finally {
        await ws.dispose();
      }
      expect(t.logs.filter((l) => l.level >= 50 && /unexpected error/.test(l.msg))).toEqual([]);
    } finally {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    }
    const after = await t.gql(search);
    expect(after.status).toBe(200);
    expect(after.errors).toBeUndefined();
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });
});
