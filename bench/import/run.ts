/**
 * Import benchmark: `npm run bench:import [-- options]`.
 *
 * Generates a seeded "lieux de médiation numérique" CSV (20,000 rows by default), creates a fresh
 * database `maillage_bench_import` next to BENCH_DATABASE_URL / DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), and runs the import CLI on it as a child process,
 * twice: into the empty directory, then the same file again (idempotent: all unchanged). Prints
 * wall time, the import's own duration, rows per second and the child's peak RSS as Markdown.
 * Then a data·inclusion file of --di N structures (2000) over that directory, twice: half the same
 * places under other names (the merging path: compared by name and address, merged), half new.
 *
 * Options: --rows N (20000), --embedded (also import into a fresh embedded PGlite database),
 * --write (put the section into docs/benchmarks.md, between its markers), --check (exit with
 * status 2 when the first import takes more than 30 s).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchDatabaseUrls, flag, option, out, withClient, projectRoot } from "../support";
import { generateLmnCsv, IMPORT_GENERATOR_VERSION } from "./generate";
import { generateDiFromLmn } from "./generate-di";

const BENCH_DB = "maillage_bench_import";
const GOAL_SECONDS = 30;
const ROOT = projectRoot();
const CLI = path.join(ROOT, "server/dist/tools/import.js"); // built by `tsc -b server` (npm script)

interface Run {
  label: string;
  wallSeconds: number;
  peakRssMb: number;
  exitCode: number;
  report: {
    durationMs: number;
    records: number;
    created: number;
    updated: number;
    unchanged: number;
    rejected: number;
    merged: number;
    possibleDuplicates: number;
    offersCreated: number;
    withoutLocationCount: number;
    fileError: unknown;
  };
}

/** Peak resident memory of a live process (Linux: VmHWM), in MB; 0 when unknown. */
function peakRss(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function runCli(
  label: string,
  file: string,
  env: Record<string, string>,
  format = "lmn",
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, "--format", format, "--json", file], {
      // Production refuses to start without a mail transport; the CLI sends none.
      env: { ...process.env, LOG_LEVEL: "warn", NODE_ENV: "production", SMTP_URL: "log:", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on(
      "data",
      (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-2000)),
    );
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, peakRss(child.pid!))), 25);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      peak = Math.max(peak, peakRss(child.pid!)); // the summary is written last: read the peak then
    });
    child.on("error", reject);
    child.on("close", (exitCode) => {
      clearInterval(poll);
      try {
        resolve({
          label,
          wallSeconds: (performance.now() - started) / 1000,
          peakRssMb: peak,
          exitCode: exitCode ?? -1,
          report: JSON.parse(stdout),
        });
      } catch {
        reject(
          new Error(`${label}: the CLI printed no report (exit ${exitCode}):\n${stdout}${stderr}`),
        );
      }
    });
  });
}

/** Drops and creates the benchmark's database; resolves with the server's version. */
function freshDatabase(adminUrl: string): Promise<string> {
  return withClient(adminUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DB}`);
    const { rows } = await admin.query(`SELECT current_setting('server_version') AS version`);
    return rows[0].version as string;
  });
}

function row(run: Run): string {
  const r = run.report;
  const rate = Math.round(r.records / (r.durationMs / 1000));
  return (
    `| ${run.label} | ${run.wallSeconds.toFixed(1)} s | ${(r.durationMs / 1000).toFixed(1)} s | ` +
    `${rate.toLocaleString("en")} | ${Math.round(run.peakRssMb)} MB | ${r.created} / ${r.updated} / ` +
    `${r.unchanged} / ${r.rejected} | ${r.offersCreated} | ${r.withoutLocationCount} |`
  );
}

async function main() {
  const rows = option("rows", 20_000);
  const { adminUrl, benchUrl } = benchDatabaseUrls(BENCH_DB);
  const lines: string[] = [];
  const say = (line = "") => {
    out(line);
    lines.push(line);
  };
  const file = path.join(os.tmpdir(), `maillage-bench-${IMPORT_GENERATOR_VERSION}-${rows}.csv`);
  const generated = performance.now();
  const size = await generateLmnCsv(file, rows);
  const cpus = os.cpus();

  say("### Reference run");
  say();
  say(
    `- machine: ${cpus[0]?.model ?? "unknown"}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM; Node ${process.version}`,
  );
  say(
    `- file: ${rows.toLocaleString("en")} rows (${IMPORT_GENERATOR_VERSION}, seeded), ${(size / 2 ** 20).toFixed(1)} MB, generated in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
  );
  say(
    `- each run is \`node server/dist/tools/import.js --format lmn FILE\` in a child process: wall time includes start-up and migrations; "import" is the transaction itself`,
  );
  say(
    `- run at ${new Date().toISOString()}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")}`,
  );
  const version = await freshDatabase(adminUrl);
  say(
    `- PostgreSQL ${version}; command: \`npm run bench:import -- ${process.argv.slice(2).join(" ")}\``,
  );
  say();
  say(
    "| run | wall | import | rows/s | peak RSS | created / updated / unchanged / rejected | offers created | without location |",
  );
  say("|---|---|---|---|---|---|---|---|");
  const runs: Run[] = [];
  for (const label of ["PostgreSQL, empty directory", "PostgreSQL, same file again"]) {
    const run = await runCli(label, file, { DATABASE_URL: benchUrl });
    runs.push(run);
    say(row(run));
  }
  const diFile = path.join(os.tmpdir(), `maillage-bench-di-${rows}.json`);
  const diCount = generateDiFromLmn(file, diFile, option("di", 2000));
  const merging: Run[] = [];
  for (const label of [
    `PostgreSQL, data·inclusion over it (${diCount})`,
    "PostgreSQL, data·inclusion again",
  ]) {
    const run = await runCli(label, diFile, { DATABASE_URL: benchUrl }, "data-inclusion");
    merging.push(run);
    say(row(run));
  }
  fs.rmSync(diFile, { force: true });
  if (flag("embedded")) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "maillage-bench-pglite-"));
    try {
      for (const label of [
        "PGlite (embedded), empty directory",
        "PGlite (embedded), same file again",
      ]) {
        const run = await runCli(label, file, {
          DATABASE_URL: "",
          DATA_DIR: dataDir,
          SEED_DEMO: "false",
        });
        runs.push(run);
        say(row(run));
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const first = runs[0];
  const met = first.wallSeconds <= GOAL_SECONDS;
  say();
  const m = merging[0].report;
  say(
    `Merging: the data·inclusion file matched ${m.merged} structures by name and address ` +
      `(${m.possibleDuplicates} possible duplicates listed); imported again, ${merging[1].report.unchanged} unchanged.`,
  );
  say();
  say(
    rows === 20_000
      ? `Goal: 20,000 rows in ≤ ${GOAL_SECONDS} s on 2 cores — first import ${(first.report.durationMs / 1000).toFixed(1)} s (${first.wallSeconds.toFixed(1)} s with start-up): ${met ? "met" : "NOT met"}.`
      : `(The goal, ≤ ${GOAL_SECONDS} s, is for 20,000 rows; this run had ${rows.toLocaleString("en")}.)`,
  );
  fs.rmSync(file, { force: true });

  if (flag("write")) {
    const target = path.join(ROOT, "docs/benchmarks.md");
    const begin = "<!-- bench:import -->";
    const end = "<!-- /bench:import -->";
    const section = `${begin}\n${lines.join("\n")}\n${end}`;
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "# Benchmarks\n";
    const next = current.includes(begin)
      ? current.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), section)
      : `${current.trimEnd()}\n\n${section}\n`;
    // Formatted as `npm run lint` wants it (the table's columns aligned).
    const prettier = await import("prettier");
    fs.writeFileSync(target, await prettier.format(next, { parser: "markdown", printWidth: 100 }));
    out(`\nwrote the section into ${path.relative(process.cwd(), target)}`);
  }
  if (flag("check") && rows === 20_000 && !met) process.exit(2);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:import failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
