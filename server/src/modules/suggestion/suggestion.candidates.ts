import type { DataSource } from "typeorm";
import { readQuery } from "../../db/read-query";
import type { Fee, Public, ServiceCategory } from "../vocabulary/vocabulary.enums";

/** Candidates are the offers within this radius (or in the origin district). */
export const SEARCH_RADIUS_METERS = 20_000;
const MAX_CANDIDATES = 300;
/** The mean Earth radius of `geo_distance_m` (migration DirectorySearch1764190000000). */
const EARTH_RADIUS_METERS = 6_371_008.8;

/** One candidate offer with what the ranking reads, and its structure's history. */
export interface CandidateRow {
  offer_id: string;
  publics: Public[];
  fees: Fee[];
  capacity_per_week: number | null;
  structure_id: string;
  name: string;
  district_code: string | null;
  opening_hours: string | null;
  distance_m: number | null;
  answered: number;
  accepted: number;
  median_hours: number | null;
  open_referrals: number;
}

/**
 * A latitude/longitude box that holds every point within `radius` metres of the origin on the
 * sphere of `geo_distance_m` (the exact extent of a spherical cap, widened by a millionth for
 * rounding): a superset, so that the exact distance test behind it decides alone, while the box
 * lets PostgreSQL use the location index. Near a pole or the antimeridian the longitudes are
 * left open.
 */
export function boundingBox(lat: number, lon: number, radius: number) {
  const angle = (radius / EARTH_RADIUS_METERS) * (1 + 1e-6);
  const deg = 180 / Math.PI;
  const latMin = lat - angle * deg;
  const latMax = lat + angle * deg;
  const sinRatio = Math.sin(angle) / Math.cos(lat / deg);
  if (latMax >= 90 || latMin <= -90 || !(sinRatio < 1)) {
    return { latMin, latMax, lonMin: -180, lonMax: 180 };
  }
  const dLon = Math.asin(sinRatio) * deg;
  if (lon - dLon < -180 || lon + dLon > 180) return { latMin, latMax, lonMin: -180, lonMax: 180 };
  return { latMin, latMax, lonMin: lon - dLon, lonMax: lon + dLon };
}

/**
 * The structures of the origin district or within the radius that have an active offer for the
 * need (`offer_categories`, migration DirectoryFacets1764280000000) come first (district and
 * location indexes, combined), materialised: PostgreSQL then plans no parallel scan for a few hundred rows
 * (starting the workers cost more than the query on two cores). Taken nearest first, each one's
 * active offers answering the need are looked up by its id (`OFFSET 0` keeps that a nested loop
 * instead of a hash of the need's offers nationwide), until `MAX_CANDIDATES` offers are found;
 * a structure's offers come together, by title (the ranking keeps the first of its best-scoring
 * ones). Then the receiving structures' 90-day history. Only what the ranking reads is fetched:
 * the winners' full rows are read afterwards.
 */
const CANDIDATES_SQL = `WITH near AS MATERIALIZED (
       SELECT s.id, s.name, s.district_code, s.opening_hours,
              geo_distance_m($2::float8, $3::float8, s.latitude, s.longitude) AS distance_m
         FROM structure s
        WHERE s.archived_at IS NULL AND s.offer_categories && ARRAY[$1::text]
          AND (s.district_code = $4
               OR (s.latitude BETWEEN $10::float8 AND $11::float8
                   AND s.longitude BETWEEN $12::float8 AND $13::float8
                   AND geo_distance_m($2::float8, $3::float8, s.latitude, s.longitude) <= $8))
     ), candidates AS (
       SELECT o.id AS offer_id, o.publics, o.fees, o.capacity_per_week,
              n.id AS structure_id, n.name, n.district_code, n.opening_hours, n.distance_m
         FROM (SELECT * FROM near ORDER BY distance_m NULLS LAST, id OFFSET 0) n
         CROSS JOIN LATERAL (
           SELECT o.id, o.title, o.publics, o.fees, o.capacity_per_week
             FROM service_offer o
            WHERE o.structure_id = n.id AND o.active AND o.category = $1
              AND (cardinality($5::text[]) = 0 OR cardinality(o.publics) = 0 OR o.publics && $5::text[])
              AND (NOT $6 OR 'FREE' = ANY(o.fees))
              AND (NOT $7 OR 'PASS_NUMERIQUE' = ANY(o.fees))
           OFFSET 0) o
        ORDER BY n.distance_m NULLS LAST, n.id, o.title, o.id LIMIT ${MAX_CANDIDATES}
     ), history AS (
       SELECT r.receiver_structure_id AS structure_id,
              count(*) FILTER (WHERE r.answered_at IS NOT NULL)::int AS answered,
              count(*) FILTER (WHERE r.answered_at IS NOT NULL AND r.status <> 'DECLINED')::int AS accepted,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.answered_at - r.created_at) / 3600)
                FILTER (WHERE r.answered_at IS NOT NULL) AS median_hours,
              count(*) FILTER (WHERE r.status IN ('PENDING', 'ACCEPTED') AND r.need = $1
                                 AND r.created_at > $9::timestamptz - interval '7 days')::int AS open_referrals
         FROM referral r
        WHERE r.receiver_structure_id IN (SELECT structure_id FROM candidates)
          AND r.created_at > $9::timestamptz - interval '90 days'
        GROUP BY r.receiver_structure_id
     )
     SELECT c.*, coalesce(h.answered, 0) AS answered, coalesce(h.accepted, 0) AS accepted,
            h.median_hours, coalesce(h.open_referrals, 0) AS open_referrals
       FROM candidates c LEFT JOIN history h ON h.structure_id = c.structure_id`;

export interface CandidateQuery {
  need: ServiceCategory;
  lat: number;
  lon: number;
  districtCode: string | null;
  publics: Public[];
  freeOnly: boolean;
  passNumerique: boolean;
  when: Date;
}

/** The candidate offers of a suggestion request (see `CANDIDATES_SQL`). */
export async function candidateOffers(
  dataSource: DataSource,
  q: CandidateQuery,
): Promise<CandidateRow[]> {
  const box = boundingBox(q.lat, q.lon, SEARCH_RADIUS_METERS);
  const rows = await readQuery<CandidateRow>(dataSource, CANDIDATES_SQL, [
    q.need,
    q.lat,
    q.lon,
    q.districtCode,
    q.publics,
    q.freeOnly,
    q.passNumerique,
    SEARCH_RADIUS_METERS,
    q.when,
    box.latMin,
    box.latMax,
    box.lonMin,
    box.lonMax,
  ]);
  for (const row of rows) {
    row.distance_m = row.distance_m === null ? null : Number(row.distance_m);
    row.median_hours = row.median_hours === null ? null : Number(row.median_hours);
  }
  return rows;
}
