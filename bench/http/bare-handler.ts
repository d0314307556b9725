/**
 * The benchmarks' bare GraphQL reference: a `graphql-http` handler on `node:http`, over the
 * app's own schema, resolvers and HTTP context factory, with nothing else (no access log, no
 * security headers, no CORS, no body limit, no document cache: graphql-js's `parse`, `validate`
 * with its specified rules and `execute` per request). `/readyz` answers 200.
 */
import http from "node:http";
import { createHandler } from "graphql-http/lib/use/http";
import type { AppServices } from "../../server/src/graphql/context";
import { httpContextFactory } from "../../server/src/graphql/http-context";
import { getSchema } from "../../server/src/graphql/schema";
import { isGraphQLPath } from "../../server/src/http/graphql-over-http";
import { trustedClientAddress } from "../../server/src/http/security";

export async function bareGraphqlServer(services: AppServices): Promise<http.Server> {
  const { config, logger } = services;
  const context = httpContextFactory(services, {
    secureCookies: config.nodeEnv === "production",
    clientAddress: trustedClientAddress(config.trustProxy),
  });
  const graphql = createHandler({
    schema: await getSchema(),
    // graphql-http's context type wants an index signature, which our Context interface has not.
    context: async (req) => (await context(req.raw, req.context.res)) as never,
  });
  return http.createServer((req, res) => {
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
}
