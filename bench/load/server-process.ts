/**
 * The app under load: the production entry point (server/dist/main.js) in a child process with
 * NODE_ENV=production, so its CPU is measured apart from the clients'.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { projectRoot } from "../support";

const ROOT = projectRoot();

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface AppProcess {
  port: number;
  child: ChildProcess;
  /** CPU seconds (user + system) the process used so far, from /proc. */
  cpuSeconds(): number;
  /** Resolves once `/readyz` answers 200, or rejects after `timeoutMs` or if the app exits. */
  ready(timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
}

export interface AppProcessOptions {
  /** Node writes a V8 CPU profile of the whole run there when the app exits. */
  cpuProfileDir?: string;
  /** Wait for `/readyz` before resolving (default true). */
  waitReady?: boolean;
  /** More environment variables for the app. */
  env?: Record<string, string>;
  /** Where the app's stdout and stderr go (default: this process's). */
  logFile?: string;
  /** The port to listen on (default: a free one). */
  port?: number;
  /** The script to run (default: the production entry point, server/dist/main.js). */
  entry?: string;
}

export async function startAppProcess(
  databaseUrl: string,
  options: AppProcessOptions = {},
): Promise<AppProcess> {
  const port = options.port ?? (await freePort());
  const { cpuProfileDir } = options;
  const profiling = cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const log = options.logFile ? fs.openSync(options.logFile, "a") : "inherit";
  const child = spawn(
    process.execPath,
    [...profiling, options.entry ?? path.join(ROOT, "server/dist/main.js")],
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        HOST: "127.0.0.1",
        PORT: String(port),
        LOG_LEVEL: "warn",
        SEED_DEMO: "false",
        SMTP_URL: "log:", // production refuses to start without a mail transport
        ...options.env,
      },
      stdio: ["ignore", log, log],
    },
  );
  if (typeof log === "number") fs.closeSync(log);
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const ticks = Number(process.env.CLK_TCK || 100);
  const cpuOf = (pid: number) => {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticks; // utime, stime
  };
  // With WEB_CONCURRENCY the work is done by the primary's children: their CPU is added (read
  // while they run; /proc's cutime would count them only once they have exited).
  const cpuSeconds = () => {
    const pid = child.pid!;
    let children: number[] = [];
    try {
      children = fs
        .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
        .split(" ")
        .filter(Boolean)
        .map(Number);
    } catch {
      // no children file: no workers
    }
    return children.reduce((sum, c) => {
      try {
        return sum + cpuOf(c);
      } catch {
        return sum; // exited meanwhile
      }
    }, cpuOf(pid));
  };
  const ready = async (timeoutMs = 30_000) => {
    const giveUpAt = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > giveUpAt) throw new Error(`the app was not ready within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  if (options.waitReady !== false) await ready();
  return {
    port,
    child,
    cpuSeconds,
    ready,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
