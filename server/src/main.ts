import "reflect-metadata";
import cluster from "node:cluster";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "./app";
import { announceReady, runPrimary } from "./cluster";
import { ConfigError, loadConfig } from "./config";
import { openDatabaseWithRetry } from "./db/open-with-retry";
import { listenOn } from "./http/listen";
import { answerUnavailable, refuseUpgradeUnavailable } from "./http/unavailable-response";
import { startJobs } from "./jobs";
import { createLogger } from "./logger";
import { isEmpty, seed } from "./seed/seed";

const SHUTDOWN_DEADLINE_MS = 10_000;

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`maillage: configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config);
  if (config.webConcurrency > 1 && cluster.isPrimary)
    return runPrimary(config.webConcurrency, logger);
  const started = Date.now();
  // The port is bound first: a port in use fails before the database is touched, and while the
  // database is opened (or waited for) the instance answers 503, `/readyz` included.
  const httpServer = http.createServer((req, res) => answerUnavailable(req, res, "starting"));
  httpServer.on("upgrade", (_req, socket) => refuseUpgradeUnavailable(socket));
  await listenOn(httpServer, config.port, config.host);
  const { db, applied } = await openDatabaseWithRetry(config, logger);
  if (applied.length) logger.info({ migrations: applied }, "migrations applied");
  // The embedded database is seeded on first start so `npm start` shows a working directory.
  if (db.kind === "embedded" && (await isEmpty(db.dataSource))) {
    logger.info(await seed(db.dataSource, { demo: config.seedDemo }), "empty database seeded");
  }
  const app = await createApp({ config, db, logger, httpServer });
  const jobs = startJobs(db.dataSource, config, logger);
  const address = httpServer.address() as AddressInfo;
  logger.info(
    {
      url: `http://${address.address}:${address.port}/`,
      database: db.kind,
      startupMs: Date.now() - started,
    },
    "maillage is listening",
  );
  announceReady();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const deadline = setTimeout(() => {
      logger.error("shutdown took longer than 10 s, exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    try {
      await app.stop();
      await jobs.stop();
      await db.close();
      logger.info("stopped");
      logger.flush();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "error while shutting down");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`maillage: failed to start: ${message}\n`);
  process.exit(1);
});
