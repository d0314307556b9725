/**
 * The fault suite (`npm run test:faults`): real traffic against production servers in child
 * processes while their own throwaway PostgreSQL cluster is stopped, has its connections
 * terminated, or while an instance is killed. Every scenario checks: no crash, only 503 /
 * SERVICE_UNAVAILABLE as errors, every acknowledged referral stored exactly once, and a live
 * subscriber that resumes and receives every committed event exactly once.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type AppProcess, startAppProcess } from "../../bench/load/server-process";
import { freshDatabase, readWorld } from "../../bench/load/world";
import type { World } from "../../bench/load/mix";
import { withClient } from "../../bench/support";
import { PgCluster } from "./support/pg-cluster";
import { graphqlPost, RawConnection } from "./support/raw-http";
import { waitReady, watchReadiness } from "./support/readiness";
import { addRow, printReport } from "./support/report";
import { startSubscriber, type Subscriber } from "./support/subscriber";
import { startTraffic, type TrafficTally } from "./support/traffic";
import { startSmtpCatcher } from "../server/support/smtp-catcher";
import { CREATE_REFERRAL } from "../../bench/load/documents";

type GraphQLBody = {
  data?: { districts: { code: string }[] };
  errors?: { extensions?: { code?: string } }[];
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const base = (app: AppProcess) => `http://127.0.0.1:${app.port}`;
const alive = (app: AppProcess) => app.child.exitCode === null && app.child.signalCode === null;

let cluster: PgCluster;
let url: string;
let logDir: string;
let world: World;
let receiver: { structureId: string; cookie: string };
const instances: AppProcess[] = [];

async function instance(
  options: { waitReady?: boolean; env?: Record<string, string> } = {},
): Promise<AppProcess> {
  const app = await startAppProcess(url, {
    waitReady: options.waitReady,
    logFile: path.join(logDir, `instance-${instances.length + 1}.log`),
    env: { DATABASE_STARTUP_TIMEOUT_SECONDS: "90", JOBS_INTERVAL_SECONDS: "2", ...options.env },
  });
  instances.push(app);
  return app;
}

beforeAll(async () => {
  cluster = await PgCluster.create();
  // Kept after the run (the cluster's folder is not) so that a failure can be read.
  logDir = fs.mkdtempSync(path.join(os.tmpdir(), "maillage-faults-logs-"));
  url = cluster.url("maillage_faults");
  await freshDatabase(cluster.url(), url);
  const first = await instance();
  world = await readWorld(url, first.port);
  const member = world.members.find((m) =>
    world.offers.some((o) => o.structureId === m.structureId),
  );
  if (!member) throw new Error("no member of a structure with offers in the demo network");
  receiver = { structureId: member.structureId, cookie: member.cookie };
}, 120_000);

afterAll(async () => {
  for (const app of instances) await app.stop().catch(() => undefined);
  printReport();
  process.stdout.write(`instance logs: ${logDir}\n`);
  if (cluster) await cluster.destroy();
}, 60_000);

interface Outcome {
  tally: TrafficTally;
  subscriber: Subscriber;
  readyz: string;
  lost: number;
  duplicated: number;
  eventsExpected: number;
  eventsMissed: number;
  eventsDuplicated: number;
}

/**
 * Runs traffic and a subscriber, applies `fault` after 3 s of normal service, waits for recovery,
 * then checks rows and events in SQL.
 */
async function underTraffic(
  runId: string,
  targets: { traffic: () => AppProcess[]; subscriber: () => AppProcess[]; readiness: AppProcess },
  fault: () => Promise<void>,
): Promise<Outcome> {
  const readiness = watchReadiness(base(targets.readiness));
  const subscriber = startSubscriber(
    () => targets.subscriber().filter(alive).map(base),
    receiver.cookie,
    receiver.structureId,
  );
  await subscriber.connected;
  await sleep(500);
  const traffic = startTraffic({
    targets: () => targets.traffic().filter(alive).map(base),
    world,
    receiverStructureId: receiver.structureId,
    runId,
  });
  await sleep(3_000);
  await fault();
  for (const app of targets.traffic()) await waitReady(base(app), 60_000);
  await sleep(3_000);
  const tally = await traffic.stop();

  const stored = await withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT situation, array_agg(id::text) AS ids FROM referral WHERE situation LIKE $1 GROUP BY situation`,
      [`Panne ${runId} %`],
    );
    return new Map(rows.map((r) => [r.situation as string, r.ids as string[]]));
  });
  const referralIds = new Set([...stored.values()].flat());
  // Every committed referral gave one event; the subscriber must get each exactly once.
  const deadline = Date.now() + 20_000;
  const received = () =>
    new Set(
      subscriber.events.filter((e) => referralIds.has(e.referral.id)).map((e) => e.referral.id),
    );
  while (received().size < referralIds.size && Date.now() < deadline) await sleep(200);
  await sleep(500);
  await subscriber.stop();
  await readiness.stop();
  const eventIds = subscriber.events.map((e) => e.id);
  return {
    tally,
    subscriber,
    readyz: readiness.sequence,
    lost: tally.acknowledged.filter((tag) => !stored.has(tag)).length,
    duplicated: [...stored.values()].filter((ids) => ids.length > 1).length,
    eventsExpected: referralIds.size,
    eventsMissed: referralIds.size - received().size,
    eventsDuplicated: eventIds.length - new Set(eventIds).size,
  };
}

/** The guarantees every scenario shares. */
function expectDependable(outcome: Outcome, scenario: string, crashes = 0) {
  addRow({
    scenario,
    requests: outcome.tally.requests,
    outcomes: outcome.tally.outcomes,
    acknowledged: outcome.tally.acknowledged.length,
    lost: outcome.lost,
    duplicated: outcome.duplicated,
    eventsExpected: outcome.eventsExpected,
    eventsMissed: outcome.eventsMissed,
    eventsDuplicated: outcome.eventsDuplicated,
    readyz: outcome.readyz,
    crashes,
  });
  const unexpected = [...outcome.tally.outcomes.keys()].filter(
    (o) => o !== "200" && o !== "503 SERVICE_UNAVAILABLE",
  );
  expect(unexpected.map((o) => `${o}: ${outcome.tally.samples.get(o)}`)).toEqual([]);
  expect(outcome.tally.acknowledged.length).toBeGreaterThan(5);
  expect(outcome.tally.abandoned).toBe(0);
  expect(outcome.lost).toBe(0);
  expect(outcome.duplicated).toBe(0);
  expect(outcome.eventsMissed).toBe(0);
  expect(outcome.eventsDuplicated).toBe(0);
  // A database fault never closes a socket with graphql-ws's fatal 4500.
  expect(outcome.subscriber.closeCodes.filter((c) => c === 4500)).toEqual([]);
}

/** Error-level lines of an instance's log (pino level 50 and above). */
function errorLines(app: AppProcess): string[] {
  const file = path.join(logDir, `instance-${instances.indexOf(app) + 1}.log`);
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(
      (line) => /"level":(5|6)0/.test(line) || /Unhandled|QueryRunnerAlreadyReleased/.test(line),
    );
}

it("1. stops the database for 10 s and starts it again", async () => {
  const app = instances[0];
  const pid = app.child.pid;
  const outcome = await underTraffic(
    "arret",
    { traffic: () => [app], subscriber: () => [app], readiness: app },
    async () => {
      await cluster.stop();
      await sleep(10_000);
      await cluster.start();
    },
  );
  expectDependable(outcome, "1. database stopped 10 s, then started", alive(app) ? 0 : 1);
  expect(alive(app)).toBe(true);
  expect(app.child.pid).toBe(pid);
  expect(outcome.readyz).toMatch(/^200 → 503( → 503)* → 200$/);
  expect(outcome.tally.outcomes.get("503 SERVICE_UNAVAILABLE")).toBeGreaterThan(0);
  // The socket may stay open through the outage (the instance catches up once its LISTEN
  // connection is back) or be closed and resumed: either way no event is missed.
  expect(errorLines(app)).toEqual([]);
}, 120_000);

it("2. terminates every connection of the app with pg_terminate_backend", async () => {
  const app = instances[0];
  let terminated = 0;
  const outcome = await underTraffic(
    "coupure",
    { traffic: () => [app], subscriber: () => [app], readiness: app },
    async () => {
      terminated += await cluster.terminateAppConnections();
      await sleep(1_000);
      terminated += await cluster.terminateAppConnections();
    },
  );
  expectDependable(
    outcome,
    `2. pg_terminate_backend (${terminated} connections)`,
    alive(app) ? 0 : 1,
  );
  expect(terminated).toBeGreaterThan(1);
  expect(alive(app)).toBe(true);
  expect(outcome.readyz.endsWith("200")).toBe(true);
  expect(errorLines(app)).toEqual([]);
}, 120_000);

it("3. kills one of two instances with SIGKILL while its subscriber streams", async () => {
  const [a] = instances;
  const b = await instance();
  const outcome = await underTraffic(
    "kill9",
    // The subscriber is on A and falls back to B; the traffic goes to B, which stays up.
    { traffic: () => [b], subscriber: () => [a, b].filter(alive), readiness: b },
    async () => {
      a.child.kill("SIGKILL");
      await a.exited;
    },
  );
  expectDependable(outcome, "3. kill -9 of one of two instances", 0);
  expect(outcome.tally.outcomes.get("503 SERVICE_UNAVAILABLE") ?? 0).toBe(0);
  expect(outcome.subscriber.resumes).toBeGreaterThan(0);
  expect(alive(b)).toBe(true);
}, 120_000);

it("4. starts an instance while the database is down; it comes up when the database returns", async () => {
  await cluster.stop();
  const c = await instance({ waitReady: false });
  const readiness = watchReadiness(base(c));
  await sleep(5_000);
  const whileDown = await fetch(`${base(c)}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ districts { code } }" }),
  });
  const downBody = (await whileDown.json()) as GraphQLBody;
  await cluster.start();
  await waitReady(base(c), 60_000);
  const after = await fetch(`${base(c)}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ districts { code } }" }),
  }).then((r) => r.json() as Promise<GraphQLBody>);
  await sleep(500); // lets the watcher see the 200
  await readiness.stop();
  addRow({
    scenario: "4. instance started while the database is down",
    requests: 2,
    outcomes: new Map([
      [`${whileDown.status} ${downBody.errors?.[0]?.extensions?.code}`, 1],
      ["200", after.data ? 1 : 0],
    ]),
    acknowledged: 0,
    lost: 0,
    duplicated: 0,
    eventsExpected: 0,
    eventsMissed: 0,
    eventsDuplicated: 0,
    readyz: readiness.sequence,
    crashes: alive(c) ? 0 : 1,
  });
  expect(whileDown.status).toBe(503);
  expect(whileDown.headers.get("retry-after")).toBeTruthy();
  expect(downBody.errors?.[0].extensions?.code).toBe("SERVICE_UNAVAILABLE");
  expect(readiness.sequence).toMatch(/^(down → )?503 → 200$/);
  expect(after.data?.districts).toHaveLength(11);
  expect(alive(c)).toBe(true);
  const log = fs.readFileSync(path.join(logDir, `instance-${instances.length}.log`), "utf8");
  expect(log).toMatch(/database unavailable at start-up, retrying/);
}, 120_000);

it("5. SIGTERM: answers what was received, 503s keep-alive requests during the drain, exits in time", async () => {
  const app = instances.at(-1)!;
  const idle = await RawConnection.open(app.port);
  const busy = await RawConnection.open(app.port);
  const request = graphqlPost("{ districts { code } }");
  idle.write(request.head + request.body);
  expect((await idle.response()).status).toBe(200);
  // A request already received (its headers) when the signal comes, whose body is still coming.
  busy.write(request.head + request.body.slice(0, 10));
  await sleep(200);
  const signalled = Date.now();
  app.child.kill("SIGTERM");
  await sleep(300);
  busy.write(request.body.slice(10));
  // A keep-alive request that arrives during the drain.
  idle.write(request.head + request.body);
  const [inFlight, duringDrain] = [await busy.response(), await idle.response()];
  const refusedNew = await RawConnection.open(app.port).then(
    (c) => (c.destroy(), false),
    () => true,
  );
  const exit = await app.exited;
  const stoppedInMs = Date.now() - signalled;
  addRow({
    scenario: `5. SIGTERM during requests (exit ${exit} after ${stoppedInMs} ms)`,
    requests: 3,
    outcomes: new Map([
      [String(inFlight.status), 1],
      [`${duringDrain.status} ${JSON.parse(duringDrain.body).errors?.[0]?.extensions?.code}`, 1],
      [refusedNew ? "new connection refused" : "new connection accepted", 1],
    ]),
    acknowledged: 0,
    lost: 0,
    duplicated: 0,
    eventsExpected: 0,
    eventsMissed: 0,
    eventsDuplicated: 0,
    readyz: "—",
    crashes: 0,
  });
  expect(inFlight.status).toBe(200);
  expect(JSON.parse(inFlight.body).data.districts).toHaveLength(11);
  expect(duringDrain.status).toBe(503);
  expect(duringDrain.headers).toMatch(/^connection: close$/m);
  expect(duringDrain.headers).toMatch(/^retry-after: \d+$/m);
  expect(JSON.parse(duringDrain.body).errors[0].extensions.code).toBe("SERVICE_UNAVAILABLE");
  await idle.waitClosed();
  expect(refusedNew).toBe(true);
  expect(exit).toBe(0);
  expect(stoppedInMs).toBeLessThan(10_000);
}, 60_000);

it("6. kill -9 after a referral committed while SMTP was down: its e-mails go out after restart, once", async () => {
  // Every instance sends the outbox: those of the scenarios above (log transport) stop first.
  for (const app of instances) if (alive(app)) await app.stop();
  // Down as a real server says it (421 to every connection), keeping its port for later.
  const smtp = await startSmtpCatcher();
  smtp.unavailable = true;
  const mailEnv = { SMTP_URL: smtp.url, MAIL_POLL_SECONDS: "1" };
  const first = await instance({ env: mailEnv });
  const member = world.members.find((m) => m.structureId !== receiver.structureId)!;
  const offer = world.offers.find((o) => o.structureId === receiver.structureId)!;
  const res = await fetch(`${base(first)}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: member.cookie },
    body: JSON.stringify({
      query: CREATE_REFERRAL,
      variables: {
        input: {
          senderStructureId: member.structureId,
          receiverStructureId: receiver.structureId,
          receiverOfferId: offer.offerId,
          need: offer.need,
          situation: "Panne courriel",
          consent: { given: true, wordingVersion: "2026-11" },
          resident: {
            firstName: "Camille",
            contactChannel: "PHONE",
            contactValue: "06 12 34 56 78",
          },
        },
      },
    }),
  }).then((r) => r.json() as Promise<{ data: { createReferral: { id: string } } }>);
  const referralId = res.data.createReferral.id;
  const rows = () =>
    withClient(url, (c) =>
      c
        .query(`SELECT state, attempts FROM outbox WHERE payload->>'referralId' = $1`, [referralId])
        .then((r) => r.rows as { state: string; attempts: number }[]),
    );
  // The e-mails are committed with the referral; the first try fails (SMTP is down)…
  for (let i = 0; i < 100 && !(await rows()).some((r) => r.attempts > 0); i++) await sleep(100);
  const expected = (await rows()).length;
  expect(expected).toBeGreaterThan(0);
  // …and the instance dies before any e-mail left.
  first.child.kill("SIGKILL");
  await first.exited;
  smtp.unavailable = false;
  const second = await instance({ env: mailEnv });
  // The failed try waits 30 s before the next one; the new instance takes it then.
  const giveUpAt = Date.now() + 60_000;
  while (smtp.mails.length < expected && Date.now() < giveUpAt) await sleep(250);
  await sleep(2_000);
  const states = (await rows()).map((r) => r.state);
  addRow({
    scenario: `6. kill -9 with ${expected} e-mails committed while SMTP answered 421; restarted: ${smtp.mails.length} received`,
    requests: 1,
    outcomes: new Map([["200", 1]]),
    acknowledged: 1,
    lost: expected - smtp.mails.length > 0 ? expected - smtp.mails.length : 0,
    duplicated: Math.max(0, smtp.mails.length - expected),
    eventsExpected: 0,
    eventsMissed: 0,
    eventsDuplicated: 0,
    readyz: "—",
    crashes: 0,
  });
  await second.stop();
  await smtp.stop();
  expect(smtp.mails).toHaveLength(expected);
  expect(states).toEqual(Array(expected).fill("SENT"));
}, 120_000);
