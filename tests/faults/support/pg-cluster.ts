/**
 * A throwaway PostgreSQL cluster for the fault suite: `initdb` in a temporary folder, `pg_ctl` on
 * a free port, run as the `postgres` user when the suite runs as root (PostgreSQL refuses root).
 * The suite stops, starts and terminates it at will; the machine's own server is never touched.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../../bench/load/server-process";
import { withClient } from "../../../bench/support";

const run = promisify(execFile);

/** The newest Debian PostgreSQL binaries, or `PG_BIN`. */
function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base)
    ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, "bin/initdb")))
    : [];
  if (!versions.length)
    throw new Error(`no initdb under ${base}: install postgresql or set PG_BIN`);
  versions.sort((a, b) => Number(b) - Number(a));
  return path.join(base, versions[0], "bin");
}

export class PgCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  /** `postgres://` URL of `database` on this cluster. */
  url(database = "postgres"): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  static async create(): Promise<PgCluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "maillage-faults-"));
    const cluster = new PgCluster(dir, await freePort(), binDir());
    if (process.getuid?.() === 0) await run("chown", ["-R", "postgres:postgres", dir]);
    await cluster.as("initdb", [
      "-D",
      cluster.dataDir,
      "-U",
      "postgres",
      "-A",
      "trust",
      "--no-sync",
      "-E",
      "UTF8",
      "--locale=C.UTF-8",
    ]);
    await cluster.start();
    return cluster;
  }

  private get dataDir() {
    return path.join(this.dir, "data");
  }

  /** Runs a PostgreSQL binary, as `postgres` when we are root. */
  private async as(binary: string, args: string[]): Promise<void> {
    const command = path.join(this.bin, binary);
    if (process.getuid?.() === 0) await run("runuser", ["-u", "postgres", "--", command, ...args]);
    else await run(command, args);
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
    await this.as("pg_ctl", [
      "-D",
      this.dataDir,
      "-l",
      path.join(this.dir, "postgres.log"),
      "-o",
      options,
      "-w",
      "start",
    ]);
  }

  /** `pg_ctl -m fast stop`: terminates every session (57P01) and shuts down. */
  async stop(): Promise<void> {
    await this.as("pg_ctl", ["-D", this.dataDir, "-m", "fast", "-w", "stop"]);
  }

  /** Terminates every backend of the app (its pool and its LISTEN connection); returns how many. */
  async terminateAppConnections(): Promise<number> {
    return withClient(this.url(), async (c) => {
      const { rows } = await c.query(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE application_name IN ('maillage', 'maillage-listen')`,
      );
      return rows[0].n as number;
    });
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
