import type { EntityManager } from "typeorm";
import type { GeocodeAnswer } from "./geocoder";

/*
 * The geocoder's answers, kept in the table geocode_cache by normalised address (addressKey):
 * a point with its score, label and INSEE code, or "not found" (no point). Read and written a
 * batch at a time, with the caller's transaction.
 */

interface CacheRow {
  address_key: string;
  latitude: number | null;
  longitude: number | null;
  score: number | null;
  label: string | null;
  citycode: string | null;
}

/** The cached answers among `keys`; an address never asked is absent from the map. */
export async function readCache(
  em: EntityManager,
  keys: string[],
): Promise<Map<string, GeocodeAnswer>> {
  const found = new Map<string, GeocodeAnswer>();
  if (keys.length === 0) return found;
  const rows: CacheRow[] = await em.query(
    `SELECT address_key, latitude, longitude, score, label, citycode
       FROM geocode_cache WHERE address_key = ANY($1::text[])`,
    [keys],
  );
  for (const r of rows) {
    found.set(
      r.address_key,
      r.latitude === null || r.longitude === null || r.score === null
        ? null
        : {
            lat: r.latitude,
            lon: r.longitude,
            score: r.score,
            label: r.label ?? "",
            citycode: r.citycode,
          },
    );
  }
  return found;
}

/** Stores answers (a later answer for the same address replaces the earlier one). */
export async function writeCache(
  em: EntityManager,
  answers: Map<string, GeocodeAnswer>,
): Promise<void> {
  if (answers.size === 0) return;
  const entries = [...answers];
  await em.query(
    `INSERT INTO geocode_cache (address_key, latitude, longitude, score, label, citycode)
     SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::text[], $6::text[])
     ON CONFLICT (address_key) DO UPDATE SET
       latitude = excluded.latitude, longitude = excluded.longitude, score = excluded.score,
       label = excluded.label, citycode = excluded.citycode, geocoded_at = now()`,
    [
      entries.map(([key]) => key),
      entries.map(([, a]) => a?.lat ?? null),
      entries.map(([, a]) => a?.lon ?? null),
      entries.map(([, a]) => a?.score ?? null),
      entries.map(([, a]) => a?.label ?? null),
      entries.map(([, a]) => a?.citycode ?? null),
    ],
  );
}
