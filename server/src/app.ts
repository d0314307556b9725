import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import express from "express";
import { GraphQLError } from "graphql";
import type { Config } from "./config";
import type { Database } from "./db/data-source";
import type { Context } from "./graphql/context";
import { createAppServices } from "./app-services";
import { httpContextFactory } from "./graphql/http-context";
import { compiledExecutionGateway } from "./graphql/compiled-execution";
import { createErrorFormatter } from "./graphql/errors";
import { armorForApollo, LIMITS, PARSE_OPTIONS } from "./graphql/limits";
import { requestLogPlugin } from "./graphql/request-log.plugin";
import { serviceUnavailablePlugin } from "./graphql/service-unavailable.plugin";
import { SharedResults } from "./graphql/shared-results/shared-results";
import { subscriptionsOverWebSocketOnly } from "./graphql/subscriptions-over-ws.plugin";
import { getSchema } from "./graphql/schema";
import { accessLog } from "./http/access-log";
import { DEFAULT_DRAIN, type DrainTimings, drainHttpServer } from "./http/drain";
import { listenOn } from "./http/listen";
import { graphqlOverHttp, isGraphQLPath, sendHttpError } from "./http/graphql-over-http";
import { corsAllowList, securityHeaders, trustedClientAddress } from "./http/security";
import { answerUnavailable } from "./http/unavailable-response";
import { interopRoutes } from "./interop/interop.routes";
import type { AppLogger } from "./logger";
import { oidcRoutes } from "./modules/identity/oidc.routes";
import { OidcProvider } from "./modules/identity/oidc.service";
import type { ViewerCache } from "./modules/identity/viewer-cache";
import { OutboxSender } from "./modules/mail/outbox-sender";
import { ConcurrencyGate } from "./http/concurrency-gate";
import { type MailTransport, transportFor } from "./modules/mail/transport";
import { ReferralEventHub } from "./realtime/referral-event-hub";
import { attachGraphQLWebSocket } from "./realtime/ws-server";

export interface App {
  httpServer: http.Server;
  /** Starts listening; resolves with the bound address (use port 0 in tests). */
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting, drains HTTP and WebSocket clients, stops listening. Does not close the database. */
  stop(): Promise<void>;
  /** The instance's event hub (tests and benchmarks watch it). */
  hub: ReferralEventHub;
  /** The instance's cached viewers (tests watch whether it serves). */
  viewers: ViewerCache;
  /** The directory results it shares (null with SHARED_RESULTS=false). */
  sharedResults: SharedResults | null;
}

export interface AppDeps {
  config: Config;
  db: Database;
  logger: AppLogger;
  /** Where e-mails go; by default the transport `config.mail` names (SMTP or the log). */
  mailTransport?: MailTransport;
  /** The current instant, for "open now" (benchmarks pin it); the system clock by default. */
  now?: () => Date;
  /**
   * A server already listening (main.ts binds the port before the database is open and answers
   * 503 meanwhile): the app takes over its request and upgrade listeners once it is ready.
   */
  httpServer?: http.Server;
  /** How `stop()` drains HTTP connections. */
  drain?: DrainTimings;
}

const READINESS_TIMEOUT_MS = 2_000;
/** How long a request may wait for the gate before a retryable 503. */
const GATE_MAX_WAIT_MS = 10_000;

async function databaseAnswers(db: Database): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS);
  });
  const probe = db.dataSource
    .query("SELECT 1")
    .then(() => true)
    .catch(() => false);
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Apollo on `/graphql` (straight from `node:http`), graphql-ws on the same path, and Express for
 * the health probes, the interop routes and the client.
 */
export async function createApp(deps: AppDeps): Promise<App> {
  const { config, db, logger, now } = deps;
  const schema = await getSchema();
  const production = config.nodeEnv === "production";
  const hub = new ReferralEventHub(db, logger);
  await hub.start();
  const mail = new OutboxSender(
    db,
    deps.mailTransport ?? transportFor(config.mail, logger),
    config.mail,
    config.publicUrl,
    logger,
  );
  await mail.start();
  const services = createAppServices({ config, db, logger, hub, now });
  await services.viewers.start();
  const sharedResults = config.sharedResults
    ? new SharedResults({ schema, db, logger, districts: services.districts })
    : null;
  await sharedResults?.start();
  const formatError = createErrorFormatter(logger);
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  const clientAddress = trustedClientAddress(config.trustProxy);
  let graphqlHttp: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  let draining = false;
  const httpServer = deps.httpServer ?? http.createServer();
  // `/graphql` goes straight to Apollo (see graphql-over-http.ts); everything else to Express.
  // While draining, what still arrives on an open connection gets a 503 and `Connection: close`.
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (draining) answerUnavailable(req, res, "stopping");
    else if (graphqlHttp && isGraphQLPath(req.url)) graphqlHttp(req, res);
    else app(req, res);
  };

  const ws = attachGraphQLWebSocket(schema, services, (error) => {
    const formatted = formatError(error.toJSON(), error);
    return new GraphQLError(formatted.message, {
      nodes: error.nodes,
      path: formatted.path,
      extensions: formatted.extensions,
    });
  });

  const armor = armorForApollo(production);
  const apollo = new ApolloServer<Context>({
    gateway: compiledExecutionGateway(schema, config.graphqlCompileAfter, logger),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    stopOnTerminationSignals: false, // main.ts owns shutdown: Apollo, then WebSockets, then the database
    validationRules: armor.validationRules,
    parseOptions: PARSE_OPTIONS,
    ...(sharedResults ? { stringifyResult: (result) => sharedResults.stringify(result) } : {}),
    plugins: [
      ...armor.plugins,
      requestLogPlugin(),
      ...(sharedResults ? [sharedResults.plugin()] : []),
      serviceUnavailablePlugin(),
      subscriptionsOverWebSocketOnly(),
      // No @cacheControl hints are used; the default plugin would wrap every resolver for nothing.
      ApolloServerPluginCacheControlDisabled(),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  const log = accessLog(logger, config.countSqlStatements);
  const headers = securityHeaders(config.oidc ? [new URL(config.oidc.issuer).origin] : []);
  app.use(log);
  app.use(headers);

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const ok = await databaseAnswers(db);
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "database unavailable" });
  });

  graphqlHttp = graphqlOverHttp({
    apollo,
    steps: [log, headers, corsAllowList(config)],
    bodyLimitBytes: LIMITS.httpBodyBytes,
    context: httpContextFactory(services, { secureCookies: production, clientAddress }),
    gate:
      config.graphqlConcurrency > 0
        ? new ConcurrencyGate({
            concurrency: config.graphqlConcurrency,
            maxWaiting: config.graphqlQueueLimit,
            maxWaitMs: GATE_MAX_WAIT_MS,
          })
        : undefined,
    onInternalError: (err) => logger.error({ err }, "unhandled request error"),
  });

  app.use(interopRoutes({ config, dataSource: db.dataSource, logger }));
  app.use(
    oidcRoutes({
      config,
      dataSource: db.dataSource,
      viewers: services.viewers,
      provider: config.oidc ? new OidcProvider(config.oidc, logger) : null,
      logger,
      clientAddress,
    }),
  );

  serveClient(app, config.clientDir);

  app.use(
    (
      err: Error & { status?: number },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
      if (status === 500) logger.error({ err }, "unhandled request error");
      const message =
        status === 413
          ? "Request body too large"
          : status === 500
            ? "Internal server error"
            : "Bad request";
      sendHttpError(res, status, message);
    },
  );

  // Everything is ready: take the server over (from main.ts's "starting" answers, if any).
  httpServer.removeAllListeners("request");
  httpServer.removeAllListeners("upgrade");
  httpServer.on("request", onRequest);
  httpServer.on("upgrade", ws.handleUpgrade);

  return {
    httpServer,
    hub,
    viewers: services.viewers,
    sharedResults,
    listen: (port, host) => listenOn(httpServer, port, host),
    async stop() {
      draining = true;
      const timings = deps.drain ?? DEFAULT_DRAIN;
      const cut = setTimeout(() => ws.terminate(), timings.forceAfterMs);
      try {
        await Promise.all([drainHttpServer(httpServer, timings), ws.dispose()]);
      } finally {
        clearTimeout(cut);
      }
      await apollo.stop();
      await sharedResults?.stop();
      await hub.stop();
      await mail.stop();
      await services.viewers.stop();
    },
  };
}

function serveClient(app: express.Express, clientDir: string) {
  const index = path.join(clientDir, "index.html");
  app.use(express.static(clientDir, { index: false, maxAge: "1h" }));
  app.get(/^\/(?!graphql|healthz|readyz).*/, (_req, res) => {
    if (fs.existsSync(index)) res.sendFile(index, { maxAge: 0 });
    else res.status(404).type("text/plain").send("The client is not built: run `npm run build`.\n");
  });
}
