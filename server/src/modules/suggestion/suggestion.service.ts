import { In } from "typeorm";
import type { Context } from "../../graphql/context";
import { badInput } from "../../graphql/errors";
import { assertDistrictCode } from "../district/district-code";
import { districtCentre } from "../district/district-locator";
import { ServiceOffer } from "../offer/offer.entity";
import { checkOpeningHours, nextChanges } from "../structure/opening-hours";
import { Structure } from "../structure/structure.entity";
import type { Public, ServiceCategory } from "../vocabulary/vocabulary.enums";
import { scoreComponents, totalScore } from "./suggestion.ranking";
import type { Suggestion, SuggestionOrigin } from "./suggestion.type";

/** Candidates are the offers within this radius (or in the origin district). */
const SEARCH_RADIUS_METERS = 20_000;
const MAX_CANDIDATES = 300;
const WEEK_MS = 7 * 24 * 3600_000;

export interface SuggestArgs {
  need: ServiceCategory;
  from: SuggestionOrigin;
  publics?: Public[] | null;
  when?: Date | null;
  freeOnly?: boolean | null;
  passNumerique?: boolean | null;
  first: number;
}

async function origin(ctx: Context, from: SuggestionOrigin) {
  const hasPoint = from.lat != null && from.lon != null;
  if (from.districtCode && (from.lat != null || from.lon != null)) {
    throw badInput("from takes a districtCode or lat and lon, not both", "from");
  }
  if (hasPoint) {
    if (!(from.lat! >= -90 && from.lat! <= 90 && from.lon! >= -180 && from.lon! <= 180)) {
      throw badInput("from.lat must be within -90..90 and from.lon within -180..180", "from");
    }
    return { lat: from.lat!, lon: from.lon!, districtCode: null as string | null };
  }
  if (!from.districtCode) throw badInput("from needs a districtCode, or lat and lon", "from");
  assertDistrictCode(from.districtCode, "from.districtCode");
  const district = await ctx.loaders.districtByCode.load(from.districtCode);
  if (!district) throw badInput(`unknown district ${from.districtCode}`, "from.districtCode");
  return { ...districtCentre(district.geometry), districtCode: district.code };
}

function opensWithinWeek(openingHours: string | null, when: Date): boolean | null {
  if (!openingHours) return null;
  const check = checkOpeningHours(openingHours);
  if (!check.ok) return null;
  const next = nextChanges(check.parser, when);
  return (
    next.open ||
    (next.nextOpening !== null && next.nextOpening.getTime() - when.getTime() <= WEEK_MS)
  );
}

/**
 * Ranked structures for a need, each with its best offer and the components of its score.
 * One SQL statement gathers the candidates with their load and 90-day history; the score is
 * computed here (opening hours need the library), then sorted.
 */
export async function suggestStructures(ctx: Context, args: SuggestArgs): Promise<Suggestion[]> {
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > 50) {
    throw badInput("first must be an integer from 1 to 50", "first");
  }
  const from = await origin(ctx, args.from);
  const when = args.when ?? new Date();
  const publics = args.publics ?? [];
  const rows: Record<string, unknown>[] = await ctx.dataSource.query(
    `WITH candidates AS (
       SELECT o.id AS offer_id, s.id AS structure_id,
              geo_distance_m($2::float8, $3::float8, s.latitude, s.longitude) AS distance_m
         FROM service_offer o JOIN structure s ON s.id = o.structure_id
        WHERE o.active AND o.category = $1 AND s.archived_at IS NULL
          AND (cardinality($5::text[]) = 0 OR cardinality(o.publics) = 0 OR o.publics && $5::text[])
          AND (NOT $6 OR 'FREE' = ANY(o.fees))
          AND (NOT $7 OR 'PASS_NUMERIQUE' = ANY(o.fees))
          AND (s.district_code = $4 OR geo_distance_m($2::float8, $3::float8, s.latitude, s.longitude) <= $8)
        ORDER BY distance_m NULLS LAST LIMIT ${MAX_CANDIDATES}
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
     SELECT c.offer_id, c.structure_id, c.distance_m,
            coalesce(h.answered, 0) AS answered, coalesce(h.accepted, 0) AS accepted,
            h.median_hours, coalesce(h.open_referrals, 0) AS open_referrals
       FROM candidates c LEFT JOIN history h ON h.structure_id = c.structure_id`,
    [
      args.need,
      from.lat,
      from.lon,
      from.districtCode,
      publics,
      Boolean(args.freeOnly),
      Boolean(args.passNumerique),
      SEARCH_RADIUS_METERS,
      when,
    ],
  );
  if (rows.length === 0) return [];
  const [offers, structures] = await Promise.all([
    ctx.dataSource
      .getRepository(ServiceOffer)
      .findBy({ id: In(rows.map((r) => r.offer_id as string)) }),
    ctx.loaders.structureById.loadMany([...new Set(rows.map((r) => r.structure_id as string))]),
  ]);
  const offerById = new Map(offers.map((o) => [o.id, o]));
  const structureById = new Map(
    structures.filter((s): s is Structure => s instanceof Structure).map((s) => [s.id, s]),
  );
  const best = new Map<string, Suggestion>();
  // Candidates share a few opening-hours values: evaluate each value once for this `when`.
  const openSoon = new Map<string | null, boolean | null>();
  const opensSoon = (hours: string | null) => {
    if (!openSoon.has(hours)) openSoon.set(hours, opensWithinWeek(hours, when));
    return openSoon.get(hours)!;
  };
  for (const row of rows) {
    const offer = offerById.get(row.offer_id as string);
    const structure = structureById.get(row.structure_id as string);
    if (!offer || !structure) continue;
    const distance = row.distance_m === null ? null : Number(row.distance_m);
    const why = scoreComponents(
      {
        offerPublics: offer.publics,
        offerFees: offer.fees,
        distanceMeters: distance,
        sameDistrict:
          from.districtCode !== null ? structure.districtCode === from.districtCode : false,
        opensWithinWeek: opensSoon(structure.openingHours),
        capacityPerWeek: offer.capacityPerWeek,
        openReferrals: Number(row.open_referrals),
        answered: Number(row.answered),
        accepted: Number(row.accepted),
        medianHoursToAnswer: row.median_hours === null ? null : Number(row.median_hours),
      },
      publics,
    );
    const suggestion = { structure, offer, score: totalScore(why), distanceMeters: distance, why };
    const current = best.get(structure.id);
    if (!current || suggestion.score > current.score) best.set(structure.id, suggestion);
  }
  return [...best.values()]
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.distanceMeters ?? Infinity) - (b.distanceMeters ?? Infinity) ||
        a.structure.name.localeCompare(b.structure.name, "fr"),
    )
    .slice(0, args.first);
}
