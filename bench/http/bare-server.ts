/**
 * The HTTP benchmark's reference: a bare `graphql-http` handler on `node:http`, started as a
 * child process like the app (same environment, same database), over the app's own built schema,
 * resolvers and HTTP context factory (so a board page is authorised from the same session
 * cookie). Nothing else: no access log, no security headers, no CORS, no body limit, no document
 * cache, graphql-js's `parse`, `validate` (its specified rules only) and `execute` per request.
 * `/readyz` answers 200 once the database is open.
 */
import "reflect-metadata";
import http from "node:http";
import { createHandler } from "graphql-http/lib/use/http";
import { createAppServices } from "../../server/src/app-services";
import { loadConfig } from "../../server/src/config";
import { openDatabase } from "../../server/src/db/data-source";
import { httpContextFactory } from "../../server/src/graphql/http-context";
import { getSchema } from "../../server/src/graphql/schema";
import { isGraphQLPath } from "../../server/src/http/graphql-over-http";
import { trustedClientAddress } from "../../server/src/http/security";
import { createLogger } from "../../server/src/logger";
import { ReferralEventHub } from "../../server/src/realtime/referral-event-hub";

async function main() {
  const config = loadConfig();
  const logger = createLogger(config);
  const db = await openDatabase(config, logger);
  const schema = await getSchema();
  const hub = new ReferralEventHub(db, logger);
  await hub.start();
  const services = createAppServices({ config, db, logger, hub });
  await services.viewers.start(); // as the app does: viewers cached alike
  const context = httpContextFactory(services, {
    secureCookies: config.nodeEnv === "production",
    clientAddress: trustedClientAddress(config.trustProxy),
  });
  const graphql = createHandler({
    schema,
    // graphql-http's context type wants an index signature, which our Context interface has not.
    context: async (req) => (await context(req.raw, req.context.res)) as never,
  });
  const server = http.createServer((req, res) => {
    if (req.url === "/readyz") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ready"}');
    } else if (isGraphQLPath(req.url)) {
      graphql(req, res).catch((err: unknown) => {
        logger.error({ err }, "unhandled request error");
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    } else {
      res.writeHead(404).end();
    }
  });
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
