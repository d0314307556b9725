import { setTimeout as sleep } from "node:timers/promises";
import { parse } from "csv-parse/sync";
import type { GeocoderConfig } from "./geocoder.config";
import {
  type AddressQuery,
  addressText,
  type GeocodeAnswer,
  type Geocoder,
  type GeocodeMatch,
  GeocoderUnavailableError,
} from "./geocoder";

/*
 * The HTTP adapter for an API in the format of the national address base (api-adresse.data.gouv.fr
 * or an instance of it, addok): `GET /search/?q=&limit=1` answers a GeoJSON FeatureCollection;
 * `POST /search/csv/` takes a CSV file (`data`), the columns that make up the address
 * (`columns`) and the result columns wanted (`result_columns`), and answers the same rows with
 * latitude, longitude, result_label, result_score, result_citycode and result_status added.
 *
 * Requests are spaced to at most `requestsPerSecond`, abandoned after `timeoutMs`, and retried
 * `retries` times on network errors, timeouts, 429 and 5xx, after the `Retry-After` the server
 * gives or an exponential back-off.
 */

const RESULT_COLUMNS = [
  "latitude",
  "longitude",
  "result_label",
  "result_score",
  "result_citycode",
  "result_status",
];
const MAX_RETRY_AFTER_MS = 30_000;

export interface BanGeocoderOptions extends Omit<GeocoderConfig, "minScore"> {
  /** First back-off delay, doubled at each attempt (default 250 ms). */
  backoffMs?: number;
}

interface Feature {
  geometry?: { coordinates?: unknown[] };
  properties?: { label?: unknown; score?: unknown; citycode?: unknown };
}

/** Spaces the start of requests by at least `interval` ms, across concurrent callers. */
class RateLimiter {
  private next = 0;
  constructor(private readonly interval: number) {}

  async wait(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + this.interval;
    if (at > now) await sleep(at - now);
  }
}

/** `Retry-After` in milliseconds: seconds or an HTTP date; null when absent or unreadable. */
function retryAfter(header: string | null): number | null {
  if (!header) return null;
  const ms = /^\d+$/.test(header.trim())
    ? Number(header.trim()) * 1000
    : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : null;
}

const csvField = (value: string | null) =>
  value === null || value === "" ? "" : `"${value.replace(/"/g, '""')}"`;

function match(
  lat: unknown,
  lon: unknown,
  score: unknown,
  label: unknown,
  citycode: unknown,
): GeocodeMatch | null {
  const point = { lat: Number(lat), lon: Number(lon), score: Number(score) };
  if (lat === "" || lon === "" || ![point.lat, point.lon, point.score].every(Number.isFinite)) {
    return null;
  }
  return {
    ...point,
    label: typeof label === "string" ? label : "",
    citycode: typeof citycode === "string" && citycode !== "" ? citycode : null,
  };
}

export class BanGeocoder implements Geocoder {
  private readonly limiter: RateLimiter;

  constructor(private readonly o: BanGeocoderOptions) {
    this.limiter = new RateLimiter(1000 / o.requestsPerSecond);
  }

  /** Sends a request until it succeeds; a 4xx other than 429 ends it (`null`). */
  private async request(path: string, init: RequestInit = {}): Promise<string | null> {
    let problem = "no attempt";
    const backoff = this.o.backoffMs ?? 250;
    for (let attempt = 0; attempt <= this.o.retries; attempt++) {
      await this.limiter.wait();
      let delay = Math.min(backoff * 2 ** attempt, 5_000);
      try {
        const response = await fetch(`${this.o.url}${path}`, {
          ...init,
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
        if (response.ok) return await response.text();
        await response.body?.cancel();
        if (response.status !== 429 && response.status < 500) return null;
        problem = `HTTP ${response.status}`;
        delay = retryAfter(response.headers.get("retry-after")) ?? delay;
      } catch (error) {
        // Duck-typed: fetch's DOMException and undici's errors may come from another realm.
        const e = error as { name?: string; message?: string; cause?: { message?: string } };
        problem =
          e?.name === "TimeoutError"
            ? `no answer within ${this.o.timeoutMs} ms`
            : (e?.cause?.message ?? e?.message ?? String(error));
      }
      if (attempt < this.o.retries) await sleep(delay);
    }
    throw new GeocoderUnavailableError(
      `The geocoder at ${this.o.url} failed ${this.o.retries + 1} time(s): ${problem}`,
    );
  }

  async search(query: AddressQuery): Promise<GeocodeAnswer> {
    const params = new URLSearchParams({ q: addressText(query), limit: "1" });
    const body = await this.request(`/search/?${params}`);
    if (body === null) return null; // 400: the API refuses this text (too short, too long)
    let features: Feature[];
    try {
      features = (JSON.parse(body) as { features?: Feature[] }).features ?? [];
    } catch {
      throw new GeocoderUnavailableError(`The geocoder at ${this.o.url} answered no GeoJSON`);
    }
    const best = features[0];
    if (!best) return null;
    const [lon, lat] = best.geometry?.coordinates ?? [];
    const p = best.properties ?? {};
    return match(lat, lon, p.score, p.label, p.citycode);
  }

  /** In requests of `batchSize` addresses; `undefined` for a row the API could not process. */
  async searchMany(queries: AddressQuery[]): Promise<(GeocodeAnswer | undefined)[]> {
    const answers: (GeocodeAnswer | undefined)[] = [];
    for (let i = 0; i < queries.length; i += this.o.batchSize) {
      answers.push(...(await this.searchBatch(queries.slice(i, i + this.o.batchSize))));
    }
    return answers;
  }

  private async searchBatch(queries: AddressQuery[]): Promise<(GeocodeAnswer | undefined)[]> {
    const csv = [
      "id,adresse,code_postal,commune",
      ...queries.map((q, i) =>
        [String(i), csvField(q.street), csvField(q.postalCode), csvField(q.city)].join(","),
      ),
    ].join("\n");
    const form = new FormData();
    form.append("data", new Blob([`${csv}\n`], { type: "text/csv" }), "adresses.csv");
    for (const column of ["adresse", "code_postal", "commune"]) form.append("columns", column);
    for (const column of RESULT_COLUMNS) form.append("result_columns", column);
    const body = await this.request("/search/csv/", { method: "POST", body: form });
    if (body === null) {
      throw new GeocoderUnavailableError(`The geocoder at ${this.o.url} refused the batch`);
    }
    let rows: Record<string, string>[];
    try {
      rows = parse(body, {
        columns: true,
        skip_empty_lines: true,
        bom: true,
        delimiter: [",", ";"],
      });
    } catch {
      throw new GeocoderUnavailableError(`The geocoder at ${this.o.url} answered no CSV`);
    }
    const answers: (GeocodeAnswer | undefined)[] = queries.map(() => undefined);
    for (const row of rows) {
      const index = Number(row.id);
      if (!Number.isInteger(index) || index < 0 || index >= queries.length) continue;
      const status = row.result_status ?? "ok";
      if (status === "ok") {
        answers[index] = match(
          row.latitude,
          row.longitude,
          row.result_score,
          row.result_label,
          row.result_citycode,
        );
      } else if (status === "not-found" || status === "skipped") answers[index] = null;
    }
    return answers;
  }
}
