import { isIP } from "node:net";
import path from "node:path";
import { ConfigError } from "./config-error";
import { type GeocoderConfig, geocoderConfig } from "./interop/geocoding/geocoder.config";
import { type OidcConfig, oidcConfig } from "./modules/identity/oidc.config";
import { type MailConfig, mailConfig } from "./modules/mail/mail.config";

export type NodeEnv = "development" | "production" | "test";
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface Config {
  /** PostgreSQL connection string; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined;
  /** HTTP worker processes (node:cluster) sharing the port; 1 = this process alone. */
  webConcurrency: number;
  dataDir: string;
  port: number;
  host: string;
  nodeEnv: NodeEnv;
  logLevel: LogLevel;
  /** Whether to create the demo network (and later demo accounts) on an empty database. */
  seedDemo: boolean;
  /** Where the built client lives; served at `/`. */
  clientDir: string;
  /** The address people use to reach Maillage, for links in e-mails (no trailing slash). */
  publicUrl: string;
  /** Other origins allowed to call the API from a browser (CORS and WebSocket `Origin`). */
  corsOrigins: string[];
  /**
   * Addresses of the reverse proxies whose `X-Forwarded-For` is believed (Express "trust proxy":
   * IPs, CIDR ranges, or loopback, linklocal, uniquelocal): the client address counts failed
   * logins per address.
   */
  trustProxy: string[];
  /** A pending referral expires after this many days. */
  referralExpiryDays: number;
  /** A pending referral is flagged for a reminder after this many days. */
  referralReminderDays: number;
  /** Resident data of a closed referral is anonymised after this many days. */
  retentionDays: number;
  /** How often the background jobs run; 0 turns them off (tests run them by hand). */
  jobsIntervalSeconds: number;
  /**
   * A GraphQL document sent over HTTP is compiled (graphql-jit) once it has been executed this
   * many times by graphql-js; null ("off") never compiles.
   */
  graphqlCompileAfter: number | null;
  /**
   * Whether the access log counts each request's SQL statements. Off by default in production:
   * following a request through its promises costs 0.3–0.6 ms per directory page.
   */
  countSqlStatements: boolean;
  /**
   * Whether each process keeps the viewers it resolved (kept fresh by LISTEN/NOTIFY), so that a
   * signed-in request does not wait for its session statement. On by default.
   */
  viewerCache: boolean;
  /**
   * Whether directory results that depend on nobody in particular are served again while the
   * directory has not changed (graphql/shared-results/); `SHARED_RESULTS=false` turns it off.
   */
  sharedResults: boolean;
  /**
   * Whether the statements sent often become named prepared statements on each connection
   * (db/prepared-statements.ts); `DATABASE_PREPARED_STATEMENTS=false` for poolers that cannot
   * keep them.
   */
  preparedStatements: boolean;
  /**
   * GraphQL requests over HTTP that one process executes at once, the others waiting their turn
   * (http/concurrency-gate.ts); 0 lets every request start at once. By default 16 for the whole
   * machine, shared between the `WEB_CONCURRENCY` workers (16 / workers, at least 4): the
   * processes share the same cores and database.
   */
  graphqlConcurrency: number;
  /** Requests that may wait for the gate; the next one gets a retryable 503 at once. */
  graphqlQueueLimit: number;
  /**
   * How long start-up keeps retrying a database that cannot be reached (a restart, a server not
   * up yet) before giving up, in seconds.
   */
  databaseStartupTimeoutSeconds: number;
  /** How e-mail leaves: SMTP, or the log (development, or `SMTP_URL=log:` deliberately). */
  mail: MailConfig;
  /** Sign-in with ProConnect (OpenID Connect), when configured. */
  oidc: OidcConfig | null;
  /** Geocoding of addresses (imports, the structure form), when GEOCODER_URL is set. */
  geocoder: GeocoderConfig | null;
}

export { ConfigError } from "./config-error";

const LOG_LEVELS: readonly LogLevel[] = [
  "fatal",
  "error",
  "warn",
  "info",
  "debug",
  "trace",
  "silent",
];
const NODE_ENVS: readonly NodeEnv[] = ["development", "production", "test"];

type Env = Record<string, string | undefined>;

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigError(`${name}="${raw}" is invalid: expected one of ${allowed.join(", ")}`);
}

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 65535) {
    throw new ConfigError(
      `${name}="${raw}" is invalid: expected a TCP port, an integer from 0 to 65535`,
    );
  }
  return value;
}

function positiveInt(env: Env, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > 100_000) {
    throw new ConfigError(`${name}="${raw}" is invalid: expected an integer from ${min} to 100000`);
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw new ConfigError(`${name}="${raw}" is invalid: expected true or false`);
}

function databaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === "") return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      `DATABASE_URL is invalid: expected a URL such as postgres://user@host:5432/database`,
    );
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new ConfigError(
      `DATABASE_URL is invalid: expected a postgres:// or postgresql:// URL, got ${url.protocol}//`,
    );
  }
  return raw;
}

function origin(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is invalid: "${raw}" is not an http(s) URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`${name} is invalid: "${raw}" is not an http(s) URL`);
  }
  return url.origin;
}

function origins(env: Env, name: string): string[] {
  const raw = env[name];
  if (!raw) return [];
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => origin(name, s));
}

const PROXY_PRESETS = new Set(["loopback", "linklocal", "uniquelocal"]);

function trustedProxies(env: Env): string[] {
  const raw = env.TRUST_PROXY?.trim() || "loopback";
  const items = raw.split(",").map((s) => s.trim());
  for (const item of items) {
    const [address, prefix, extra] = item.split("/");
    const version = isIP(address);
    const prefixOk =
      prefix === undefined ||
      (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 6 ? 128 : 32));
    if (!PROXY_PRESETS.has(item) && (version === 0 || !prefixOk || extra !== undefined)) {
      throw new ConfigError(
        `TRUST_PROXY="${raw}" is invalid: "${item}" is not an IP address, a CIDR range or one of loopback, linklocal, uniquelocal`,
      );
    }
  }
  return items;
}

function compileAfter(env: Env): number | null {
  const raw = env.GRAPHQL_COMPILE_AFTER;
  if (raw === "off") return null;
  if (raw === undefined || raw === "") return 1;
  if (!/^\d{1,6}$/.test(raw)) {
    throw new ConfigError(
      `GRAPHQL_COMPILE_AFTER="${raw}" is invalid: expected a number of executions (0 compiles at once) or off`,
    );
  }
  return Number(raw);
}

function referralTimers(env: Env) {
  const referralExpiryDays = positiveInt(env, "REFERRAL_EXPIRY_DAYS", 15);
  const referralReminderDays = positiveInt(env, "REFERRAL_REMINDER_DAYS", 7);
  if (referralReminderDays >= referralExpiryDays) {
    throw new ConfigError(
      `REFERRAL_REMINDER_DAYS=${referralReminderDays} is invalid: expected fewer days than REFERRAL_EXPIRY_DAYS (${referralExpiryDays})`,
    );
  }
  return {
    referralExpiryDays,
    referralReminderDays,
    retentionDays: positiveInt(env, "RETENTION_DAYS", 365),
  };
}

/** Reads the environment once; throws a `ConfigError` naming the first invalid variable. */
export function loadConfig(env: Env = process.env): Config {
  const url = databaseUrl(env);
  const nodeEnv = oneOf(env, "NODE_ENV", NODE_ENVS, "development");
  const listenPort = port(env, "PORT", 4000);
  const publicUrl = env.PUBLIC_URL
    ? origin("PUBLIC_URL", env.PUBLIC_URL)
    : `http://localhost:${listenPort}`;
  const seedDemo = bool(env, "SEED_DEMO", url === undefined && nodeEnv !== "production");
  if (seedDemo && nodeEnv === "production") {
    throw new ConfigError(
      `SEED_DEMO=true is refused when NODE_ENV=production: demo accounts have public passwords`,
    );
  }
  const webConcurrency = positiveInt(env, "WEB_CONCURRENCY", 1);
  if (webConcurrency > 64)
    throw new ConfigError(`WEB_CONCURRENCY=${webConcurrency} is invalid: expected 1 to 64`);
  if (webConcurrency > 1 && url === undefined) {
    throw new ConfigError(
      `WEB_CONCURRENCY=${webConcurrency} needs DATABASE_URL: the embedded database belongs to one process`,
    );
  }
  return {
    databaseUrl: url,
    webConcurrency,
    dataDir: path.resolve(env.DATA_DIR || ".data"),
    databaseStartupTimeoutSeconds: positiveInt(env, "DATABASE_STARTUP_TIMEOUT_SECONDS", 60, 0),
    port: listenPort,
    host: env.HOST || "0.0.0.0",
    nodeEnv,
    logLevel: oneOf(env, "LOG_LEVEL", LOG_LEVELS, "info"),
    seedDemo,
    clientDir: path.resolve(__dirname, "../../client/dist"),
    publicUrl,
    corsOrigins: origins(env, "CORS_ORIGINS"),
    trustProxy: trustedProxies(env),
    ...referralTimers(env),
    jobsIntervalSeconds: positiveInt(env, "JOBS_INTERVAL_SECONDS", 60, 0),
    graphqlCompileAfter: compileAfter(env),
    countSqlStatements: bool(env, "COUNT_SQL_STATEMENTS", nodeEnv !== "production"),
    viewerCache: bool(env, "VIEWER_CACHE", true),
    sharedResults: bool(env, "SHARED_RESULTS", true),
    preparedStatements: bool(env, "DATABASE_PREPARED_STATEMENTS", true),
    graphqlConcurrency: positiveInt(
      env,
      "GRAPHQL_CONCURRENCY",
      Math.max(4, Math.ceil(16 / webConcurrency)),
      0,
    ),
    graphqlQueueLimit: positiveInt(env, "GRAPHQL_QUEUE_LIMIT", 5_000, 0),
    mail: mailConfig(env, nodeEnv, publicUrl),
    oidc: oidcConfig(env, publicUrl),
    geocoder: geocoderConfig(env),
  };
}
