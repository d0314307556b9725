import cluster, { type Worker } from "node:cluster";
import type { AppLogger } from "./logger";

const RESTART_DELAY_MS = 1_000;

/**
 * The primary of `WEB_CONCURRENCY` workers: each worker is a whole instance (HTTP, WebSocket,
 * jobs) and they share the port (node:cluster hands connections round-robin). Instances already
 * coordinate through PostgreSQL (live events by LISTEN/NOTIFY, jobs and e-mail by row locks), so
 * a worker is one more instance. The first worker starts alone, so that it alone applies the
 * migrations; the others follow once it is ready. A worker that dies afterwards is replaced; one
 * that dies before it was ever ready (port in use, configuration, database never up) stops the
 * whole server with its exit code. SIGTERM and SIGINT are passed on, and the primary exits once
 * every worker has drained.
 */
export function runPrimary(workers: number, logger: AppLogger): void {
  let stopping = false;
  let anyReady = false;
  const ready = new WeakSet<Worker>();

  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on("message", (message: unknown) => {
      if ((message as { type?: string } | null)?.type !== "ready" || ready.has(worker)) return;
      ready.add(worker);
      if (!anyReady) {
        anyReady = true;
        for (let i = 1; i < workers; i++) fork();
      }
    });
    return worker;
  };

  cluster.on("exit", (worker, code, signal) => {
    const remaining = Object.keys(cluster.workers ?? {}).length;
    if (stopping) {
      if (remaining === 0) process.exit(0);
      return;
    }
    if (!ready.has(worker)) {
      logger.error({ pid: worker.process.pid, code, signal }, "worker failed to start: stopping");
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
      process.exitCode = typeof code === "number" && code !== 0 ? code : 1;
      if (remaining === 0) process.exit();
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, "worker died: starting another");
    setTimeout(() => stopping || fork(), RESTART_DELAY_MS).unref();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping the workers");
    const all = Object.values(cluster.workers ?? {});
    if (all.length === 0) process.exit(0);
    for (const worker of all) worker?.process.kill(signal);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  logger.info({ workers }, "starting the HTTP workers");
  fork();
}

/** Tells the primary, when there is one, that this worker serves. */
export function announceReady(): void {
  if (cluster.isWorker) process.send?.({ type: "ready" });
}
