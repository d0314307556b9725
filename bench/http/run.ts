/**
 * HTTP layer benchmark: `npm run bench:http [-- options]` (issue 18, part 3).
 *
 * Seeds the demo network into its own database, then starts two servers as child processes with
 * the same production environment: the app (server/dist/main.js, NODE_ENV=production, its log at
 * `info` to /dev/null) and a bare `graphql-http` handler on `node:http` over the same schema and
 * context factory (bare-server.ts). For each of three documents it loads one server at a time
 * with autocannon (100 connections), alternating which goes first from one round and document to
 * the next so that machine noise hits both, and prints req/s, p50, p99 and errors of each, the
 * ratio app/bare and the goal: app ≥ 0.6 × bare on `{ __typename }` and on the directory page.
 *
 * Options: --duration S (10 s per measurement), --rounds N (2), --warmup S (3),
 * --connections N (100), --check (exit with status 2 on a missed goal or an error),
 * --only typename,directory,board (some documents only), --cpu-prof (profile both servers with
 * V8's sampler and print where their CPU went).
 * Environment: BENCH_DATABASE_URL or DATABASE_URL, an admin URL (default
 * postgres://postgres@127.0.0.1:5432/postgres); the data goes to `maillage_bench_http` next to it.
 */
import os from "node:os";
import path from "node:path";
import { benchDatabaseUrls, flag, option, out, percentile } from "../support";
import { newestProfile, summariseProfile } from "../load/cpu-profile";
import { type AppProcess, startAppProcess } from "../load/server-process";
import { freshDatabase } from "../load/world";
import { partnerWithReferrals } from "./board";
import { benchDocuments } from "./documents";
import { measure, merge, type Sample, type Target } from "./measure";

const BENCH_DB = "maillage_bench_http";
const GOAL = 0.6;
const BOARD_REFERRALS = 60;

/** One request, to learn the answer (and check it is a success, the same from both servers). */
async function answerOf(server: AppProcess, body: string, headers: Record<string, string>) {
  const res = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  const text = await res.text();
  if (res.status !== 200 || JSON.parse(text).errors) {
    throw new Error(`HTTP ${res.status}: ${text.slice(0, 500)}`);
  }
  return text;
}

/** `--name value`, or undefined. */
function stringOption(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "–");

async function main() {
  const connections = option("connections", 100);
  const durationSeconds = option("duration", 10);
  const rounds = option("rounds", 2);
  const warmupSeconds = option("warmup", 3);
  const { adminUrl, benchUrl } = benchDatabaseUrls(BENCH_DB);

  out(`Seeding the demo network into ${BENCH_DB}…`);
  await freshDatabase(adminUrl, benchUrl);
  const profileDir = (side: string) =>
    flag("cpu-prof") ? path.resolve(__dirname, "profiles", side) : undefined;
  // Shared results off: each measurement repeats one document, which the app would then answer
  // from memory while the bare server executes it; this compares the layers around executions.
  const production = { env: { LOG_LEVEL: "info", SHARED_RESULTS: "false" }, logFile: "/dev/null" };
  const app = await startAppProcess(benchUrl, { ...production, cpuProfileDir: profileDir("app") });
  const bare = await startAppProcess(benchUrl, {
    ...production,
    entry: path.join(__dirname, "bare-server.js"),
    cpuProfileDir: profileDir("bare"),
  }).catch(async (error: unknown) => {
    await app.stop();
    throw error;
  });
  const servers = { app, bare };
  let missed = false;
  try {
    const partner = await partnerWithReferrals(benchUrl, app.port, BOARD_REFERRALS);
    const cookie = partner.cookie;
    const only = stringOption("only")?.split(",");
    const documents = benchDocuments(partner.structureId).filter(
      (d) => !only || only.includes(d.key),
    );
    const targets = new Map<string, Record<"app" | "bare", Target>>();
    for (const doc of documents) {
      const headers: Record<string, string> = doc.signedIn ? { cookie } : {};
      const [appAnswer, bareAnswer] = [
        await answerOf(app, doc.body, headers),
        await answerOf(bare, doc.body, headers),
      ];
      // Apollo ends its JSON with a newline, graphql-http does not.
      if (appAnswer.trimEnd() !== bareAnswer.trimEnd()) {
        throw new Error(
          `${doc.name}: the two servers answer differently:\n${appAnswer}\n${bareAnswer}`,
        );
      }
      out(`- ${doc.name}: ${Buffer.byteLength(bareAnswer)} bytes, the same from both servers`);
      targets.set(doc.name, {
        app: { body: doc.body, headers, expectBody: appAnswer },
        bare: { body: doc.body, headers, expectBody: bareAnswer },
      });
    }
    out(
      `Board of ${partner.email} (${BOARD_REFERRALS} referrals sent, 50 shown); ` +
        `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}, ` +
        `load average ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(" ")}`,
    );
    out(
      `${rounds} round(s) × ${documents.length} documents × 2 servers, ${durationSeconds} s each ` +
        `at ${connections} connections (after ${warmupSeconds} s of warm-up in the first round)…`,
    );

    const samples = new Map<string, Record<"app" | "bare", Sample[]>>();
    for (const doc of documents) samples.set(doc.name, { app: [], bare: [] });
    let turn = 0;
    for (let round = 0; round < rounds; round++) {
      for (const doc of documents) {
        const order = (["app", "bare"] as const).slice();
        if (turn++ % 2 === 1) order.reverse();
        for (const side of order) {
          const target = targets.get(doc.name)![side];
          if (round === 0) await measure(servers[side], target, connections, warmupSeconds);
          const sample = await measure(servers[side], target, connections, durationSeconds);
          samples.get(doc.name)![side].push(sample);
          out(
            `  round ${round + 1}, ${doc.name}, ${side}: ${fixed(sample.requests / sample.seconds)} req/s`,
          );
        }
      }
    }

    out();
    out(
      "| document | server | req/s | p50 ms | p99 ms | errors | server CPU (cores) | CPU µs/req | app/bare req/s | goal ≥ 0.6 |",
    );
    out("|---|---|--:|--:|--:|--:|--:|--:|--:|:-:|");
    for (const doc of documents) {
      const both = samples.get(doc.name)!;
      const rate = { app: 0, bare: 0 };
      for (const side of ["app", "bare"] as const) {
        const s = merge(both[side]);
        rate[side] = s.requests / s.seconds;
        const cells = [
          doc.name,
          side,
          fixed(rate[side]),
          fixed(percentile(s.latencies, 50), 1),
          fixed(percentile(s.latencies, 99), 1),
          String(s.errors),
          fixed(s.serverCpu / s.seconds, 2),
          fixed((s.serverCpu * 1e6) / s.requests),
        ];
        if (side === "app") cells.push("", "");
        else {
          const ratio = rate.app / rate.bare;
          const pass = ratio >= GOAL;
          if (doc.goal && !pass) missed = true;
          cells.push(`**${ratio.toFixed(2)}**`, doc.goal ? (pass ? "PASS" : "FAIL") : "(no goal)");
        }
        if (s.errors > 0) missed = true;
        out(`| ${cells.join(" | ")} |`);
      }
    }
    out();
    out(
      `- load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    out(
      `- issue 18 goal (app ≥ ${GOAL} × bare graphql-http on { __typename } and the directory page, ` +
        `no errors): ${missed ? "not met" : "met"}`,
    );
  } finally {
    await Promise.all([app.stop(), bare.stop()]);
  }
  for (const side of ["app", "bare"]) {
    const dir = profileDir(side);
    const profile = dir && newestProfile(dir);
    if (!profile) continue;
    out();
    out(`### ${side}`);
    out(summariseProfile(profile, 30));
  }
  if (flag("check") && missed) process.exitCode = 2;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:http failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
