import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, loadConfig } from "../../server/src/config";

describe("configuration", () => {
  it("has defaults for an empty environment: embedded database, port 4000", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: undefined,
      port: 4000,
      nodeEnv: "development",
      logLevel: "info",
      seedDemo: true,
    });
    expect(config.dataDir).toBe(path.resolve(".data"));
  });

  it("uses PostgreSQL when DATABASE_URL is set, without demo data by default", () => {
    const config = loadConfig({ DATABASE_URL: "postgres://u@db:5432/maillage", PORT: "8080" });
    expect(config).toMatchObject({
      databaseUrl: "postgres://u@db:5432/maillage",
      port: 8080,
      seedDemo: false,
    });
  });

  it("believes X-Forwarded-For from loopback only, unless TRUST_PROXY names the proxies", () => {
    expect(loadConfig({}).trustProxy).toEqual(["loopback"]);
    expect(loadConfig({ TRUST_PROXY: "loopback, 172.16.0.0/12, fd00::1" }).trustProxy).toEqual([
      "loopback",
      "172.16.0.0/12",
      "fd00::1",
    ]);
  });

  it("compiles a GraphQL document on its second execution unless told otherwise", () => {
    expect(loadConfig({}).graphqlCompileAfter).toBe(1);
    expect(loadConfig({ GRAPHQL_COMPILE_AFTER: "0" }).graphqlCompileAfter).toBe(0);
    expect(loadConfig({ GRAPHQL_COMPILE_AFTER: "off" }).graphqlCompileAfter).toBeNull();
  });

  it("counts SQL statements per request except in production, unless told otherwise", () => {
    expect(loadConfig({}).countSqlStatements).toBe(true);
    expect(loadConfig({ NODE_ENV: "production", SMTP_URL: "log:" }).countSqlStatements).toBe(false);
    expect(
      loadConfig({ NODE_ENV: "production", SMTP_URL: "log:", COUNT_SQL_STATEMENTS: "true" })
        .countSqlStatements,
    ).toBe(true);
  });

  it("shares directory results unless SHARED_RESULTS=false", () => {
    expect(loadConfig({}).sharedResults).toBe(true);
    expect(loadConfig({ SHARED_RESULTS: "true" }).sharedResults).toBe(true);
    expect(loadConfig({ SHARED_RESULTS: "false" }).sharedResults).toBe(false);
  });

  it("shares a gate of 16 GraphQL requests between the workers, unless GRAPHQL_CONCURRENCY is set", () => {
    const db = { DATABASE_URL: "postgres://u@db:5432/maillage" };
    expect(loadConfig({}).graphqlConcurrency).toBe(16);
    expect(loadConfig({ ...db, WEB_CONCURRENCY: "2" }).graphqlConcurrency).toBe(8);
    expect(loadConfig({ ...db, WEB_CONCURRENCY: "3" }).graphqlConcurrency).toBe(6);
    expect(loadConfig({ ...db, WEB_CONCURRENCY: "8" }).graphqlConcurrency).toBe(4);
    expect(
      loadConfig({ ...db, WEB_CONCURRENCY: "2", GRAPHQL_CONCURRENCY: "12" }).graphqlConcurrency,
    ).toBe(12);
    expect(loadConfig({ GRAPHQL_CONCURRENCY: "0" }).graphqlConcurrency).toBe(0);
    expect(() => loadConfig({ GRAPHQL_CONCURRENCY: "-1" })).toThrow(/GRAPHQL_CONCURRENCY/);
  });

  it("turns geocoding on with GEOCODER_URL only, with defaults for the rest", () => {
    expect(loadConfig({}).geocoder).toBeNull();
    expect(loadConfig({ GEOCODER_URL: "https://api-adresse.data.gouv.fr/" }).geocoder).toEqual({
      url: "https://api-adresse.data.gouv.fr",
      minScore: 0.6,
      timeoutMs: 10_000,
      requestsPerSecond: 10,
      batchSize: 500,
      retries: 3,
    });
    expect(
      loadConfig({ GEOCODER_URL: "http://127.0.0.1:7878", GEOCODER_MIN_SCORE: "0.8" }).geocoder
        ?.minScore,
    ).toBe(0.8);
  });

  it.each([
    [{ PORT: "http" }, /^PORT="http" is invalid: expected a TCP port/],
    [{ PORT: "70000" }, /^PORT="70000" is invalid/],
    [
      { NODE_ENV: "prod" },
      /^NODE_ENV="prod" is invalid: expected one of development, production, test$/,
    ],
    [{ LOG_LEVEL: "loud" }, /^LOG_LEVEL="loud" is invalid/],
    [{ DATABASE_URL: "mysql://x@y/z" }, /^DATABASE_URL is invalid: expected a postgres/],
    [{ DATABASE_URL: "not a url" }, /^DATABASE_URL is invalid/],
    [{ SEED_DEMO: "maybe" }, /^SEED_DEMO="maybe" is invalid: expected true or false$/],
    [{ TRUST_PROXY: "everyone" }, /^TRUST_PROXY="everyone" is invalid: "everyone" is not/],
    [{ TRUST_PROXY: "10.0.0.0/40" }, /^TRUST_PROXY="10.0.0.0\/40" is invalid/],
    [{ GRAPHQL_COMPILE_AFTER: "never" }, /^GRAPHQL_COMPILE_AFTER="never" is invalid: .* or off$/],
    [{ GRAPHQL_COMPILE_AFTER: "-1" }, /^GRAPHQL_COMPILE_AFTER="-1" is invalid/],
    [{ COUNT_SQL_STATEMENTS: "yes" }, /^COUNT_SQL_STATEMENTS="yes" is invalid/],
    [{ SHARED_RESULTS: "off" }, /^SHARED_RESULTS="off" is invalid: expected true or false$/],
    [{ GEOCODER_URL: "api-adresse" }, /^GEOCODER_URL="api-adresse" is invalid: expected an http/],
    [{ GEOCODER_URL: "ftp://ban.example" }, /^GEOCODER_URL="ftp:\/\/ban.example" is invalid/],
    [
      { GEOCODER_URL: "http://ban.test", GEOCODER_MIN_SCORE: "1.5" },
      /^GEOCODER_MIN_SCORE="1.5" is invalid: expected a number from 0 to 1$/,
    ],
    [
      { GEOCODER_URL: "http://ban.test", GEOCODER_BATCH_SIZE: "2.5" },
      /^GEOCODER_BATCH_SIZE="2.5" is invalid: expected a whole number/,
    ],
  ])("refuses %j with a message naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  const main = path.resolve(__dirname, "../../server/dist/main.js");
  it("stops the process with one clear line and exit code 1 (runs the built server)", () => {
    if (!fs.existsSync(main))
      throw new Error("server/dist is missing: run `npm run build:server` first");
    {
      const result = spawnSync(process.execPath, [main], {
        env: { PATH: process.env.PATH, PORT: "not-a-port" },
        encoding: "utf8",
        timeout: 20_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split("\n")).toEqual([
        'maillage: configuration error: PORT="not-a-port" is invalid: expected a TCP port, an integer from 0 to 65535',
      ]);
      expect(result.stdout).toBe("");
    }
  });
});
