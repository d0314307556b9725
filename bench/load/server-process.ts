/**
 * The app under load: the production entry point (server/dist/main.js) in a child process with
 * NODE_ENV=production, so its CPU is measured apart from the clients'.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../../../..");

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
  stop(): Promise<void>;
}

/** With `cpuProfileDir`, node writes a V8 CPU profile of the whole run there when the app exits. */
export async function startAppProcess(
  databaseUrl: string,
  cpuProfileDir?: string,
): Promise<AppProcess> {
  const port = await freePort();
  const profiling = cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const child = spawn(process.execPath, [...profiling, path.join(ROOT, "server/dist/main.js")], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      SEED_DEMO: "false",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ticks = Number(process.env.CLK_TCK || 100);
  const cpuSeconds = () => {
    const stat = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticks; // utime, stime
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode}`);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (i > 300) throw new Error("the app did not become ready within 30 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    child,
    cpuSeconds,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
