import type { IncomingMessage, ServerResponse } from "node:http";
import { isDatabaseUnavailable } from "../db/unavailable";
import { requestStatsOf } from "../http/access-log";
import { sessionCookie } from "../http/session-cookie";
import { credentialsFrom } from "../modules/identity/credentials";
import { invalidToken } from "../modules/identity/viewer";
import { type AppServices, type Context, createContext } from "./context";
import { serviceUnavailable } from "./errors";

/**
 * The context of one GraphQL request over HTTP: the viewer from the session cookie or the Bearer
 * token (an unknown token is an error, never an anonymous call), the client's address, the
 * session cookie to set or clear, and the access log's stats. The HTTP benchmark's bare
 * graphql-http server uses it too, so both authorise alike.
 */
export function httpContextFactory(
  services: AppServices,
  options: { secureCookies: boolean; clientAddress: (req: IncomingMessage) => string },
): (req: IncomingMessage, res: ServerResponse) => Promise<Context> {
  const { dataSource } = services;
  return async (req, res) => {
    const credentials = credentialsFrom(req.headers);
    const viewer = await services.viewers
      .authenticate(dataSource, credentials)
      .catch((error: unknown) => {
        if (isDatabaseUnavailable(error)) throw serviceUnavailable();
        throw error;
      });
    if (credentials.bearerToken && viewer.kind === "anonymous") throw invalidToken();
    return createContext(services, {
      viewer,
      ip: options.clientAddress(req),
      sessionCookie: sessionCookie(res, options.secureCookies),
      requestStats: requestStatsOf(req),
    });
  };
}
