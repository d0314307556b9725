import type { IncomingMessage } from "node:http";
import { type RequestStats, withRequestStats } from "../db/query-counter";
import type { AppLogger } from "../logger";
import type { Step } from "./graphql-over-http";

const statsByRequest = new WeakMap<IncomingMessage, RequestStats>();

/** The stats the access log will write for `req` (the GraphQL layer adds the operation to them). */
export function requestStatsOf(req: IncomingMessage): RequestStats | null {
  return statsByRequest.get(req) ?? null;
}

/**
 * One access-log line per request: method, path, status, duration, the GraphQL operation and
 * error codes, and with `countStatements` the number of SQL statements the request issued. The
 * query string is never logged: it may carry a GraphQL document.
 */
export function accessLog(logger: AppLogger, countStatements: boolean): Step {
  return (req, res, next) => {
    withRequestStats(countStatements, (stats) => {
      statsByRequest.set(req, stats);
      const started = process.hrtime.bigint();
      const url = req.url ?? "";
      const q = url.indexOf("?");
      const path = q < 0 ? url : url.slice(0, q);
      res.on("finish", () => {
        logger.info(
          {
            method: req.method,
            path,
            status: res.statusCode,
            durationMs: Number(process.hrtime.bigint() - started) / 1e6,
            operation: stats.operation,
            operationType: stats.operationType,
            errorCodes: stats.errorCodes,
            sqlStatements: stats.statements ?? undefined,
            sharedResult: stats.sharedResult,
          },
          "request",
        );
      });
      next();
    });
  };
}
