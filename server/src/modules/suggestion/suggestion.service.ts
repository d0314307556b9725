import { hydrate, selectColumns } from "../../db/hydrate";
import { readQuery } from "../../db/read-query";
import type { Context } from "../../graphql/context";
import { badInput } from "../../graphql/errors";
import { assertDistrictCode } from "../district/district-code";
import { districtCentre } from "../district/district-locator";
import { ServiceOffer } from "../offer/offer.entity";
import { checkOpeningHours, nextChanges } from "../structure/opening-hours";
import { Structure } from "../structure/structure.entity";
import type { Public, ServiceCategory } from "../vocabulary/vocabulary.enums";
import { type CandidateRow, candidateOffers } from "./suggestion.candidates";
import { type Component, scoreComponents, totalScore } from "./suggestion.ranking";
import type { Suggestion, SuggestionOrigin } from "./suggestion.type";

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
 * One SQL statement gathers the candidates with what the ranking reads, their load and 90-day
 * history; the score is computed here (opening hours need the library), then sorted; only the
 * winners' structures and offers are then read in full.
 */
export async function suggestStructures(ctx: Context, args: SuggestArgs): Promise<Suggestion[]> {
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > 50) {
    throw badInput("first must be an integer from 1 to 50", "first");
  }
  const from = await origin(ctx, args.from);
  const when = args.when ?? new Date();
  const publics = args.publics ?? [];
  const rows = await candidateOffers(ctx.dataSource, {
    need: args.need,
    lat: from.lat,
    lon: from.lon,
    districtCode: from.districtCode,
    publics,
    freeOnly: Boolean(args.freeOnly),
    passNumerique: Boolean(args.passNumerique),
    when,
  });
  if (rows.length === 0) return [];
  const best = new Map<string, Ranked>();
  // Candidates share a few opening-hours values: evaluate each value once for this `when`.
  const openSoon = new Map<string | null, boolean | null>();
  const opensSoon = (hours: string | null) => {
    if (!openSoon.has(hours)) openSoon.set(hours, opensWithinWeek(hours, when));
    return openSoon.get(hours)!;
  };
  for (const row of rows) {
    const why = scoreComponents(
      {
        offerPublics: row.publics,
        offerFees: row.fees,
        distanceMeters: row.distance_m,
        sameDistrict: from.districtCode !== null ? row.district_code === from.districtCode : false,
        opensWithinWeek: opensSoon(row.opening_hours),
        capacityPerWeek: row.capacity_per_week,
        openReferrals: Number(row.open_referrals),
        answered: Number(row.answered),
        accepted: Number(row.accepted),
        medianHoursToAnswer: row.median_hours,
      },
      publics,
    );
    const ranked = { row, score: totalScore(why), why };
    const current = best.get(row.structure_id);
    if (!current || ranked.score > current.score) best.set(row.structure_id, ranked);
  }
  const winners = [...best.values()]
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.row.distance_m ?? Infinity) - (b.row.distance_m ?? Infinity) ||
        a.row.name.localeCompare(b.row.name, "fr"),
    )
    .slice(0, args.first);
  const { structures, offers } = await winnerEntities(
    ctx,
    winners.map((w) => w.row.structure_id),
    winners.map((w) => w.row.offer_id),
  );
  return winners.flatMap(({ row, score, why }) => {
    const structure = structures.get(row.structure_id);
    const offer = offers.get(row.offer_id);
    // Deleted between the two statements: left out, as a candidate that no longer exists.
    if (!structure || !offer) return [];
    return [{ structure, offer, score, distanceMeters: row.distance_m, why }];
  });
}

interface Ranked {
  row: CandidateRow;
  score: number;
  why: Component[];
}

/** The winners' structures and offers, in full, read at once on two connections. */
async function winnerEntities(ctx: Context, structureIds: string[], offerIds: string[]) {
  const [structureRows, offerRows] = await Promise.all([
    readQuery(
      ctx.dataSource,
      `SELECT ${selectColumns(ctx.dataSource, Structure)} FROM structure WHERE id = ANY($1::uuid[])`,
      [structureIds],
    ),
    readQuery(
      ctx.dataSource,
      `SELECT ${selectColumns(ctx.dataSource, ServiceOffer)} FROM service_offer WHERE id = ANY($1::uuid[])`,
      [offerIds],
    ),
  ]);
  const structures = new Map<string, Structure>();
  for (const structure of hydrate(ctx.dataSource, Structure, structureRows)) {
    structures.set(structure.id, structure);
    ctx.loaders.structureById.prime(structure.id, structure);
  }
  const offers = new Map(
    hydrate(ctx.dataSource, ServiceOffer, offerRows).map((o) => [o.id, o] as const),
  );
  return { structures, offers };
}
