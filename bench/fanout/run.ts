/**
 * Live referral events fan-out benchmark: `npm run bench:fanout [-- options]`.
 *
 * In a fresh database (`maillage_bench_fanout_<pid>`, dropped at the end, also when interrupted)
 * it seeds the demo network and one API token per subscriber, then for each scenario:
 *   1. starts the server instance(s) as child processes (bench/fanout/instance.ts: the production
 *      entry point, NODE_ENV=production, on 127.0.0.1) so that their memory is measured alone;
 *   2. warms them up with a few subscribers and events, closes those, collects garbage and reads
 *      the resident memory (baseline);
 *   3. opens the subscribers (graphql-ws clients with one API token each, in client processes:
 *      bench/fanout/clients.ts), spread evenly over `--structures` demo structures (2 by
 *      default: every commit, between those two, then reaches every subscriber); sends warm-up
 *      events until every subscriber receives one; collects garbage and reads the resident
 *      memory again: (loaded − baseline) / subscribers is the memory per idle subscriber;
 *   4. sends `--events` mutations over HTTP to the first instance, one every `--interval` ms,
 *      alternately createReferral and acceptReferral between the structures of a pair (pairs in
 *      turn), and timestamps each commit with its own LISTEN connection (PostgreSQL delivers
 *      NOTIFY at commit). Commit-to-receipt latency is the client's receipt time minus that
 *      commit time, on the machine-wide monotonic clock, over every (event × subscriber) pair.
 *
 * Options: --scenarios 1000x1,5000x1,5000x2 (subscribers × instances), --events N (30),
 * --interval MS (250), --structures K (2, even: each commit reaches 2/K of the subscribers),
 * --client-processes N (2), --profile (CPU profile of every instance, in bench/dist/profiles),
 * --keep-database, --check (exit with status 2 when a goal is missed).
 * Environment: BENCH_DATABASE_URL or DATABASE_URL, an admin URL (default
 * postgres://postgres@127.0.0.1:5432/postgres).
 */
import "reflect-metadata";
import { type ChildProcess, fork } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { migrate, openDatabase } from "../../server/src/db/data-source";
import { createLogger } from "../../server/src/logger";
import { hashSecret, newSecret } from "../../server/src/modules/identity/secrets";
import { API_TOKEN_PREFIX } from "../../server/src/modules/identity/viewer";
import { REFERRAL_EVENT_CHANNEL } from "../../server/src/modules/referral/referral-events";
import { seed } from "../../server/src/seed/seed";
import {
  type ClientCommand,
  type ClientReply,
  type CollectReply,
  type ConnectReply,
  monotonicMs,
  type ProbeCommand,
  type ProbeReply,
  type Subscriber,
} from "./protocol";
import { benchDatabaseUrls, flag, option, out, withClient } from "../support";
import { distribution, GOALS, markdownTable, median, type ScenarioResult, verdict } from "./report";

/** Per run, so that two runs on one PostgreSQL (a shared machine) never drop each other's. */
const BENCH_DB = `maillage_bench_fanout_${process.pid}`;
/** Subscribers per instance during the warm-up that precedes the baseline memory reading. */
const WARMUP_SUBSCRIBERS = 40;
const WARMUP_ROUNDS = 2;
/** Rounds of warm-up events sent at most, after the subscribers connected, until all receive one. */
const READINESS_ATTEMPTS = 6;
const HANDSHAKES_IN_FLIGHT = 50;
/** The timed events stop after this long even if fewer than `--events` were sent (saturation). */
const TIMED_PHASE_MAX_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Scenario {
  name: string;
  subscribers: number;
  instances: number;
}

function scenarios(): Scenario[] {
  const i = process.argv.indexOf("--scenarios");
  const spec = i < 0 ? "1000x1,5000x1,5000x2" : process.argv[i + 1];
  return (spec ?? "").split(",").map((part) => {
    const match = /^(\d+)x([12])$/.exec(part.trim());
    if (!match) throw new Error(`--scenarios: "${part}" is not SUBSCRIBERSxINSTANCES (1 or 2)`);
    const subscribers = Number(match[1]);
    const instances = Number(match[2]);
    if (subscribers < 2 || subscribers > 20_000)
      throw new Error(`--scenarios: 2 to 20000 subscribers`);
    return {
      name:
        instances === 1
          ? "one instance"
          : `two instances (${Math.ceil(subscribers / 2)} + ${Math.floor(subscribers / 2)})`,
      subscribers,
      instances,
    };
  });
}

/** Polls `probe` every `everyMs` until it returns true; false after `ms`. */
async function until(probe: () => Promise<boolean> | boolean, ms: number, everyMs = 50) {
  const deadline = monotonicMs() + ms;
  for (;;) {
    if (await probe()) return true;
    if (monotonicMs() > deadline) return false;
    await sleep(everyMs);
  }
}

function openFileLimit(): number {
  const limits = fs.readFileSync("/proc/self/limits", "utf8");
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
  return !match || match[1] === "unlimited" ? Infinity : Number(match[1]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `Omit` applied to each member of a union. */
type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

/** Child processes still running: stopped on SIGINT or SIGTERM too. */
const running = new Set<{ stop(graceMs?: number): Promise<void> }>();
/** Set on SIGINT or SIGTERM: the clean-up in progress, which exits when done. */
let interrupted: Promise<void> | null = null;

/** A child process answering requests by id over IPC. */
class Rpc<Command extends { id: number }, Reply extends { id: number }> {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: Reply) => void; reject: (e: Error) => void }
  >();
  readonly output: string[] = [];

  constructor(
    readonly child: ChildProcess,
    private readonly label: string,
  ) {
    child.on("message", (reply: Reply) => {
      const waiting = this.pending.get(reply?.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      waiting.resolve(reply);
    });
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim()) this.output.push(line);
      }
      if (this.output.length > 50) this.output.splice(0, this.output.length - 50);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    running.add(this);
    child.on("exit", (code, signal) => {
      running.delete(this);
      for (const waiting of this.pending.values()) {
        waiting.reject(
          new Error(`${label} exited (${code ?? signal}):\n${this.output.slice(-15).join("\n")}`),
        );
      }
      this.pending.clear();
    });
  }

  get alive() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  call(command: WithoutId<Command>, timeoutMs: number): Promise<Reply> {
    if (!this.alive) return Promise.reject(new Error(`${this.label} is not running`));
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.label}: no answer to ${JSON.stringify(command).slice(0, 60)}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ ...command, id });
    });
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

interface Instance {
  url: string;
  pid: number;
  rpc: Rpc<ProbeCommand, ProbeReply>;
}

async function startInstance(databaseUrl: string, profileDir: string | null): Promise<Instance> {
  const port = await freePort();
  const child = fork(path.join(__dirname, "instance.js"), [], {
    execArgv: [
      "--expose-gc",
      ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []),
    ],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      JOBS_INTERVAL_SECONDS: "0",
      SEED_DEMO: "false",
    },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const rpc = new Rpc<ProbeCommand, ProbeReply>(child, `instance on port ${port}`);
  const url = `http://127.0.0.1:${port}`;
  const ready = await until(
    async () => {
      if (!rpc.alive) return true;
      try {
        return (await fetch(`${url}/readyz`)).status === 200;
      } catch {
        return false;
      }
    },
    30_000,
    100,
  );
  if (!ready || !rpc.alive) {
    await rpc.stop();
    throw new Error(`the instance on port ${port} did not start:\n${rpc.output.join("\n")}`);
  }
  return { url, pid: child.pid!, rpc };
}

const probe = (instance: Instance, gc: boolean) => instance.rpc.call({ type: "probe", gc }, 30_000);

/** Median of three readings, each after a full GC: memory retained, not garbage. */
async function retainedMemory(instance: Instance) {
  const readings: ProbeReply[] = [];
  for (let i = 0; i < 3; i++) {
    await sleep(300);
    readings.push(await probe(instance, true));
  }
  return {
    rss: median(readings.map((r) => r.rss)),
    heapUsed: median(readings.map((r) => r.heapUsed)),
  };
}

const cpuMs = (p: ProbeReply) => (p.cpuUserUs + p.cpuSystemUs) / 1000;

class ClientProcess {
  readonly rpc: Rpc<ClientCommand, ClientReply>;

  constructor(label: string) {
    const child = fork(path.join(__dirname, "clients.js"), [], {
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      env: { ...process.env, NODE_ENV: "production" },
    });
    this.rpc = new Rpc(child, label);
  }

  async call<T>(command: WithoutId<ClientCommand>, timeoutMs = 30_000): Promise<T> {
    const reply = await this.rpc.call(command, timeoutMs);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value as T;
  }
}

/** Keep-alive HTTP client for the mutations. */
function httpClient(baseUrl: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(baseUrl);
  return {
    post(body: string, token: string): Promise<any> {
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            host: hostname,
            port,
            path: "/graphql",
            method: "POST",
            agent,
            headers: {
              "content-type": "application/json",
              "content-length": Buffer.byteLength(body),
              authorization: `Bearer ${token}`,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
              const text = Buffer.concat(chunks).toString("utf8");
              if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${text}`));
              else resolve(JSON.parse(text));
            });
            res.on("error", reject);
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

const RESULT = `__typename ... on Referral { id version } ... on ErrorResult { errorCode message }`;
const CREATE = `mutation Create($input: CreateReferralInput!) { createReferral(input: $input) { ${RESULT} } }`;
const ACCEPT = `mutation Accept($id: ID!, $v: Int!) { acceptReferral(id: $id, expectedVersion: $v) { ${RESULT} } }`;

interface Fixture {
  /** Demo structures; events go from structure 2j to structure 2j + 1 (pair j). */
  structureIds: string[];
  /** One API token per structure, to send the mutations with. */
  actorTokens: string[];
  /** Subscriber i's token, of structure i mod K. */
  subscriberTokens: string[];
}

const pairs = (f: Fixture) => f.structureIds.length / 2;

interface Commit {
  eventId: number;
  pair: number;
  sentAt: number;
  committedAt: number;
  answeredAt: number;
}

/** Commits referral events through the GraphQL API and times each commit through LISTEN. */
class EventSource {
  private readonly notified: { id: number; at: number }[] = [];
  private pendingReferral: string | null = null;
  private counter = 0;
  private pair = 0;

  constructor(private readonly listener: Client) {
    listener.on("notification", (n) => {
      if (n.channel === REFERRAL_EVENT_CHANNEL) {
        this.notified.push({ id: Number(n.payload), at: monotonicMs() });
      }
    });
  }

  /**
   * One event between the structures of the current pair: a new referral, or the acceptance of
   * the one created just before (then the next pair's turn).
   */
  async commit(gql: ReturnType<typeof httpClient>, f: Fixture): Promise<Commit> {
    const before = this.notified.length;
    const accepting = this.pendingReferral;
    const pair = this.pair;
    const senderId = f.structureIds[2 * pair];
    const receiverId = f.structureIds[2 * pair + 1];
    const sentAt = monotonicMs();
    const body = accepting
      ? JSON.stringify({ query: ACCEPT, variables: { id: accepting, v: 1 } })
      : JSON.stringify({
          query: CREATE,
          variables: {
            input: {
              senderStructureId: senderId,
              receiverStructureId: receiverId,
              need: "ADMINISTRATIVE_PROCEDURES",
              situation: `Benchmark ${++this.counter}: aide pour un dossier en ligne.`,
              resident: {
                firstName: "Amina",
                lastName: "B.",
                contactChannel: "PHONE",
                contactValue: "06 12 34 56 78",
                languages: ["fr"],
              },
              consent: { given: true, wordingVersion: "2026-11" },
            },
          },
        });
    const response = await gql.post(body, f.actorTokens[accepting ? 2 * pair + 1 : 2 * pair]);
    const answeredAt = monotonicMs();
    const result = response.data && Object.values(response.data)[0];
    if (result?.__typename !== "Referral") {
      throw new Error(`mutation failed: ${JSON.stringify(response).slice(0, 400)}`);
    }
    this.pendingReferral = accepting ? null : result.id;
    if (accepting) this.pair = (pair + 1) % pairs(f);
    if (!(await until(() => this.notified.length > before, 5_000, 1))) {
      throw new Error("no NOTIFY received for a committed mutation");
    }
    if (this.notified.length !== before + 1) {
      throw new Error(
        `expected one notification per mutation, got ${this.notified.length - before}`,
      );
    }
    const { id, at } = this.notified[before];
    return { eventId: id, sentAt, committedAt: at, answeredAt, pair };
  }
}

async function prepareDatabase(
  adminUrl: string,
  benchUrl: string,
  maxSubscribers: number,
  structures: number,
) {
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${BENCH_DB}`);
  });
  const db = await openDatabase(
    { databaseUrl: benchUrl, dataDir: "" },
    createLogger({ logLevel: "silent" }),
  );
  try {
    await migrate(db);
    await seed(db.dataSource, { demo: true });
  } finally {
    await db.close();
  }
  return withClient(benchUrl, async (c): Promise<Fixture> => {
    const { rows } = await c.query(
      `SELECT id FROM structure WHERE source = 'demo' AND archived_at IS NULL ORDER BY source_ref LIMIT $1`,
      [structures],
    );
    if (rows.length < structures) throw new Error(`only ${rows.length} demo structures`);
    const structureIds = rows.map((r) => r.id as string);
    // API tokens as createApiToken stores them (the hash only): one per subscriber, then one
    // per structure for the mutations.
    const tokens = Array.from({ length: maxSubscribers + structures }, () =>
      newSecret(API_TOKEN_PREFIX),
    );
    const structureOf = (i: number) =>
      structureIds[i < maxSubscribers ? i % structures : i - maxSubscribers];
    await c.query(
      `INSERT INTO api_token (structure_id, name, token_hash, prefix)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])`,
      [
        tokens.map((_, i) => structureOf(i)),
        tokens.map((_, i) => `bench ${i}`),
        tokens.map((t) => hashSecret(t)),
        tokens.map((t) => t.slice(0, API_TOKEN_PREFIX.length + 6)),
      ],
    );
    return {
      structureIds,
      actorTokens: tokens.slice(maxSubscribers),
      subscriberTokens: tokens.slice(0, maxSubscribers),
    };
  });
}

/** Subscriber i: token i, of structure i mod K, on instance ⌊i / (n / instances)⌋. */
function subscribersOf(f: Fixture, n: number, instances: Instance[]): Subscriber[] {
  const perInstance = Math.ceil(n / instances.length);
  return Array.from({ length: n }, (_, i) => ({
    url: instances[Math.floor(i / perInstance)].url,
    token: f.subscriberTokens[i],
    structureId: f.structureIds[i % f.structureIds.length],
  }));
}

/** How many of the n subscribers follow one of the pair's two structures. */
function reachOf(f: Fixture, n: number, pair: number): number {
  const k = f.structureIds.length;
  const count = (s: number) => Math.floor(n / k) + (s < n % k ? 1 : 0);
  return count(2 * pair) + count(2 * pair + 1);
}

/**
 * Two events per pair of structures (whatever the pair in turn): the last event of each pair
 * together reach every subscriber once. Returns those events' ids.
 */
async function commitRound(source: EventSource, gql: ReturnType<typeof httpClient>, f: Fixture) {
  const lastOfPair = new Map<number, number>();
  for (let k = 0; k < 2 * pairs(f); k++) {
    const commit = await source.commit(gql, f);
    lastOfPair.set(commit.pair, commit.eventId);
  }
  return [...lastOfPair.values()];
}

async function connectAll(processes: ClientProcess[], subscribers: Subscriber[]) {
  const shares = processes.map((_, p) => subscribers.filter((_, i) => i % processes.length === p));
  const replies = await Promise.all(
    processes.map((p, i) =>
      p.call<ConnectReply>(
        { type: "connect", subscribers: shares[i], concurrency: HANDSHAKES_IN_FLIGHT },
        120_000,
      ),
    ),
  );
  const failed = replies.reduce((s, r) => s + r.failed, 0);
  if (failed > 0) {
    throw new Error(
      `${failed} of ${subscribers.length} subscribers could not connect: ${replies.find((r) => r.firstError)?.firstError}`,
    );
  }
  return Math.max(...replies.map((r) => r.ms));
}

async function receivedBy(processes: ClientProcess[], ...eventIds: number[]): Promise<number> {
  const counts = await Promise.all(
    processes.flatMap((p) => eventIds.map((eventId) => p.call<number>({ type: "count", eventId }))),
  );
  return counts.reduce((s, c) => s + c, 0);
}

async function runScenario(
  scenario: Scenario,
  f: Fixture,
  benchUrl: string,
  source: EventSource,
  options: {
    events: number;
    intervalMs: number;
    clientProcesses: number;
    profileDir: string | null;
  },
): Promise<ScenarioResult> {
  const problems: string[] = [];
  const n = scenario.subscribers;
  out(`\n### ${scenario.name}, ${n.toLocaleString("en")} subscribers`);
  const instances: Instance[] = [];
  const processes: ClientProcess[] = [];
  let gql: ReturnType<typeof httpClient> | null = null;
  try {
    for (let i = 0; i < scenario.instances; i++) {
      instances.push(await startInstance(benchUrl, options.profileDir));
    }
    gql = httpClient(instances[0].url);
    const clientCount = Math.min(options.clientProcesses, n);
    for (let i = 0; i < clientCount; i++)
      processes.push(new ClientProcess(`client process ${i + 1}`));

    // Warm-up: every code path once, with a few subscribers that are closed afterwards.
    const warm = subscribersOf(f, WARMUP_SUBSCRIBERS * instances.length, instances);
    await connectAll(processes, warm);
    for (let i = 0; i < WARMUP_ROUNDS; i++) {
      const ids = await commitRound(source, gql, f);
      await until(async () => (await receivedBy(processes, ...ids)) === warm.length, 5_000);
    }
    await Promise.all(processes.map((p) => p.call({ type: "close" })));
    await sleep(1_000);
    const baseline = await Promise.all(instances.map(retainedMemory));

    const t = monotonicMs();
    const connectMs = await connectAll(processes, subscribersOf(f, n, instances));
    out(`- ${n} subscribers connected in ${((monotonicMs() - t) / 1000).toFixed(1)} s`);

    // Connected is not yet subscribed: commit warm-up events until a round reaches everyone.
    let ready = false;
    let seen = 0;
    for (let attempt = 0; attempt < READINESS_ATTEMPTS && !ready; attempt++) {
      const ids = await commitRound(source, gql, f);
      ready = await until(async () => (seen = await receivedBy(processes, ...ids)) === n, 5_000);
    }
    if (!ready) {
      throw new Error(`after ${READINESS_ATTEMPTS} rounds of events, ${seen} of ${n} receipts`);
    }
    await sleep(1_500);
    const loaded = await Promise.all(instances.map(retainedMemory));
    const rssDelta = loaded.reduce((s, m, i) => s + m.rss - baseline[i].rss, 0);
    const heapDelta = loaded.reduce((s, m, i) => s + m.heapUsed - baseline[i].heapUsed, 0);
    out(
      `- retained memory: baseline ${baseline.map((m) => (m.rss / 2 ** 20).toFixed(1)).join(" + ")} MiB, with the idle subscribers ${loaded.map((m) => (m.rss / 2 ** 20).toFixed(1)).join(" + ")} MiB (heap ${loaded.map((m, i) => ((m.heapUsed - baseline[i].heapUsed) / 2 ** 20).toFixed(1)).join(" + ")} MiB more)`,
    );

    // Timed events, on a fixed schedule.
    await Promise.all(processes.map((p) => p.call({ type: "start" })));
    const cpuBefore = await Promise.all(instances.map((i) => probe(i, false)));
    const wallStart = monotonicMs();
    const commits: Commit[] = [];
    for (let k = 0; k < options.events && monotonicMs() - wallStart < TIMED_PHASE_MAX_MS; k++) {
      const due = wallStart + k * options.intervalMs;
      const wait = due - monotonicMs();
      if (wait > 0) await sleep(wait);
      commits.push(await source.commit(gql, f));
    }
    if (commits.length < options.events) {
      out(
        `- only ${commits.length} events sent: the timed phase is bounded to ${TIMED_PHASE_MAX_MS / 1000} s`,
      );
    }
    const last = commits.at(-1)!;
    const reachOfLast = reachOf(f, n, last.pair);
    if (
      !(await until(
        async () => (await receivedBy(processes, last.eventId)) === reachOfLast,
        10_000,
      ))
    ) {
      problems.push("the last event did not reach every subscriber within 10 s");
    }
    const cpuAfter = await Promise.all(instances.map((i) => probe(i, false)));
    const wallMs = monotonicMs() - wallStart;
    const eventIds = commits.map((c) => c.eventId);
    const collected = await Promise.all(
      processes.map((p) => p.call<CollectReply>({ type: "collect", eventIds }, 60_000)),
    );

    const commitToReceipt: number[] = [];
    const requestToReceipt: number[] = [];
    const fanOut: number[] = [];
    let received = 0;
    for (const c of commits) {
      let lastReceipt = -Infinity;
      for (const reply of collected) {
        for (const at of reply.receipts[c.eventId] ?? []) {
          commitToReceipt.push(at - c.committedAt);
          requestToReceipt.push(at - c.sentAt);
          lastReceipt = Math.max(lastReceipt, at);
          received++;
        }
      }
      fanOut.push(lastReceipt - c.committedAt);
    }
    const outOfOrder = collected.reduce((s, r) => s + r.outOfOrder, 0);
    for (const reply of collected) {
      problems.push(...reply.errors);
      for (const [code, count] of Object.entries(reply.closes)) {
        problems.push(`${count} socket(s) closed with code ${code}`);
      }
    }
    const result: ScenarioResult = {
      name: scenario.name,
      instances: scenario.instances,
      subscribers: n,
      events: commits.length,
      expected: commits.reduce((sum, c) => sum + reachOf(f, n, c.pair), 0),
      received,
      outOfOrder,
      commitToReceipt: distribution(commitToReceipt),
      requestToReceipt: distribution(requestToReceipt),
      fanOutMedianMs: median(fanOut),
      mutationMedianMs: median(commits.map((c) => c.answeredAt - c.sentAt)),
      commitIntervalMedianMs: median(
        commits.slice(1).map((c, i) => c.committedAt - commits[i].committedAt),
      ),
      rssPerSubscriberKB: rssDelta / n / 1000,
      heapPerSubscriberKB: heapDelta / n / 1000,
      serverCpuPercent: instances.map(
        (_, i) => ((cpuMs(cpuAfter[i]) - cpuMs(cpuBefore[i])) / wallMs) * 100,
      ),
      serverCpuPerDeliveryUs:
        (instances.reduce((sum, _, i) => sum + cpuMs(cpuAfter[i]) - cpuMs(cpuBefore[i]), 0) *
          1000) /
        received,
      clientCpuPercent: collected.map((r) => (r.cpuMs / r.wallMs) * 100),
      connectMs,
      problems,
    };
    const r = result;
    out(
      `- ${r.events} events, ${r.received}/${r.expected} receipts; commit→receipt p50 ${r.commitToReceipt.p50.toFixed(1)} ms, p99 ${r.commitToReceipt.p99.toFixed(1)} ms, max ${r.commitToReceipt.max.toFixed(1)} ms; whole fan-out (last receipt) median ${r.fanOutMedianMs.toFixed(1)} ms; mutation round trip median ${r.mutationMedianMs.toFixed(1)} ms, interval between commits median ${r.commitIntervalMedianMs.toFixed(0)} ms`,
    );
    out(
      `- per idle subscriber: RSS ${r.rssPerSubscriberKB.toFixed(1)} KB, V8 heap ${r.heapPerSubscriberKB.toFixed(1)} KB; CPU during the events: server ${r.serverCpuPercent.map((c) => `${c.toFixed(0)} %`).join(" + ")}, clients ${r.clientCpuPercent.map((c) => `${c.toFixed(0)} %`).join(" + ")} of one core; server CPU per delivered event ${r.serverCpuPerDeliveryUs.toFixed(0)} µs`,
    );
    for (const p of problems.slice(0, 5)) out(`- problem: ${p}`);
    return result;
  } finally {
    gql?.close();
    await Promise.all(
      processes.map((p) => p.call({ type: "close" }, 30_000).catch(() => undefined)),
    );
    await Promise.all(processes.map((p) => p.rpc.stop(5_000)));
    await Promise.all(instances.map((i) => i.rpc.stop()));
  }
}

async function main() {
  const runStarted = monotonicMs();
  const plan = scenarios();
  const events = option("events", 30);
  const intervalMs = option("interval", 250);
  const clientProcesses = option("client-processes", 2);
  const structures = option("structures", 2);
  if (structures % 2 !== 0) throw new Error("--structures must be even (pairs of structures)");
  const profileDir = flag("profile") ? path.resolve(__dirname, "../../profiles") : null;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const { adminUrl, benchUrl } = benchDatabaseUrls(BENCH_DB);
  const maxSubscribers = Math.max(...plan.map((s) => s.subscribers));

  // Each process holds up to `maxSubscribers` sockets (the server) plus its own files.
  const limit = openFileLimit();
  if (limit < maxSubscribers + 512) {
    throw new Error(
      `the open-file limit is ${limit}, too low for ${maxSubscribers} sockets in one process: run \`ulimit -n ${maxSubscribers + 1024}\` first (npm run bench:fanout raises it to the hard limit)`,
    );
  }

  const cpus = os.cpus();
  out(`## Live referral events fan-out benchmark`);
  out();
  out(
    `- machine: ${cpus[0]?.model ?? "unknown"}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.platform()} ${os.release()}; Node ${process.version}`,
  );
  out(
    `- load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")}`,
  );
  out(
    `- ${events} timed events per scenario, one every ${intervalMs} ms; subscribers spread over ${structures} structures, each event reaching those of its 2 structures (${structures === 2 ? "all of them" : `2/${structures} of them`}); ${clientProcesses} client processes; open-file limit ${limit}`,
  );

  const dropDatabase = () =>
    withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`));
  // Interrupted: stop the instances and clients, drop the database, then exit.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      out(`\n${signal}: stopping the child processes and dropping ${BENCH_DB}…`);
      interrupted = Promise.all([...running].map((child) => child.stop(5_000)))
        .then(async () => {
          if (!flag("keep-database")) await dropDatabase();
        })
        .catch(() => undefined)
        .finally(() => process.exit(130));
    });
  }

  const t = monotonicMs();
  const fixture = await prepareDatabase(adminUrl, benchUrl, maxSubscribers, structures);
  const listener = new Client({
    connectionString: benchUrl,
    application_name: "maillage-bench-listen",
  });
  // A lost LISTEN connection makes the next event time out ("no NOTIFY"): the run fails cleanly.
  listener.on("error", (error) => out(`- the LISTEN connection failed: ${error.message}`));
  const results: ScenarioResult[] = [];
  try {
    await listener.connect();
    const version = await listener.query(`SELECT current_setting('server_version') AS v`);
    out(
      `- PostgreSQL ${version.rows[0].v}; database ${BENCH_DB} created, migrated and seeded in ${((monotonicMs() - t) / 1000).toFixed(1)} s`,
    );
    await listener.query(`LISTEN ${REFERRAL_EVENT_CHANNEL}`);
    const source = new EventSource(listener);
    for (const scenario of plan) {
      results.push(
        await runScenario(scenario, fixture, benchUrl, source, {
          events,
          intervalMs,
          clientProcesses,
          profileDir,
        }),
      );
    }
  } finally {
    await listener.end().catch(() => undefined);
    if (!flag("keep-database")) await dropDatabase();
  }

  out();
  out(markdownTable(results));
  out();
  const failures = results.flatMap((r) => {
    const v = verdict(r);
    return [
      ...(v.complete
        ? []
        : [`${r.name} ${r.subscribers}: ${r.expected - r.received} receipts missing or problems`]),
      ...(v.latency
        ? []
        : [`${r.name} ${r.subscribers}: p99 ${r.commitToReceipt.p99.toFixed(0)} ms`]),
      ...(v.memory
        ? []
        : [
            `${r.name} ${r.subscribers}: ${r.rssPerSubscriberKB.toFixed(1)} KB per idle subscriber`,
          ]),
    ];
  });
  out(
    `Goals (p99 ≤ ${GOALS.p99OneInstanceMs} ms on one instance, ≤ ${GOALS.p99TwoInstancesMs} ms across two, ≤ ${GOALS.idleSubscriberKB} KB per idle subscriber, no receipt missing): ${failures.length ? `NOT MET — ${failures.join("; ")}` : "met"}`,
  );
  if (profileDir) out(`CPU profiles of the instances: ${profileDir}`);
  out(
    `Total run time: ${((monotonicMs() - runStarted) / 1000).toFixed(1)} s; load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")}`,
  );
  if (failures.length && flag("check")) process.exitCode = 2;
}

main().catch((error: unknown) => {
  if (interrupted) return interrupted; // the failure is the interruption's: its clean-up exits
  process.stderr.write(
    `bench:fanout failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
