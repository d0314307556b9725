import "reflect-metadata";
import { ConfigError, loadConfig } from "../config";
import { migrate, openDatabase } from "../db/data-source";
import { createLogger } from "../logger";
import { seed } from "../seed/seed";

/** `npm run seed`: migrates, then creates the missing districts (and demo network). */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config);
  const db = await openDatabase(config, logger);
  try {
    await migrate(db);
    const report = await seed(db.dataSource, { demo: config.seedDemo });
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  const prefix = error instanceof ConfigError ? "configuration error" : "seed failed";
  process.stderr.write(`maillage: ${prefix}: ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
});
