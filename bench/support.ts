/** What the three benchmarks share: their command line, their databases, their percentiles. */
import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";

export const out = (line = "") => process.stdout.write(`${line}\n`);

/** The project's root: the nearest folder above `from` whose package.json is Maillage's. */
export function projectRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (
      fs.existsSync(manifest) &&
      JSON.parse(fs.readFileSync(manifest, "utf8")).name === "maillage"
    )
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`no Maillage package.json above ${from}`);
  }
}

/** `--name N`: a positive integer, or `fallback` when the option is absent. */
export function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive integer`);
  return value;
}

/** `--name VALUE`: the word after it, or undefined when the option is absent. */
export function textOption(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = process.argv[i + 1];
  if (!value || value.startsWith("--")) throw new Error(`--${name} needs a value`);
  return value;
}

/** Whether `--name` is on the command line. */
export const flag = (name: string) => process.argv.includes(`--${name}`);

/**
 * The administration URL (`BENCH_DATABASE_URL`, else `DATABASE_URL`, else the local server), and
 * the URL of the benchmark's own database `database` next to it.
 */
export function benchDatabaseUrls(database: string): { adminUrl: string; benchUrl: string } {
  const adminUrl =
    process.env.BENCH_DATABASE_URL ||
    process.env.DATABASE_URL ||
    "postgres://postgres@127.0.0.1:5432/postgres";
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return { adminUrl, benchUrl: url.toString() };
}

/** Runs `fn` with a connection to `url`, closed afterwards. */
export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: "maillage-bench" });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Nearest-rank percentile of an ascending sample. */
export function percentile(sorted: Float64Array | readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
