/**
 * Whether an error means "the database cannot be reached right now" (a restart, a terminated
 * connection, a refused or timed-out connect), as opposed to a failed statement. Such a failure
 * is worth retrying, so the API answers it with SERVICE_UNAVAILABLE and 503 instead of a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; depth++) {
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
      e.name === "QueryRunnerAlreadyReleasedError" ||
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|Cannot use a pool after calling end/i.test(
        e.message,
      )
    )
      return true;
    e =
      (e as { cause?: unknown; driverError?: unknown }).driverError ??
      (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Seconds a client is asked to wait before retrying, in `Retry-After`. */
export const RETRY_AFTER_SECONDS = 5;
