import type { IncomingMessage } from "node:http";
import cors from "cors";
import helmet from "helmet";
import proxyAddr from "proxy-addr";
import type { Step } from "./graphql-over-http";
import type { Config } from "../config";

/**
 * Security headers for every response. The client is same-origin, so the CSP stays strict; a
 * form may lead to the identity provider (signing out there), nowhere else.
 */
export function securityHeaders(formTargets: string[] = []): Step {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "connect-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "form-action": ["'self'", ...formTargets],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}

/** CORS for the configured origins only, with credentials (the session cookie). */
export function corsAllowList(config: Pick<Config, "corsOrigins">): Step {
  const allowed = new Set(config.corsOrigins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    maxAge: 600,
  });
}

/**
 * A browser always sends `Origin` on a WebSocket upgrade: it must be this server's own origin
 * or an allowed one. Clients without `Origin` (partners' integrations) authenticate by token.
 */
export function isAllowedWebSocketOrigin(
  config: Pick<Config, "corsOrigins" | "publicUrl">,
  req: IncomingMessage,
): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (origin === config.publicUrl || config.corsOrigins.includes(origin)) return true;
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

/**
 * The client's address: the socket's peer, or the nearest address in `X-Forwarded-For` that is
 * not a trusted proxy (the rule and library Express's `req.ip` uses with "trust proxy").
 */
export function trustedClientAddress(trustProxy: string[]): (req: IncomingMessage) => string {
  const trust = proxyAddr.compile(trustProxy);
  return (req) => proxyAddr(req, trust);
}
