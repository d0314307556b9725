/**
 * Load benchmark: `npm run bench:load [-- options]`.
 *
 * Seeds the demo network into its own database (dropped and created again, so every run starts
 * from the same rows), starts the production server in a child process, signs the demo members
 * in, then runs closed-loop clients with the realistic mix (40 % anonymous directory searches,
 * 30 % signed-in searches, 20 % partner board lists, 10 % createReferral). It prints req/s and
 * p50/p99 per operation, the errors by code, the server's CPU, and checks in SQL that every
 * referral the server acknowledged exists exactly once.
 *
 * Options: --connections N (200), --duration S (60), --warmup S (5), --seed N (1), --workers N
 * (WEB_CONCURRENCY of the server, default 1), --only OPERATION (only the mix's requests of one
 * operation, e.g. --only "board list", to read its CPU per request under the same load),
 * --check (exit with status 2 on an error, a lost or a duplicated referral), --cpu-prof (profile
 * the server with V8's sampler and print where its CPU went, by package and by function).
 * Environment: BENCH_DATABASE_URL or DATABASE_URL, an admin URL (default
 * postgres://postgres@127.0.0.1:5432/postgres); the data goes to `maillage_bench_load` next to it.
 */
import "reflect-metadata";
import os from "node:os";
import path from "node:path";
import { benchDatabaseUrls, flag, option, out, textOption, withClient } from "../support";
import { BENCH_DB, freshDatabase, readWorld } from "./world";
import { runLoad } from "./driver";
import { onlyOf, OPERATIONS, type Operation, planner, type World } from "./mix";
import { postgresCpuSeconds } from "./postgres-cpu";
import { loadTable, p50Of, totals } from "./report";
import { newestProfile, summariseProfile } from "./cpu-profile";
import { startAppProcess } from "./server-process";
import { operationsTable, profileOperations } from "./operations";

async function main() {
  const connections = option("connections", 200);
  const durationSeconds = option("duration", 60);
  const warmupSeconds = option("warmup", 5);
  const seedValue = option("seed", 1);
  const only = textOption("only") as Operation | undefined;
  if (only && !OPERATIONS.includes(only))
    throw new Error(`--only needs one of ${OPERATIONS.map((o) => `"${o}"`).join(", ")}`);
  const plan = (world: World, runId: string, seed: number) => {
    const next = planner(world, runId, seed);
    return only ? onlyOf(only, next) : next;
  };
  const { adminUrl, benchUrl } = benchDatabaseUrls(BENCH_DB);

  out(`Seeding the demo network into ${BENCH_DB}…`);
  await freshDatabase(adminUrl, benchUrl);
  if (flag("operations")) {
    out("Each operation of the mix alone, one request at a time:");
    out();
    for (const line of operationsTable(await profileOperations(benchUrl))) out(line);
    return;
  }
  const profileDir = flag("cpu-prof") ? path.resolve(__dirname, "profiles") : undefined;
  const workers = option("workers", 1);
  const app = await startAppProcess(benchUrl, {
    cpuProfileDir: profileDir,
    env: { WEB_CONCURRENCY: String(workers) },
  });
  try {
    const world = await readWorld(benchUrl, app.port);
    const runId = `${Date.now().toString(36)}`;
    out(
      `${world.members.length} members signed in, ${world.offers.length} active offers; ` +
        `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}; ` +
        `server: ${workers} worker process${workers > 1 ? "es" : ""}; load average ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(", ")}`,
    );
    if (only && only !== "createReferral") {
      // The boards are empty in the seeded network; in the mix, createReferral fills them.
      out("Filling the boards: createReferral alone for 3 s…");
      await runLoad({
        port: app.port,
        connections: 20,
        durationMs: 3000,
        next: onlyOf("createReferral", planner(world, `${runId}f`, seedValue + 2)),
      });
    }
    out(`Warm-up: ${warmupSeconds} s, ${Math.min(connections, 50)} connections…`);
    await runLoad({
      port: app.port,
      connections: Math.min(connections, 50),
      durationMs: warmupSeconds * 1000,
      next: plan(world, `${runId}w`, seedValue + 1),
    });

    out(`Load: ${connections} connections for ${durationSeconds} s…`);
    const cpuBefore = app.cpuSeconds();
    const postgresBefore = postgresCpuSeconds();
    const result = await runLoad({
      port: app.port,
      connections,
      durationMs: durationSeconds * 1000,
      next: plan(world, runId, seedValue),
    });
    const cpu = app.cpuSeconds() - cpuBefore;
    const postgresCpu = postgresCpuSeconds() - postgresBefore;

    const stored = await withClient(benchUrl, async (c) => {
      const { rows } = await c.query(
        `SELECT situation, count(*)::int AS n FROM referral WHERE situation LIKE $1 GROUP BY situation`,
        [`Charge ${runId} n°%`],
      );
      return new Map(rows.map((r) => [r.situation as string, r.n as number]));
    });
    const lost = result.acknowledged.filter((tag) => !stored.has(tag)).length;
    const duplicated = [...stored.values()].filter((n) => n > 1).length;
    const { requests, errors, perSecond, p99 } = totals(result);

    out();
    out(loadTable(result));
    out();
    out(`- throughput: ${perSecond.toFixed(0)} req/s, p99 ${p99.toFixed(0)} ms, ${errors} errors`);
    out(
      `- server CPU: ${cpu.toFixed(1)} s over ${(result.elapsedMs / 1000).toFixed(1)} s ` +
        `(${(cpu / (result.elapsedMs / 1000)).toFixed(2)} cores)`,
    );
    out(
      `- PostgreSQL CPU (every postgres process of the machine): ${postgresCpu.toFixed(1)} s ` +
        `(${(postgresCpu / (result.elapsedMs / 1000)).toFixed(2)} cores); per request: server ` +
        `${((cpu * 1000) / requests).toFixed(2)} ms, PostgreSQL ${((postgresCpu * 1000) / requests).toFixed(2)} ms`,
    );
    out(
      `- referrals: ${result.acknowledged.length} acknowledged, ${stored.size} stored, ` +
        `${lost} lost, ${duplicated} duplicated`,
    );
    if (only) {
      out(`- only ${only}: the issue's goals are about the whole mix`);
    } else {
      out(
        `- issue 18 goal (≥ 924 req/s = 4 × 231, p99 ≤ 500 ms, 0 errors): ` +
          (perSecond >= 924 && p99 <= 500 && errors === 0 ? "met" : "not met"),
      );
      const signedInRatio = p50Of(result, "signed-in search") / p50Of(result, "anonymous search");
      out(
        `- issue 18 goal (signed-in search p50 ≤ 1.2 × anonymous): ${signedInRatio.toFixed(2)}, ` +
          (signedInRatio <= 1.2 ? "met" : "not met"),
      );
    }
    if (flag("check") && (errors > 0 || lost > 0 || duplicated > 0)) process.exitCode = 2;
  } finally {
    await app.stop();
  }
  const profile = profileDir && newestProfile(profileDir);
  if (profile) {
    out();
    out(summariseProfile(profile));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:load failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
