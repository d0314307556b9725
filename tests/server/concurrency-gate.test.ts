import { ConcurrencyGate, GateRefused } from "../../server/src/http/concurrency-gate";
import { BUSY_MESSAGE } from "../../server/src/http/graphql-over-http";
import { DEMO_PASSWORD } from "../../server/src/seed/demo-accounts";
import { LOGIN } from "./support/identity";
import { startTestApp, type TestApp } from "./support/test-app";

/*
 * At most GRAPHQL_CONCURRENCY requests of a process execute at once; the others wait their
 * turn, in order, or are refused with a retryable 503 before anything is done for them.
 */
describe("ConcurrencyGate", () => {
  let clock = 0;
  const gate = (concurrency: number, maxWaiting = 10, maxWaitMs = 1_000) =>
    new ConcurrencyGate({ concurrency, maxWaiting, maxWaitMs }, () => clock);
  beforeEach(() => {
    clock = 0;
  });

  it("admits up to its concurrency at once, then the waiting in arrival order", async () => {
    const g = gate(2);
    const order: string[] = [];
    const [a, b] = await Promise.all([g.enter(), g.enter()]);
    const waiting = ["c", "d", "e"].map((name) =>
      g.enter().then((release) => (order.push(name), release)),
    );
    await Promise.resolve();
    expect(g.load).toEqual({ running: 2, waiting: 3 });
    a();
    const c = await waiting[0];
    expect(order).toEqual(["c"]);
    b();
    c();
    (await waiting[1])();
    (await waiting[2])();
    expect(order).toEqual(["c", "d", "e"]);
    expect(g.load).toEqual({ running: 0, waiting: 0 });
  });

  it("refuses at once when as many are waiting as it allows", async () => {
    const g = gate(1, 1);
    const held = await g.enter();
    const queued = g.enter();
    await expect(g.enter()).rejects.toEqual(new GateRefused("queue full"));
    held();
    (await queued)();
  });

  it("refuses a request whose turn comes after it waited too long, and admits the next", async () => {
    const g = gate(1, 10, 1_000);
    const held = await g.enter();
    const late = g.enter();
    clock = 900;
    const onTime = g.enter();
    clock = 1_500;
    held();
    await expect(late).rejects.toEqual(new GateRefused("waited too long"));
    const release = await onTime;
    expect(g.load).toEqual({ running: 1, waiting: 0 });
    release();
  });

  it("frees one place per request, however many times its release is called", async () => {
    const g = gate(1);
    const release = await g.enter();
    const next = g.enter();
    release();
    release();
    const second = await next;
    const third = g.enter();
    await Promise.resolve();
    expect(g.load).toEqual({ running: 1, waiting: 1 });
    second();
    (await third)();
  });
});

const url = process.env.DATABASE_URL;
const onPostgres = url ? describe : describe.skip;
const SEARCH = `{ structures(first: 1) { totalCount } }`;

onPostgres("GRAPHQL_CONCURRENCY over HTTP", () => {
  let t: TestApp;
  afterEach(async () => {
    await t?.stop();
  });

  /** Locks the structure table in a transaction: directory searches wait for it in PostgreSQL. */
  async function lockDirectory() {
    const runner = t.database.db.dataSource.createQueryRunner();
    await runner.startTransaction();
    await runner.query(`LOCK TABLE structure IN ACCESS EXCLUSIVE MODE`);
    return async () => {
      await runner.commitTransaction();
      await runner.release();
    };
  }
  /** Polls until one statement of this database waits for a lock (the first search). */
  async function untilOneWaits() {
    const giveUpAt = Date.now() + 5_000;
    while ((await waitingForTheLock()) !== 1) {
      if (Date.now() > giveUpAt) throw new Error("the first search never waited for the lock");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const waitingForTheLock = async () =>
    Number(
      (
        await t.database.db.dataSource.query(
          `SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      )[0].n,
    );

  it("makes a second request wait while the first executes, then answers both", async () => {
    t = await startTestApp({ env: { GRAPHQL_CONCURRENCY: "1", SHARED_RESULTS: "false" } });
    const unlock = await lockDirectory();
    const first = t.gql(SEARCH);
    await untilOneWaits();
    let secondAnswered = false;
    const second = t.gql(SEARCH).then((r) => ((secondAnswered = true), r));
    // Given the time to reach PostgreSQL, the second would be waiting for the lock too.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await waitingForTheLock()).toBe(1);
    expect(secondAnswered).toBe(false);
    await unlock();
    const answers = await Promise.all([first, second]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.data?.structures.totalCount).toBeGreaterThan(0);
    }
  });

  it("refuses with a retryable 503 when the queue is full, and does nothing for the request", async () => {
    t = await startTestApp({
      env: { GRAPHQL_CONCURRENCY: "1", GRAPHQL_QUEUE_LIMIT: "0", SHARED_RESULTS: "false" },
    });
    const sessions = async () =>
      Number((await t.database.db.dataSource.query(`SELECT count(*) AS n FROM user_session`))[0].n);
    const before = await sessions();
    const unlock = await lockDirectory();
    const first = t.gql(SEARCH);
    await untilOneWaits();
    const refused = await t.gql(LOGIN, { email: "admin@maillage.test", password: DEMO_PASSWORD });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(refused.errors).toEqual([
      { message: BUSY_MESSAGE, extensions: { code: "SERVICE_UNAVAILABLE" } },
    ]);
    expect(refused.data).toBeUndefined();
    await unlock();
    expect((await first).status).toBe(200);
    expect(await sessions()).toBe(before);
    // The place is free again: the same sign-in goes through.
    const again = await t.gql(LOGIN, { email: "admin@maillage.test", password: DEMO_PASSWORD });
    expect(again.data?.login.__typename).toBe("Viewer");
    expect(await sessions()).toBe(before + 1);
  });
});
