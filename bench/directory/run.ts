/**
 * Directory search benchmark: `npm run bench:directory [-- options]`.
 *
 * Generates (or reuses) a national-scale data set in its own database, starts the app in this
 * process, and for six representative searches measures, in the same run and in turn:
 *   - GraphQL: one POST /graphql over HTTP (keep-alive), until the whole response is received;
 *   - SQL: the exact statements that request made (captured once through the query recorder),
 *     replayed one after the other with `pg` on the app's own connection pool;
 *   - bare graphql-http: the same request to the reference server of bench:http (graphql-js over
 *     the same resolvers and services, nothing else), in this process;
 *   - HTTP floor: the same statements behind a plain node:http server with no GraphQL
 *     (http-floor.ts), answering the rows as JSON, and "transport only", answering a fixed
 *     body: what HTTP alone adds to the SQL.
 * Prints p50/p95/p99 of GraphQL and SQL, the p50 ratios and the goals as a Markdown table.
 *
 * Options: --iterations N (200), --warmup N (20), --regenerate, --explain (EXPLAIN ANALYZE of
 * every captured statement), --check (exit with status 2 when a goal is not met),
 * --separate-sql-client (replay the SQL on a connection of its own, not the app's pool),
 * --only searches|suggestions (one of the two parts).
 * Environment: BENCH_DATABASE_URL or DATABASE_URL, an admin URL (default
 * postgres://postgres@127.0.0.1:5432/postgres); the data set goes to the database
 * `maillage_bench_directory` next to it.
 */
import "./production-env";
import "reflect-metadata";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { Client, type Pool } from "pg";
import type { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import pino from "pino";
import { createApp } from "../../server/src/app";
import { createAppServices } from "../../server/src/app-services";
import { loadConfig } from "../../server/src/config";
import { migrate, openDatabase } from "../../server/src/db/data-source";
import { migrations } from "../../server/src/db/migrations";
import { type RecordedQuery, recordQueries } from "../../server/src/db/query-counter";
import { createLogger } from "../../server/src/logger";
import { GENERATOR_VERSION, generate, load, SIZES } from "./generate";
import { bareGraphqlServer } from "../http/bare-handler";
import { benchDatabaseUrls, flag, option, out, withClient } from "../support";
import { type BenchHttpClient, benchHttpClient } from "./http-client";
import { startHttpFloor } from "./http-floor";
import { GOALS, markdownTable, type SearchResult, summarize, verdict } from "./report";
import { SEARCH_QUERY, SEARCHES } from "./searches";
import {
  measureSuggestions,
  SUGGESTION_GOALS,
  suggestionFailures,
  suggestionsTable,
} from "./suggestions";

const BENCH_DB = "maillage_bench_directory";

/**
 * "Now" for the app under test: a Thursday, 15:00 in Paris. `openNow` (search 2) then matches
 * the same structures whatever the hour of the run; on the system clock it found none at night.
 */
const BENCH_NOW = new Date("2026-12-03T14:00:00Z");

interface DataSetInfo {
  generatedNow: boolean;
  generationMs: number;
  generatedAt: string;
}

const MARKER = `CREATE TABLE IF NOT EXISTS bench_dataset (
  version text NOT NULL, migrations text NOT NULL, generation_ms integer NOT NULL,
  generated_at timestamptz NOT NULL DEFAULT now())`;

/** Reuses the bench database when it holds this generator's data set; rebuilds it otherwise. */
async function ensureDataSet(adminUrl: string, benchUrl: string): Promise<DataSetInfo> {
  const schema = migrations.map((m) => m.name).join(",");
  const exists = await withClient(adminUrl, async (c) => {
    const { rowCount } = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [BENCH_DB]);
    return rowCount === 1;
  });
  if (exists && !flag("regenerate")) {
    const marker = await withClient(benchUrl, async (c) => {
      await c.query(MARKER);
      const { rows } = await c.query(
        `SELECT generation_ms, generated_at FROM bench_dataset WHERE version = $1 AND migrations = $2`,
        [GENERATOR_VERSION, schema],
      );
      return rows[0];
    });
    if (marker) {
      return {
        generatedNow: false,
        generationMs: marker.generation_ms,
        generatedAt: new Date(marker.generated_at).toISOString(),
      };
    }
  }

  out(`Generating the data set into ${BENCH_DB} (${GENERATOR_VERSION})…`);
  const started = performance.now();
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${BENCH_DB}`);
  });
  const silent = createLogger({ logLevel: "silent" });
  const db = await openDatabase({ databaseUrl: benchUrl, dataDir: "" }, silent);
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
  const data = generate();
  const built = performance.now();
  let last = performance.now();
  const phases: string[] = [];
  await withClient(benchUrl, async (c) => {
    await load(c, data, (name) => {
      const now = performance.now();
      phases.push(`${name} ${((now - last) / 1000).toFixed(1)} s`);
      last = now;
    });
    await c.query(MARKER);
    await c.query(
      `INSERT INTO bench_dataset (version, migrations, generation_ms) VALUES ($1, $2, $3)`,
      [GENERATOR_VERSION, schema, Math.round(performance.now() - started)],
    );
  });
  const generationMs = Math.round(performance.now() - started);
  out(
    `  generated in ${(generationMs / 1000).toFixed(1)} s: database, migrations and rows in memory ${((built - started) / 1000).toFixed(1)} s, ${phases.join(", ")}`,
  );
  return { generatedNow: true, generationMs, generatedAt: new Date().toISOString() };
}

/** `--name value`, or null when the option is absent. */
function optionValue(name: string): string | null {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? null : (process.argv[i + 1] ?? "");
}

/** What is measured in every iteration, each first in turn (see the header). */
const MEASURED = ["graphql", "sql", "bare", "floor", "transport"] as const;
type Measured = (typeof MEASURED)[number];

const elapsedMs = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

async function main() {
  const runStarted = performance.now();
  const iterations = option("iterations", 200);
  const warmup = option("warmup", 20);
  const { adminUrl, benchUrl } = benchDatabaseUrls(BENCH_DB);

  const dataSet = await ensureDataSet(adminUrl, benchUrl);

  // The app as in production, logging at info to /dev/null (the log lines are built and written).
  const config = loadConfig({
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    DATABASE_URL: benchUrl,
    HOST: "127.0.0.1",
    SMTP_URL: "log:", // production refuses to start without a mail transport; none is sent here
    // Every iteration repeats the same searches: shared, all but the first would be answered
    // without executing anything. This bench measures the GraphQL layer's executions.
    SHARED_RESULTS: "false",
  });
  const logger = createLogger(config, pino.destination({ dest: "/dev/null", sync: true }));
  const db = await openDatabase(config, logger);
  const app = await createApp({ config, db, logger, now: () => BENCH_NOW });
  const { port } = await app.listen(0, "127.0.0.1");
  const gql = await benchHttpClient(port);
  const pg = new Client({ connectionString: benchUrl, application_name: "maillage-bench-sql" });
  await pg.connect();
  // The SQL side replays on the app's own pool, the PostgreSQL sessions the service uses; with
  // --separate-sql-client on a connection of its own (the method before, see docs/benchmarks.md).
  const sqlRunner: Pick<Pool, "query"> = flag("separate-sql-client")
    ? pg
    : ((db.dataSource.driver as PostgresDriver).master as Pool);
  // The same statements behind a plain node:http server (no GraphQL): the transport's floor.
  const floor = await startHttpFloor(sqlRunner);
  const floorClient = await benchHttpClient(floor.port, "/rows");
  const transportClient = await benchHttpClient(floor.port, "/transport");
  // The bare graphql-http reference of bench:http, over the same services (same pinned clock).
  const bare = await bareGraphqlServer(
    createAppServices({ config, db, logger, hub: app.hub, now: () => BENCH_NOW }),
  );
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const bareClient = await benchHttpClient((bare.address() as AddressInfo).port);

  try {
    const facts = await pg.query(
      `SELECT current_setting('server_version') AS version,
              (SELECT count(*) FROM district)::int AS districts,
              (SELECT count(*) FROM structure)::int AS structures,
              (SELECT count(*) FROM structure WHERE archived_at IS NOT NULL)::int AS archived,
              (SELECT count(*) FROM service_offer)::int AS offers,
              (SELECT count(*) FROM service_offer WHERE active)::int AS active_offers,
              (SELECT count(*) FROM structure_opening_interval)::int AS intervals,
              pg_size_pretty(pg_database_size(current_database())) AS size`,
    );
    const f = facts.rows[0];
    const cpus = os.cpus();
    out();
    out(`## Directory search benchmark`);
    out();
    out(
      `- machine: ${cpus[0]?.model ?? "unknown"}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.platform()} ${os.release()}`,
    );
    out(`- Node ${process.version}, PostgreSQL ${f.version}`);
    out(
      `- load average at start: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(", ")} (other work on the machine inflates the figures, p95 first)`,
    );
    out(
      `- data set ${GENERATOR_VERSION}: ${f.districts} districts, ${f.structures} structures (${f.archived} archived), ${f.offers} offers (${f.active_offers} active), ${f.intervals} opening intervals, database ${f.size}`,
    );
    out(
      `- generation: ${(dataSet.generationMs / 1000).toFixed(1)} s (${dataSet.generatedNow ? "this run" : `reused, generated ${dataSet.generatedAt}`})`,
    );
    out(
      `- ${warmup} warm-up and ${iterations} timed iterations per search, each of GraphQL, SQL, bare graphql-http, HTTP floor and transport in turn; SQL replayed on ${flag("separate-sql-client") ? "a connection of its own" : "the app's pool"}`,
    );
    out(
      `- run at ${new Date().toISOString()}; "now" for openNow pinned to ${BENCH_NOW.toISOString()} (Thursday 15:00 in Paris)`,
    );
    if (f.structures !== SIZES.structures || f.offers !== SIZES.offers) {
      throw new Error(`the bench database does not hold the expected data set: use --regenerate`);
    }

    const only = optionValue("only");
    if (only !== null && only !== "searches" && only !== "suggestions") {
      throw new Error(`--only takes searches or suggestions`);
    }
    const results: SearchResult[] = [];
    for (const search of only === "suggestions" ? [] : SEARCHES) {
      const body = JSON.stringify({
        operationName: "DirectorySearch",
        query: SEARCH_QUERY,
        variables: search.variables,
      });

      // Capture the statements of one request in the steady state (after a first request has
      // filled the process's district cache), and check it answers a full page.
      await gql.post(body);
      const captured: RecordedQuery[] = [];
      recordQueries((q) => captured.push(q));
      let response: any;
      try {
        response = JSON.parse(await gql.post(body));
      } finally {
        recordQueries(null);
      }
      if (response.errors) throw new Error(`${search.name}: ${JSON.stringify(response.errors)}`);
      const connection = response.data.structures;
      // The reference answers the same data (a differing answer would measure other work).
      const bareData = JSON.parse(await bareClient.post(body)).data;
      if (JSON.stringify(bareData) !== JSON.stringify(response.data)) {
        throw new Error(`${search.name}: the bare graphql-http server answers other data`);
      }
      if (connection.edges.length < 20) {
        out(`  warning: "${search.name}" returns ${connection.edges.length} structures, not 20`);
      }

      const replay = async () => {
        for (const q of captured) await sqlRunner.query(q.sql, q.parameters);
      };
      floor.replay(captured);

      if (flag("explain")) {
        out();
        out(`### ${search.name}`);
        for (const q of captured) {
          const plan = await pg.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.parameters);
          out("```");
          out(q.sql.replace(/\s+/g, " ").trim());
          out(`-- parameters: ${JSON.stringify(q.parameters)}`);
          for (const row of plan.rows) out(row["QUERY PLAN"]);
          out("```");
        }
      }

      // Each one request (or replay) of this search; the GraphQL answers are checked.
      const post = (client: BenchHttpClient) => async () => {
        const text = await client.post(body);
        if (text.includes('"errors":[')) throw new Error(`${search.name}: ${text}`);
      };
      const runners: Record<Measured, () => Promise<void>> = {
        graphql: post(gql),
        sql: replay,
        bare: post(bareClient),
        floor: post(floorClient),
        transport: post(transportClient),
      };
      for (let i = 0; i < warmup; i++) for (const name of MEASURED) await runners[name]();
      const samples = Object.fromEntries(MEASURED.map((name) => [name, [] as number[]])) as Record<
        Measured,
        number[]
      >;
      for (let i = 0; i < iterations; i++) {
        // Rotate which goes first, so none always follows the same one.
        for (let k = 0; k < MEASURED.length; k++) {
          const name = MEASURED[(i + k) % MEASURED.length];
          const started = process.hrtime.bigint();
          await runners[name]();
          samples[name].push(elapsedMs(started));
        }
      }
      const result: SearchResult = {
        name: search.name,
        statements: captured.length,
        totalCount: connection.totalCount,
        graphql: summarize(samples.graphql),
        sql: summarize(samples.sql),
        bare: summarize(samples.bare),
        floor: summarize(samples.floor),
        transport: summarize(samples.transport),
      };
      results.push(result);
      const v = verdict(result);
      out(
        `  ${search.name}: GraphQL p50 ${result.graphql.p50.toFixed(2)} ms, p95 ${result.graphql.p95.toFixed(2)} ms; SQL p50 ${result.sql.p50.toFixed(2)} ms; ratio ${v.ratio.toFixed(2)}; bare graphql-http p50 ${result.bare.p50.toFixed(2)} ms (${v.bareRatio.toFixed(2)} × SQL); HTTP floor p50 ${result.floor.p50.toFixed(2)} ms (${v.floorRatio.toFixed(2)} × SQL), transport only ${result.transport.p50.toFixed(2)} ms (${v.transportRatio.toFixed(2)} × SQL)`,
      );
    }

    if (results.length) {
      out();
      out(markdownTable(results));
    }
    out();
    const suggestions =
      only === "searches"
        ? []
        : await measureSuggestions(pg, gql.post, Math.min(iterations, 100), warmup);
    if (suggestions.length) {
      out(suggestionsTable(suggestions));
      out();
    }
    const failures = [
      ...results.flatMap((r, i) => {
        const v = verdict(r);
        return [
          ...(v.ratioOk ? [] : [`#${i + 1} p50 ratio ${v.ratio.toFixed(2)} > ${GOALS.ratioP50}`]),
          ...(v.p95Ok
            ? []
            : [`#${i + 1} GraphQL p95 ${r.graphql.p95.toFixed(1)} ms > ${GOALS.graphqlP95Ms} ms`]),
        ];
      }),
      ...suggestionFailures(suggestions),
    ];
    const goals = [
      ...(results.length
        ? [
            `directory searches GraphQL p50 ≤ ${GOALS.ratioP50} × SQL p50 (formerly ${GOALS.formerRatioP50}), GraphQL p95 ≤ ${GOALS.graphqlP95Ms} ms`,
          ]
        : []),
      ...(suggestions.length
        ? [
            `suggestStructures p50 ≤ ${SUGGESTION_GOALS.p50Ms} ms, p95 ≤ ${SUGGESTION_GOALS.p95Ms} ms`,
          ]
        : []),
    ];
    out(
      `Goals (${goals.join("; ")}): ${failures.length ? `NOT MET — ${failures.join("; ")}` : "met"}`,
    );
    out(
      `Total run time: ${((performance.now() - runStarted) / 1000).toFixed(1)} s; load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(", ")}`,
    );
    if (failures.length && flag("check")) process.exitCode = 2;
  } finally {
    recordQueries(null);
    gql.close();
    floorClient.close();
    transportClient.close();
    bareClient.close();
    bare.closeAllConnections();
    await new Promise((resolve) => bare.close(resolve));
    await floor.close();
    await pg.end();
    await app.stop();
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:directory failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
