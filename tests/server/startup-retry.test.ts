import { GraphQLError } from "graphql";
import pino from "pino";
import { ConfigError, loadConfig } from "../../server/src/config";
import { openDatabaseWithRetry, startupRetryDelayMs } from "../../server/src/db/open-with-retry";
import { isDatabaseUnavailable, logBackgroundFailure } from "../../server/src/db/unavailable";

/** A logger that keeps what it was given. */
function recordingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino(
    { level: "debug" },
    { write: (line: string) => void lines.push(JSON.parse(line)) },
  );
  return { logger, lines };
}

describe("start-up when the database cannot be reached", () => {
  it("retries with growing pauses, logs each try, and gives up after the configured total", async () => {
    const { logger, lines } = recordingLogger();
    const pauses: number[] = [];
    const started = Date.now();
    const error = await openDatabaseWithRetry(
      {
        // Nothing listens on port 1: every connection is refused.
        databaseUrl: "postgres://postgres@127.0.0.1:1/maillage",
        dataDir: "",
        databaseStartupTimeoutSeconds: 2,
      },
      logger,
      async (ms) => {
        pauses.push(ms);
        await new Promise((r) => setTimeout(r, ms));
      },
    ).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /^the database could not be reached for 2 s \(DATABASE_STARTUP_TIMEOUT_SECONDS\): connect ECONNREFUSED/,
    );
    expect(pauses).toEqual([500, 1000]);
    expect(Date.now() - started).toBeLessThan(5_000);
    const retries = lines.filter((l) => l.msg === "database unavailable at start-up, retrying");
    expect(retries).toHaveLength(2);
    expect(retries.every((l) => l.level === 40)).toBe(true);
  });

  it("does not wait for what waiting cannot fix (a database that does not exist)", async () => {
    const base = process.env.DATABASE_URL;
    if (!base) return; // the embedded database has no such failure
    const url = new URL(base);
    url.pathname = "/maillage_no_such_database";
    const pauses: number[] = [];
    const error = await openDatabaseWithRetry(
      { databaseUrl: url.toString(), dataDir: "", databaseStartupTimeoutSeconds: 30 },
      pino({ level: "silent" }),
      async (ms) => void pauses.push(ms),
    ).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/does not exist/);
    expect(pauses).toEqual([]);
  });

  it("backs off from 0.5 s to at most 5 s", () => {
    expect([0, 1, 2, 3, 4, 10].map(startupRetryDelayMs)).toEqual([
      500, 1000, 2000, 4000, 5000, 5000,
    ]);
  });

  it("reads DATABASE_STARTUP_TIMEOUT_SECONDS (60 by default) and refuses a bad value", () => {
    expect(loadConfig({}).databaseStartupTimeoutSeconds).toBe(60);
    expect(
      loadConfig({ DATABASE_STARTUP_TIMEOUT_SECONDS: "0" }).databaseStartupTimeoutSeconds,
    ).toBe(0);
    expect(() => loadConfig({ DATABASE_STARTUP_TIMEOUT_SECONDS: "soon" })).toThrow(ConfigError);
  });
});

describe("what counts as the database being unreachable", () => {
  const terminated = Object.assign(
    new Error("terminating connection due to administrator command"),
    {
      code: "57P01",
    },
  );

  it("recognises a lost transaction connection and errors wrapped by graphql-js", () => {
    const released = new Error(
      "Database connection provided by a query runner was already released",
    );
    released.name = "QueryRunnerProviderAlreadyReleasedError";
    expect(isDatabaseUnavailable(released)).toBe(true);
    const wrapped = new GraphQLError(terminated.message, { originalError: terminated });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
  });

  it("does not take a failed statement for an outage", () => {
    const unique = Object.assign(new Error("duplicate key value"), { code: "23505" });
    expect(isDatabaseUnavailable(unique)).toBe(false);
    expect(isDatabaseUnavailable(new GraphQLError("x", { originalError: unique }))).toBe(false);
  });

  it("logs a background failure as a warning during an outage, as an error otherwise", () => {
    const { logger, lines } = recordingLogger();
    logBackgroundFailure(logger, terminated, "jobs failed");
    logBackgroundFailure(logger, new TypeError("bug"), "jobs failed");
    expect(lines.map((l) => l.level)).toEqual([40, 50]);
  });
});
