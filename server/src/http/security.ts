import type { IncomingMessage, OutgoingHttpHeader, ServerResponse } from "node:http";
import cors from "cors";
import helmet from "helmet";
import proxyAddr from "proxy-addr";
import type { Step } from "./graphql-over-http";
import type { Config } from "../config";

/**
 * Security headers for every response. The client is same-origin, so the CSP stays strict; a
 * form may lead to the identity provider (signing out there), nowhere else.
 *
 * Helmet decides the headers; it is configured with no per-request value (no nonce), so its
 * headers are the same on every response. It runs once, here, and each response gets the
 * headers it set, rather than running its eleven middlewares on every request (a few µs each
 * time: 0.218 against 0.209 ms per `{ __typename }`, see docs/benchmarks.md). A nonce or any
 * other per-request value would need helmet on each request again.
 */
export function securityHeaders(formTargets: string[] = []): Step {
  const headers = headersSetBy(helmetFor(formTargets));
  return (_req, res, next) => {
    res.removeHeader("x-powered-by");
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

function helmetFor(formTargets: string[]): Step {
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

/** The headers `step` sets on a response, read by running it once on a recorder. */
function headersSetBy(step: Step): [string, OutgoingHttpHeader][] {
  const headers = new Map<string, OutgoingHttpHeader>();
  const recorder = {
    setHeader(name: string, value: OutgoingHttpHeader) {
      headers.set(name.toLowerCase(), value);
      return recorder;
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  let called = false;
  step({ headers: {} } as IncomingMessage, recorder as unknown as ServerResponse, (err) => {
    if (err) throw err;
    called = true;
  });
  if (!called) throw new Error("the security headers' middleware did not answer at once");
  return [...headers];
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
