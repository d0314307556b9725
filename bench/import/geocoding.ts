/**
 * Geocoding benchmark: `npm run bench:import-geocoding [-- options]`.
 *
 * The import benchmark's seeded CSV (10,000 rows by default) in two versions: every row with
 * coordinates, and the same rows with 30 % of them (3 rows in 10) without, to be geocoded
 * against a local server in the BAN's batch format (bench/import/ban-server.ts) that waits
 * `--base-ms` (150) + `--per-row-ms` (0.5 × 1000 = 500 µs, given in µs with --per-row-us) per
 * request. Each version is imported by the CLI (child process) into a fresh database; then
 * the geocoded file again (the cache and the located structures answer: no request). Prints the
 * ratio of the geocoded import's time to the import with coordinates, against the goal ≤ 2×.
 *
 * Options: --rows N (10000), --base-ms N (150), --per-row-us N (500), --write (puts the section
 * into docs/benchmarks.md between its markers), --check (exit status 2 when the goal is missed).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { benchDatabaseUrls, flag, option, out, projectRoot, withClient } from "../support";
import { startBenchBanServer } from "./ban-server";
import { generateLmnCsv, IMPORT_GENERATOR_VERSION } from "./generate";

const BENCH_DB = "maillage_bench_geocoding";
const GOAL_RATIO = 2;
const ROOT = projectRoot();
const CLI = path.join(ROOT, "server/dist/tools/import.js");

interface Report {
  durationMs: number;
  records: number;
  created: number;
  unchanged: number;
  rejected: number;
  withoutLocationCount: number;
  geocoded: number;
  toCheck: number;
}

function runCli(
  file: string,
  env: Record<string, string>,
): Promise<{ wall: number; report: Report }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, "--format", "lmn", "--json", file], {
      env: { ...process.env, LOG_LEVEL: "warn", NODE_ENV: "production", SMTP_URL: "log:", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString("utf8")).slice(-2000)));
    child.on("error", reject);
    child.on("close", (code) => {
      try {
        resolve({ wall: (performance.now() - started) / 1000, report: JSON.parse(stdout) });
      } catch {
        reject(new Error(`the CLI printed no report (exit ${code}):\n${stdout}${stderr}`));
      }
    });
  });
}

const quote = (v: string) => (v === "" ? "" : `"${v.replace(/"/g, '""')}"`);

/** The generated file with every row located, and with 3 rows in 10 without coordinates. */
function twoVersions(source: string, located: string, toGeocode: string): void {
  const rows: Record<string, string>[] = parse(fs.readFileSync(source, "utf8"), { columns: true });
  const columns = Object.keys(rows[0]);
  const write = (target: string, edit: (row: Record<string, string>, i: number) => void) => {
    const lines = [columns.map(quote).join(",")];
    rows.forEach((original, i) => {
      const row = { ...original };
      edit(row, i);
      lines.push(columns.map((c) => quote(row[c] ?? "")).join(","));
    });
    fs.writeFileSync(target, `${lines.join("\n")}\n`);
  };
  const locate = (row: Record<string, string>, i: number) => {
    if (row.latitude) return;
    row.latitude = (47.18 + (i % 900) / 10_000).toFixed(5);
    row.longitude = (-1.62 + (i % 1400) / 10_000).toFixed(5);
  };
  write(located, locate);
  write(toGeocode, (row, i) => {
    locate(row, i);
    if (i % 10 < 3) row.latitude = row.longitude = "";
  });
}

function freshDatabase(adminUrl: string): Promise<void> {
  return withClient(adminUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DB}`);
  });
}

async function main() {
  const rows = option("rows", 10_000);
  const baseMs = option("base-ms", 150);
  const perRowMs = option("per-row-us", 500) / 1000;
  const { adminUrl, benchUrl } = benchDatabaseUrls(BENCH_DB);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "maillage-bench-geocoding-"));
  const lines: string[] = [];
  const say = (line = "") => {
    out(line);
    lines.push(line);
  };
  const ban = await startBenchBanServer({ baseMs, perRowMs });
  try {
    const generated = path.join(dir, "generated.csv");
    const located = path.join(dir, "located.csv");
    const toGeocode = path.join(dir, "to-geocode.csv");
    await generateLmnCsv(generated, rows);
    twoVersions(generated, located, toGeocode);
    const cpus = os.cpus();
    say("### Reference run");
    say();
    say(
      `- machine: ${cpus[0]?.model ?? "unknown"}, ${cpus.length} cores; Node ${process.version}; run at ${new Date().toISOString()}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(", ")}`,
    );
    say(
      `- file: ${rows.toLocaleString("en")} rows (${IMPORT_GENERATOR_VERSION}, seeded); geocoder: local BAN-format server, ${baseMs} ms + ${perRowMs} ms per address per request; command: \`npm run bench:import-geocoding -- ${process.argv.slice(2).join(" ")}\``,
    );
    say();
    say(
      "| run | wall | import | created / unchanged / rejected | geocoded / to check | requests (addresses) |",
    );
    say("|---|---|---|---|---|---|");
    const geocoder = {
      GEOCODER_URL: ban.url,
      GEOCODER_RATE_LIMIT: "10",
      GEOCODER_BATCH_SIZE: "500",
    };
    const runs: [string, string, Record<string, string>, boolean][] = [
      ["every row with coordinates, geocoder off", located, {}, true],
      ["30 % without coordinates, geocoded", toGeocode, geocoder, true],
      ["the geocoded file again (cache)", toGeocode, geocoder, false],
    ];
    const seconds: number[] = [];
    for (const [label, file, env, fresh] of runs) {
      if (fresh) await freshDatabase(adminUrl);
      const before = { requests: ban.requests, rows: ban.rows };
      const { wall, report: r } = await runCli(file, { DATABASE_URL: benchUrl, ...env });
      seconds.push(r.durationMs / 1000);
      say(
        `| ${label} | ${wall.toFixed(1)} s | ${(r.durationMs / 1000).toFixed(1)} s | ${r.created} / ${r.unchanged} / ${r.rejected} | ` +
          `${r.geocoded} / ${r.toCheck} | ${ban.requests - before.requests} (${ban.rows - before.rows}) |`,
      );
    }
    const ratio = seconds[1] / seconds[0];
    const met = ratio <= GOAL_RATIO;
    say();
    say(
      `Goal: the import with 30 % of rows to geocode takes ≤ ${GOAL_RATIO}× the import with coordinates — ` +
        `${seconds[1].toFixed(1)} s / ${seconds[0].toFixed(1)} s = ${ratio.toFixed(2)}×: ${met ? "met" : "NOT met"}.`,
    );
    if (flag("write")) {
      const target = path.join(ROOT, "docs/benchmarks.md");
      const begin = "<!-- bench:import-geocoding -->";
      const end = "<!-- /bench:import-geocoding -->";
      const section = `${begin}\n${lines.join("\n")}\n${end}`;
      const current = fs.readFileSync(target, "utf8");
      const next = current.includes(begin)
        ? current.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), section)
        : `${current.trimEnd()}\n\n${section}\n`;
      const prettier = await import("prettier");
      fs.writeFileSync(
        target,
        await prettier.format(next, { parser: "markdown", printWidth: 100 }),
      );
      out(`\nwrote the section into ${path.relative(process.cwd(), target)}`);
    }
    if (flag("check") && !met) process.exitCode = 2;
  } finally {
    await ban.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:import-geocoding failed: ${error instanceof Error ? error.stack : error}\n`,
  );
  process.exit(1);
});
