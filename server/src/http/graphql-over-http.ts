import type { IncomingMessage, ServerResponse } from "node:http";
import { type ApolloServer, type BaseContext, HeaderMap } from "@apollo/server";
import { parse as parseContentType } from "content-type";
import getRawBody from "raw-body";
import { RETRY_AFTER_SECONDS } from "../db/unavailable";
import { ErrorCode } from "../graphql/errors";
import { type ConcurrencyGate, GateRefused } from "./concurrency-gate";

/** A connect-style step (helmet, cors, the access log): calls `next` to go on. */
export type Step = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (err?: unknown) => void,
) => void;

export interface GraphQLOverHttpOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Run in order before the request is read: access log, security headers, CORS. */
  steps: Step[];
  bodyLimitBytes: number;
  context(req: IncomingMessage, res: ServerResponse): Promise<TContext>;
  /** How many requests execute at once (the others wait their turn); none: no limit. */
  gate?: ConcurrencyGate;
  /** Called with an unexpected failure before the 500 is sent. */
  onInternalError(err: unknown): void;
}

/** A failure to read the request, answered with this status and message before Apollo runs. */
class RequestRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The same JSON error body the rest of the HTTP surface answers with. */
export function sendHttpError(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({
    errors: [
      { message, extensions: { code: status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST" } },
    ],
  });
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(body));
  res.end(body);
}

const hasBody = (req: IncomingMessage) =>
  req.headers["transfer-encoding"] !== undefined || req.headers["content-length"] !== undefined;

/**
 * The body of a JSON request, parsed; undefined when there is none or it is not JSON (Apollo
 * then refuses the request, CSRF prevention first). UTF-8 and no content encoding only.
 */
async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  if (!hasBody(req)) return undefined;
  const header = req.headers["content-type"];
  let type: ReturnType<typeof parseContentType> | null = null;
  try {
    type = header ? parseContentType(header) : null;
  } catch {
    type = null;
  }
  if (type?.type !== "application/json") {
    req.resume(); // not ours to read; let it drain
    return undefined;
  }
  const charset = type.parameters.charset?.toLowerCase();
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    throw new RequestRefused(415, `Unsupported charset "${charset}"`);
  }
  const encoding = req.headers["content-encoding"]?.toLowerCase() ?? "identity";
  if (encoding !== "identity") {
    throw new RequestRefused(415, `Unsupported content encoding "${encoding}"`);
  }
  let text: string;
  try {
    // As bytes, decoded once whole (a character split across chunks stays whole).
    const bytes = await getRawBody(req, { limit, length: req.headers["content-length"] });
    text = bytes.toString("utf8");
  } catch (err) {
    const tooLarge = (err as { type?: string }).type === "entity.too.large";
    throw new RequestRefused(
      tooLarge ? 413 : 400,
      tooLarge ? "Request body too large" : "Bad request",
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new RequestRefused(400, "Bad request");
  }
}

export const BUSY_MESSAGE = "The server is busy; retry in a few seconds";

/** The answer to a request the gate refused: nothing was done for it, so it can be sent again. */
function sendBusy(res: ServerResponse): void {
  const body = JSON.stringify({
    errors: [{ message: BUSY_MESSAGE, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } }],
  });
  res.statusCode = 503;
  res.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(body));
  res.setHeader("cache-control", "no-store");
  res.end(body);
}

/** Runs `steps` in order, then `last`; a step that answers (a CORS preflight) ends the chain. */
function runSteps(
  steps: Step[],
  req: IncomingMessage,
  res: ServerResponse,
  last: () => void,
  fail: (err: unknown) => void,
) {
  let i = 0;
  const next = (err?: unknown) => {
    if (err) return fail(err);
    const step = steps[i++];
    if (!step) return last();
    try {
      step(req, res, next);
    } catch (error) {
      fail(error);
    }
  };
  next();
}

/**
 * `/graphql` over HTTP, handed to Apollo Server straight from `node:http`.
 *
 * Express's router, body parser and response helpers cost about 0.3–0.5 ms per request (see the
 * directory benchmark in docs/benchmarks.md); the API's hottest path does without them. The steps
 * that matter are kept, as the same libraries: the access log with the statement count, helmet's
 * headers, the CORS allow-list, a 100 KB body limit (raw-body), JSON only.
 */
export function graphqlOverHttp<TContext extends BaseContext>(
  options: GraphQLOverHttpOptions<TContext>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { apollo, steps, bodyLimitBytes, context, onInternalError, gate } = options;

  const fail = (res: ServerResponse) => (err: unknown) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (err instanceof RequestRefused) return sendHttpError(res, err.status, err.message);
    onInternalError(err);
    sendHttpError(res, 500, "Internal server error");
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = req.method === "POST" ? await readJsonBody(req, bodyLimitBytes) : undefined;
    if (!gate) return execute(req, res, body);
    let release: () => void;
    try {
      release = await gate.enter();
    } catch (error) {
      if (error instanceof GateRefused) return sendBusy(res);
      throw error;
    }
    try {
      // A client that left while waiting is not served.
      if (req.socket.destroyed) return;
      await execute(req, res, body);
    } finally {
      release();
    }
  };

  const execute = async (req: IncomingMessage, res: ServerResponse, body: unknown) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const url = req.url ?? "";
    const q = url.indexOf("?");
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (req.method ?? "GET").toUpperCase(),
        headers,
        search: q < 0 ? "" : url.slice(q),
        body,
      },
      context: () => context(req, res),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.setHeader("content-length", Buffer.byteLength(response.body.string));
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  return (req, res) => {
    const onFailure = fail(res);
    runSteps(steps, req, res, () => handle(req, res).catch(onFailure), onFailure);
  };
}

/** Whether a request is for `/graphql` itself (any query string), not a path below it. */
export function isGraphQLPath(url: string | undefined): boolean {
  if (!url?.startsWith("/graphql")) return false;
  const rest = url.slice("/graphql".length);
  return rest === "" || rest.startsWith("?");
}
