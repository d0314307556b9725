import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { RETRY_AFTER_SECONDS } from "../db/unavailable";
import { ErrorCode, SERVICE_UNAVAILABLE_MESSAGE } from "../graphql/errors";
import { isGraphQLPath } from "./graphql-over-http";

/**
 * The answer of an instance that cannot serve right now (starting, or draining before it stops):
 * 503 with `Retry-After`, a GraphQL error `SERVICE_UNAVAILABLE` on `/graphql`, and the
 * connection closed after it so that the client's next try goes to an instance that serves.
 * `/healthz` still answers 200: the process is alive, only not ready.
 */
export function answerUnavailable(
  req: IncomingMessage,
  res: ServerResponse,
  state: "starting" | "stopping",
): void {
  // The request body is not read: closing the connection discards it.
  res.shouldKeepAlive = false;
  res.setHeader("connection", "close");
  const url = req.url ?? "/";
  let status = 503;
  let body: unknown;
  if (/^\/healthz(\?|$)/.test(url)) {
    status = 200;
    body = { status: "ok" };
  } else if (/^\/readyz(\?|$)/.test(url)) body = { status: state };
  else if (isGraphQLPath(url))
    body = {
      errors: [
        {
          message: SERVICE_UNAVAILABLE_MESSAGE,
          extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
        },
      ],
    };
  else body = { status: state, message: SERVICE_UNAVAILABLE_MESSAGE };
  const text = JSON.stringify(body);
  res.statusCode = status;
  if (status === 503) res.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(text));
  res.setHeader("cache-control", "no-store");
  res.end(text);
}

/** Refuses a WebSocket upgrade the same way: 503 with `Retry-After`, then closes. */
export function refuseUpgradeUnavailable(socket: Duplex): void {
  socket.end(
    "HTTP/1.1 503 Service Unavailable\r\n" +
      `Retry-After: ${RETRY_AFTER_SECONDS}\r\n` +
      "Connection: close\r\nContent-Length: 0\r\n\r\n",
  );
}
