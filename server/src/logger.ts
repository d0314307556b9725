import pino, { type DestinationStream, type Logger } from "pino";
import type { Config } from "./config";

export type AppLogger = Logger;

/**
 * JSON lines on stdout (or `destination`, used by tests to read what was logged). Writes are
 * synchronous so that the last lines before an exit are never lost.
 */
export function createLogger(
  config: Pick<Config, "logLevel">,
  destination?: DestinationStream,
): AppLogger {
  return pino(
    {
      level: config.logLevel,
      base: { service: "maillage" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ["req.headers.cookie", "req.headers.authorization"], remove: true },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
