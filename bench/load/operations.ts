/**
 * Where each millisecond of the load mix goes: `npm run bench:load -- --operations`.
 *
 * Runs the app in this process (production settings, logs written to /dev/null) on the load
 * benchmark's database, then, one request at a time (no contention), for each operation of the
 * mix: the SQL statements one request issues (recorded, then replayed alone on the app's pool:
 * the SQL floor), the request's latency, the process CPU per request, and the response size.
 * With --cpu-prof, each operation's timed requests are profiled apart (V8's sampler, in this
 * process) and summarised. Referrals are created first, so the boards have rows to list.
 */
import "../directory/production-env";
import "reflect-metadata";
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import pino from "pino";
import type { Pool } from "pg";
import type { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import { createApp } from "../../server/src/app";
import { loadConfig } from "../../server/src/config";
import { openDatabase } from "../../server/src/db/data-source";
import { type RecordedQuery, recordQueries } from "../../server/src/db/query-counter";
import { createLogger } from "../../server/src/logger";
import { benchHttpClient } from "../directory/http-client";
import { flag, option, out, percentile } from "../support";
import { summariseProfile } from "./cpu-profile";
import { OPERATIONS, type Operation, planner } from "./mix";
import { readWorld } from "./world";

interface OperationFigures {
  operation: Operation;
  statements: number;
  sqlMs: number;
  requestP50: number;
  requestP99: number;
  cpuMs: number;
  bytes: number;
}

const nowMs = () => performance.now();

export async function profileOperations(benchUrl: string): Promise<OperationFigures[]> {
  const rounds = option("rounds", 200);
  const config = loadConfig({
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    DATABASE_URL: benchUrl,
    HOST: "127.0.0.1",
    SMTP_URL: "log:",
    SEED_DEMO: "false",
    // VIEWER_CACHE=false measures the operations as they were before the viewer cache.
    ...(process.env.VIEWER_CACHE ? { VIEWER_CACHE: process.env.VIEWER_CACHE } : {}),
    // On, as in production; SHARED_RESULTS=false in the environment measures every execution.
    SHARED_RESULTS: process.env.SHARED_RESULTS || "true",
  });
  const logger = createLogger(config, pino.destination({ dest: "/dev/null", sync: true }));
  const db = await openDatabase(config, logger);
  const app = await createApp({ config, db, logger });
  const { port } = await app.listen(0, "127.0.0.1");
  const pool = (db.dataSource.driver as PostgresDriver).master as Pool;
  try {
    const world = await readWorld(benchUrl, port);
    const next = planner(world, `ops${Date.now().toString(36)}`, 7);
    const byOperation = new Map<Operation, ReturnType<typeof next>[]>();
    for (const op of OPERATIONS) byOperation.set(op, []);
    // Draw from the mix until every operation has its rounds (+ 1 for the recording).
    while ([...byOperation.values()].some((list) => list.length < rounds + 21)) {
      const request = next();
      const list = byOperation.get(request.operation)!;
      if (list.length < rounds + 21) list.push(request);
    }
    const client = await benchHttpClient(port);
    const figures: OperationFigures[] = [];
    const session = flag("cpu-prof") ? new Session() : null;
    session?.connect();
    const order: Operation[] = [
      "createReferral",
      "board list",
      "anonymous search",
      "signed-in search",
    ];
    for (const operation of order) {
      const requests = byOperation.get(operation)!;
      for (const r of requests.slice(0, 20)) await client.post(r.body, r.headers); // warm-up
      const recorded: RecordedQuery[] = [];
      recordQueries((q) => recorded.push(q));
      const sample = requests[20];
      await client.post(sample.body, sample.headers);
      recordQueries(null);
      // The SQL floor: the recorded statements replayed alone (reads only; writes are not
      // replayed, nor a WITH whose parts write: the mail claim, createReferral's combined writes).
      const isRead = (sql: string) =>
        /^\s*(SELECT|WITH)/i.test(sql) &&
        !/\b(INSERT\s+INTO|UPDATE\s+\S+(\s+\w+)?\s+SET|DELETE\s+FROM)\b/i.test(sql);
      const reads = recorded.filter((q) => isRead(q.sql));
      const sqlTimes: number[] = [];
      for (let i = 0; i < 50; i += 1) {
        const started = nowMs();
        for (const q of reads) await pool.query(q.sql, q.parameters);
        sqlTimes.push(nowMs() - started);
      }
      const times: number[] = [];
      let bytes = 0;
      if (session) {
        await session.post("Profiler.enable");
        await session.post("Profiler.start");
      }
      const cpuBefore = process.cpuUsage();
      for (const r of requests.slice(21)) {
        const started = nowMs();
        const body = await client.post(r.body, r.headers);
        times.push(nowMs() - started);
        bytes += Buffer.byteLength(body);
      }
      const cpu = process.cpuUsage(cpuBefore);
      if (session) {
        const { profile } = await session.post("Profiler.stop");
        const dir = path.resolve(__dirname, "profiles");
        fs.mkdirSync(dir, { recursive: true });
        const file = path.join(dir, `${operation.replaceAll(" ", "-")}.cpuprofile`);
        fs.writeFileSync(file, JSON.stringify(profile));
        out(`\n### ${operation}\n`);
        out(summariseProfile(file, 15));
      }
      times.sort((a, b) => a - b);
      sqlTimes.sort((a, b) => a - b);
      const n = times.length;
      figures.push({
        operation,
        statements: recorded.length,
        sqlMs: percentile(sqlTimes, 50),
        requestP50: percentile(times, 50),
        requestP99: percentile(times, 99),
        cpuMs: (cpu.user + cpu.system) / 1000 / n,
        bytes: Math.round(bytes / n),
      });
      if (process.argv.includes("--statements")) {
        out(`\n${operation}: ${recorded.length} statements`);
        for (const q of recorded) out(`  - ${q.sql.replace(/\s+/g, " ").slice(0, 160)}`);
      }
    }
    client.close();
    return figures;
  } finally {
    await app.stop();
    await db.close();
  }
}

export function operationsTable(figures: OperationFigures[]): string[] {
  const lines = [
    "| operation | SQL statements | SQL p50 ms (reads replayed) | request p50 ms | p99 ms | process CPU ms/request | response bytes |",
    "|---|--:|--:|--:|--:|--:|--:|",
  ];
  for (const f of figures) {
    lines.push(
      `| ${f.operation} | ${f.statements} | ${f.sqlMs.toFixed(2)} | ${f.requestP50.toFixed(2)} | ${f.requestP99.toFixed(2)} | ${f.cpuMs.toFixed(2)} | ${f.bytes} |`,
    );
  }
  return lines;
}
