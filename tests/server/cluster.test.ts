/**
 * WEB_CONCURRENCY: the production entry point (server/dist/main.js, built by `npm test`'s
 * schema check) as a primary and its workers, on a database created empty for this file (the
 * first worker applies the migrations alone). Without DATABASE_URL the embedded database is the
 * only one, and the setting is refused.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { type AppProcess, startAppProcess } from "../../bench/load/server-process";
import { ConfigError, loadConfig } from "../../server/src/config";

const baseUrl = process.env.DATABASE_URL;

async function admin(sql: string) {
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The pids of `pid`'s child processes. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there is none
  }
}

async function until<T>(what: string, probe: () => T | null | undefined, ms = 20_000): Promise<T> {
  const giveUpAt = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const env = { WEB_CONCURRENCY: "2", LOG_LEVEL: "error", JOBS_INTERVAL_SECONDS: "0" };

if (!baseUrl) {
  it("refuses WEB_CONCURRENCY above 1 on the embedded database", () => {
    expect(() => loadConfig({ WEB_CONCURRENCY: "2" })).toThrow(ConfigError);
    expect(() => loadConfig({ WEB_CONCURRENCY: "2" })).toThrow(/needs DATABASE_URL/);
  });
} else {
  const name = `maillage_test_cluster_${randomBytes(4).toString("hex")}`;
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  let app: AppProcess | undefined;

  beforeAll(() => admin(`CREATE DATABASE ${name}`));
  afterAll(async () => {
    await app?.stop();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it("migrates an empty database once, serves from two workers, replaces a killed one, drains on SIGTERM", async () => {
    app = await startAppProcess(url.toString(), { env });
    const primary = app.child.pid!;
    const workers = await until("two workers", () => {
      const pids = childrenOf(primary);
      return pids.length === 2 ? pids : null;
    });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`http://127.0.0.1:${app!.port}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: "{ districts { code } }" }),
        }).then((r) => r.status),
      ),
    );
    expect(answers.every((status) => status === 200)).toBe(true);

    process.kill(workers[0], "SIGKILL");
    const replaced = await until("a new worker", () => {
      const pids = childrenOf(primary);
      return pids.length === 2 && !pids.includes(workers[0]) ? pids : null;
    });
    expect(replaced).toContain(workers[1]);
    await app.ready(10_000);

    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
    expect(childrenOf(primary)).toEqual([]);
    app = undefined;
  });

  it("stops at once with the worker's code when the port is taken", async () => {
    const first = await startAppProcess(url.toString(), { env });
    try {
      const second = await startAppProcess(url.toString(), {
        env,
        port: first.port,
        waitReady: false,
      });
      const code = await second.exited;
      expect(code).not.toBe(0);
      expect(childrenOf(second.child.pid!)).toEqual([]);
      await first.ready(5_000); // the first server still serves
    } finally {
      await first.stop();
    }
  });
}
