import type { Config } from "../config";
import type { AppLogger } from "../logger";
import { type Database, migrate, openDatabase } from "./data-source";
import { isDatabaseUnavailable } from "./unavailable";

export interface OpenedDatabase {
  db: Database;
  /** The migrations this start applied. */
  applied: string[];
}

/** 0.5 s, 1 s, 2 s, 4 s, then every 5 s. */
export const startupRetryDelayMs = (attempt: number) => Math.min(500 * 2 ** attempt, 5_000);

/**
 * Opens the database and applies pending migrations, retrying with back-off while the database
 * cannot be reached (not up yet, restarting, connections terminated) for at most
 * `databaseStartupTimeoutSeconds`. Any other failure (a wrong password, a missing database, a
 * failed migration) is thrown at once: waiting would not change it.
 */
export async function openDatabaseWithRetry(
  config: Pick<Config, "databaseUrl" | "dataDir" | "databaseStartupTimeoutSeconds">,
  logger: AppLogger,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<OpenedDatabase> {
  const giveUpAt = Date.now() + config.databaseStartupTimeoutSeconds * 1_000;
  for (let attempt = 0; ; attempt++) {
    let db: Database | undefined;
    try {
      db = await openDatabase(config, logger);
      const applied = await migrate(db);
      if (attempt > 0) logger.info({ attempts: attempt + 1 }, "database reached");
      return { db, applied };
    } catch (error) {
      await db?.close().catch(() => undefined);
      const delay = startupRetryDelayMs(attempt);
      if (!isDatabaseUnavailable(error)) throw error;
      if (Date.now() + delay > giveUpAt) {
        throw new Error(
          `the database could not be reached for ${config.databaseStartupTimeoutSeconds} s (DATABASE_STARTUP_TIMEOUT_SECONDS): ${(error as Error).message}`,
          { cause: error },
        );
      }
      logger.warn(
        { attempt: attempt + 1, retryInMs: delay, reason: (error as Error).message },
        "database unavailable at start-up, retrying",
      );
      await sleep(delay);
    }
  }
}
