import { ConfigError } from "../../config-error";

/** Geocoding through an API in the format of the national address base (BAN), when configured. */
export interface GeocoderConfig {
  /** Base URL of the API, e.g. https://api-adresse.data.gouv.fr (no trailing slash). */
  url: string;
  /** Below this BAN score (0–1) a location is not used: the structure is flagged "to check". */
  minScore: number;
  /** Each HTTP request is abandoned after this many milliseconds. */
  timeoutMs: number;
  /** Requests started per second at most (the public API allows 50 a second per address). */
  requestsPerSecond: number;
  /** Addresses sent in one request to the batch endpoint `/search/csv/`. */
  batchSize: number;
  /** Attempts after the first one for a request that failed (network, timeout, 429, 5xx). */
  retries: number;
}

type Env = Record<string, string | undefined>;

function number(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name}="${raw}" is invalid: expected a number from ${min} to ${max}`);
  }
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = number(env, name, fallback, min, max);
  if (!Number.isInteger(value)) {
    throw new ConfigError(
      `${name}="${env[name]}" is invalid: expected a whole number from ${min} to ${max}`,
    );
  }
  return value;
}

/** GEOCODER_URL and its companions; null (geocoding off) when GEOCODER_URL is unset. */
export function geocoderConfig(env: Env): GeocoderConfig | null {
  const raw = env.GEOCODER_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      `GEOCODER_URL="${raw}" is invalid: expected an http(s) URL such as https://api-adresse.data.gouv.fr`,
    );
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash) {
    throw new ConfigError(
      `GEOCODER_URL="${raw}" is invalid: expected an http(s) URL without query, such as https://api-adresse.data.gouv.fr`,
    );
  }
  return {
    url: raw.replace(/\/+$/, ""),
    minScore: number(env, "GEOCODER_MIN_SCORE", 0.6, 0, 1),
    timeoutMs: integer(env, "GEOCODER_TIMEOUT_MS", 10_000, 100, 120_000),
    requestsPerSecond: number(env, "GEOCODER_RATE_LIMIT", 10, 0.1, 1000),
    batchSize: integer(env, "GEOCODER_BATCH_SIZE", 500, 1, 10_000),
    retries: integer(env, "GEOCODER_RETRIES", 3, 0, 10),
  };
}
