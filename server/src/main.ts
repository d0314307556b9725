import "reflect-metadata";
import { createApp } from "./app";
import { ConfigError, loadConfig } from "./config";
import { migrate, openDatabase } from "./db/data-source";
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
  const started = Date.now();
  const db = await openDatabase(config, logger);
  const applied = await migrate(db);
  if (applied.length) logger.info({ migrations: applied }, "migrations applied");
  // The embedded database is seeded on first start so `npm start` shows a working directory.
  if (db.kind === "embedded" && (await isEmpty(db.dataSource))) {
    logger.info(await seed(db.dataSource, { demo: config.seedDemo }), "empty database seeded");
  }
  const app = await createApp({ config, db, logger });
  const jobs = startJobs(db.dataSource, config, logger);
  const address = await app.listen(config.port, config.host);
  logger.info(
    {
      url: `http://${address.address}:${address.port}/`,
      database: db.kind,
      startupMs: Date.now() - started,
    },
    "maillage is listening",
  );

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
