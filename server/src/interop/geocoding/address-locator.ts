import type { EntityManager } from "typeorm";
import type { GeocoderConfig } from "./geocoder.config";
import { BanGeocoder } from "./ban-geocoder";
import { readCache, writeCache } from "./geocode-cache";
import {
  type AddressQuery,
  addressKey,
  type GeocodeAnswer,
  type Geocoder,
  GeocoderUnavailableError,
} from "./geocoder";

export interface LocateManyResult {
  /** By addressKey; absent when neither the cache nor the geocoder answered. */
  answers: Map<string, GeocodeAnswer>;
  /** Addresses sent to the geocoder (the cache did not know them). */
  asked: number;
  /** Set when the geocoder failed: the addresses it did not answer are absent from `answers`. */
  error: GeocoderUnavailableError | null;
}

/**
 * The cache in front of the geocoder: an address is asked once, then read from geocode_cache.
 * `minScore` is the score from which a match is used as the structure's location.
 */
export class AddressLocator {
  constructor(
    readonly geocoder: Geocoder,
    readonly minScore: number,
  ) {}

  /** Whether the answer is sure enough to place the structure on the map. */
  isSure(answer: GeocodeAnswer | undefined): boolean {
    return !!answer && answer.score >= this.minScore;
  }

  /** Many addresses at once; `ask: false` reads the cache only (the geocoder failed before). */
  async locateMany(
    em: EntityManager,
    queries: AddressQuery[],
    ask = true,
  ): Promise<LocateManyResult> {
    const byKey = new Map(queries.map((q) => [addressKey(q), q]));
    const answers = await readCache(em, [...byKey.keys()]);
    const missing = [...byKey].filter(([key]) => !answers.has(key));
    if (!ask || missing.length === 0) return { answers, asked: 0, error: null };
    const fresh = new Map<string, GeocodeAnswer>();
    let error: GeocoderUnavailableError | null = null;
    try {
      const found = await this.geocoder.searchMany(missing.map(([, q]) => q));
      missing.forEach(([key], i) => {
        if (found[i] !== undefined) fresh.set(key, found[i]);
      });
    } catch (e) {
      if (!(e instanceof GeocoderUnavailableError)) throw e;
      error = e;
    }
    await writeCache(em, fresh);
    for (const [key, answer] of fresh) answers.set(key, answer);
    return { answers, asked: missing.length, error };
  }

  /** One address (the structure form): the cache, else the geocoder. Throws when it is down. */
  async locate(em: EntityManager, query: AddressQuery): Promise<GeocodeAnswer> {
    const key = addressKey(query);
    const cached = await readCache(em, [key]);
    if (cached.has(key)) return cached.get(key)!;
    const answer = await this.geocoder.search(query);
    await writeCache(em, new Map([[key, answer]]));
    return answer;
  }
}

/** The locator GEOCODER_URL configures, or null when geocoding is off. */
export function addressLocatorFor(config: GeocoderConfig | null): AddressLocator | null {
  return config ? new AddressLocator(new BanGeocoder(config), config.minScore) : null;
}
