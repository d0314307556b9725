/**
 * The HTTP benchmark's reference, started as a child process like the app (same environment,
 * same database): the bare `graphql-http` server of bare-handler.ts over the app's services (so
 * a board page is authorised from the same session cookie and viewers are cached alike).
 */
import "reflect-metadata";
import { createAppServices } from "../../server/src/app-services";
import { loadConfig } from "../../server/src/config";
import { openDatabase } from "../../server/src/db/data-source";
import { createLogger } from "../../server/src/logger";
import { ReferralEventHub } from "../../server/src/realtime/referral-event-hub";
import { bareGraphqlServer } from "./bare-handler";

async function main() {
  const config = loadConfig();
  const logger = createLogger(config);
  const db = await openDatabase(config, logger);
  const hub = new ReferralEventHub(db, logger);
  await hub.start();
  const services = createAppServices({ config, db, logger, hub });
  await services.viewers.start(); // as the app does: viewers cached alike
  const server = await bareGraphqlServer(services);
  server.listen(config.port, config.host);
  const stop = async () => {
    server.closeAllConnections();
    server.close();
    await hub.stop();
    await services.viewers.stop();
    await db.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bare graphql-http server failed: ${error instanceof Error ? error.stack : error}\n`,
  );
  process.exit(1);
});
