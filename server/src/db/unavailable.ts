import type { AppLogger } from "../logger";

/**
 * Whether an error means "the database cannot be reached right now" (a restart, a terminated
 * connection, a refused or timed-out connect), as opposed to a failed statement. Such a failure
 * is worth retrying, so the API answers it with SERVICE_UNAVAILABLE and 503 instead of a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Duck-typed, not `instanceof Error`: errors of Node's core (ECONNREFUSED) may come from another realm.
  for (let e = error as Error, depth = 0; isErrorLike(e) && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      // 08: connection exceptions; 57P01–57P03: admin/crash shutdown, cannot connect now.
      if (/^08/.test(code) || /^57P0[1-3]$/.test(code)) return true;
      // too many connections; a database closed to connections for maintenance.
      if (code === "53300" || (code === "55000" && /accepting connections/.test(e.message)))
        return true;
      if (["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND"].includes(code))
        return true;
    }
    if (
      // TypeORM's errors for a transaction whose connection was lost under it.
      e.name === "QueryRunnerAlreadyReleasedError" ||
      e.name === "QueryRunnerProviderAlreadyReleasedError" ||
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|Cannot use a pool after calling end/i.test(
        e.message,
      )
    )
      return true;
    // TypeORM keeps the driver's error in driverError; graphql-js wraps in originalError.
    const wrapped = e as { cause?: unknown; driverError?: unknown; originalError?: unknown };
    e = (wrapped.driverError ?? wrapped.originalError ?? wrapped.cause) as Error;
  }
  return false;
}

const isErrorLike = (e: unknown): e is Error =>
  typeof e === "object" && e !== null && typeof (e as Error).message === "string";

/** Seconds a client is asked to wait before retrying, in `Retry-After`. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Logs a failed background task (a job, loading events): a warning when the database is only
 * unreachable, since the task runs again once it is back, and an error otherwise. An outage thus
 * never floods the error log.
 */
export function logBackgroundFailure(
  logger: Pick<AppLogger, "warn" | "error">,
  err: unknown,
  message: string,
): void {
  if (isDatabaseUnavailable(err)) logger.warn({ reason: (err as Error).message }, message);
  else logger.error({ err }, message);
}
