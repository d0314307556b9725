import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  type DocumentNode,
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  specifiedRules,
  validate,
  type ValidationRule,
} from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { type WebSocket, WebSocketServer } from "ws";
import { isDatabaseUnavailable } from "../db/unavailable";
import { ApiError, ErrorCode, SERVICE_UNAVAILABLE_MESSAGE } from "../graphql/errors";
import type { AppServices, Context } from "../graphql/context";
import { createContext } from "../graphql/context";
import { LIMITS, maskSuggestions, parseWithTokenLimit, wsValidationRules } from "../graphql/limits";
import { isAllowedWebSocketOrigin } from "../http/security";
import { credentialsFrom } from "../modules/identity/credentials";
import { invalidToken } from "../modules/identity/viewer";
import { createSharedSubscribe } from "./shared-execution";

type FormatError = (error: GraphQLError) => GraphQLError;

/**
 * graphql-ws on the HTTP server's `/graphql` path. It does not go through Apollo, so it gets the
 * same limits, authentication and error formatting here. Credentials are resolved again for each
 * operation: a revoked session or token stops working on the socket's next operation.
 */
export function attachGraphQLWebSocket(
  schema: GraphQLSchema,
  services: AppServices,
  formatError: FormatError,
) {
  const production = services.config.nodeEnv === "production";
  const rules = [...specifiedRules, ...wsValidationRules(production)];
  // noServer: the app routes upgrades to it once it is ready (see app.ts).
  const wsServer = new WebSocketServer({
    noServer: true,
    path: "/graphql",
    maxPayload: LIMITS.wsMessageBytes,
    verifyClient: ({ req }: { req: IncomingMessage }) =>
      isAllowedWebSocketOrigin(services.config, req),
  });
  // Clients send the same few documents over and over: parse and validate each text once.
  const documents = new Map<string, { document: DocumentNode }>();
  const checkDocument = (query: string) => {
    const cached = documents.get(query);
    if (cached) return cached;
    const checked = parseAndValidate(schema, query, rules);
    // Only valid, ordinary-sized documents are kept: refused texts cannot churn the cache.
    if ("document" in checked && query.length <= DOCUMENT_CACHE_MAX_LENGTH) {
      if (documents.size >= DOCUMENT_CACHE_SIZE) documents.clear();
      documents.set(query, checked);
    }
    return checked;
  };
  const format = (errors: readonly GraphQLError[]) =>
    errors.map((e) => formatError(maskSuggestions(e, production)));
  const formatResult = (result: ExecutionResult): ExecutionResult =>
    result.errors ? { ...result, errors: format(result.errors) } : result;

  const cleanup = useServer<
    Record<string, unknown>,
    { request: IncomingMessage; socket: WebSocket }
  >(
    {
      schema,
      subscribe: createSharedSubscribe(services, formatResult),
      connectionInitWaitTimeout: LIMITS.wsConnectionInitMs,
      async onConnect(ctx) {
        const credentials = credentialsFrom(ctx.extra.request.headers, ctx.connectionParams);
        // A token that is given must be valid: refuse the socket rather than run as anonymous.
        if (credentials.bearerToken) {
          let viewer;
          try {
            viewer = await services.viewers.authenticate(services.dataSource, {
              bearerToken: credentials.bearerToken,
            });
          } catch (error) {
            if (!isDatabaseUnavailable(error)) throw error;
            closeTryAgainLater(ctx.extra.socket);
            return false;
          }
          if (viewer.kind === "anonymous") return false;
        }
        return true;
      },
      async onSubscribe(ctx, id, payload) {
        if (Object.keys(ctx.subscriptions).length > LIMITS.wsSubscriptions) {
          return format([
            new GraphQLError(`At most ${LIMITS.wsSubscriptions} operations at once on one socket`, {
              extensions: { code: "BAD_USER_INPUT" },
            }),
          ]);
        }
        const checked = checkDocument(payload.query);
        if ("errors" in checked) return format(checked.errors);
        const document = checked.document;
        // Authenticated again for every operation, so revocations apply to open sockets.
        const credentials = credentialsFrom(ctx.extra.request.headers, ctx.connectionParams);
        let viewer;
        try {
          viewer = await services.viewers.authenticate(services.dataSource, credentials);
        } catch (error) {
          if (isDatabaseUnavailable(error)) return format([serviceUnavailableError()]);
          throw error;
        }
        if (credentials.bearerToken && viewer.kind === "anonymous") return format([invalidToken()]);
        const contextValue: Context = createContext(services, {
          viewer,
          ip: ctx.extra.request.socket.remoteAddress ?? null,
          sessionCookie: null,
          socket: ctx.extra.socket,
          operationId: id,
        });
        return {
          schema,
          document,
          variableValues: payload.variables,
          operationName: payload.operationName,
          contextValue,
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) => formatResult(result),
      onError(_ctx, _id, _payload, errors) {
        return format(errors);
      },
    },
    wsServer,
    LIMITS.wsKeepAliveMs,
  );
  return {
    wsServer,
    /** For the HTTP server's `upgrade` event. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      // ws refuses other paths with 400.
      wsServer.handleUpgrade(req, socket, head, (client) =>
        wsServer.emit("connection", client, req),
      );
    },
    dispose: () => cleanup.dispose(),
    /** Cuts every socket without the closing handshake (the end of a drain that took too long). */
    terminate() {
      for (const client of wsServer.clients) client.terminate();
    },
  };
}

/** RFC 6455 "Try Again Later": the server cannot serve now; clients reconnect with back-off. */
export const WS_CLOSE_TRY_AGAIN_LATER = 1013;

/**
 * Closes a socket during a database outage with a stable code and a short generic reason, never
 * PostgreSQL's text (graphql-ws would close with 4500, a code its clients treat as fatal, and the
 * error's message). graphql-ws's own close that follows is a no-op on a closing socket.
 */
function closeTryAgainLater(socket: WebSocket): void {
  socket.close(WS_CLOSE_TRY_AGAIN_LATER, "Service temporarily unavailable");
}

const serviceUnavailableError = () =>
  new ApiError(ErrorCode.SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE_MESSAGE);

const DOCUMENT_CACHE_SIZE = 500;
const DOCUMENT_CACHE_MAX_LENGTH = 8 * 1024;

function parseAndValidate(
  schema: GraphQLSchema,
  query: string,
  rules: readonly ValidationRule[],
): { document: DocumentNode } | { errors: GraphQLError[] } {
  let document: DocumentNode;
  try {
    document = parseWithTokenLimit(query);
  } catch (error) {
    const e = error instanceof GraphQLError ? error : new GraphQLError(String(error));
    return {
      errors: [new GraphQLError(e.message, { extensions: { code: "GRAPHQL_PARSE_FAILED" } })],
    };
  }
  const errors = validate(schema, document, rules);
  if (errors.length === 0) return { document };
  return {
    errors: errors.map((e) =>
      e.extensions?.code
        ? e
        : new GraphQLError(e.message, {
            nodes: e.nodes,
            extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
          }),
    ),
  };
}
