import { Field, Float, InputType, registerEnumType } from "type-graphql";
import { badInput } from "../../graphql/errors";
import { assertDistrictCode } from "../district/district-code";
import { parisMinuteOfWeek } from "../structure/paris-time";
import {
  AccessMode,
  Fee,
  Programme,
  Public,
  ServiceCategory,
  SupportMode,
} from "../vocabulary/vocabulary.enums";

export const MAX_RADIUS_METERS = 50_000;
export const MAX_TEXT_LENGTH = 200;
const MAX_LIST = 50;

export enum DirectoryOrder {
  NAME = "NAME",
  DISTANCE = "DISTANCE",
  RELEVANCE = "RELEVANCE",
}
registerEnumType(DirectoryOrder, {
  name: "DirectoryOrder",
  description: "NAME by default; DISTANCE needs `near`, RELEVANCE needs `text`.",
});

@InputType()
export class NearInput {
  @Field(() => Float)
  lat: number;

  @Field(() => Float)
  lon: number;

  @Field(() => Float, {
    description: `Radius in metres, more than 0 and at most ${MAX_RADIUS_METERS}.`,
  })
  radiusMeters: number;
}

@InputType({
  description:
    "Filters of the directory; every field given narrows the result. Offer criteria (needs, publics, fees, modes) must hold for one same active offer.",
})
export class DirectoryFilter {
  @Field(() => [String], { nullable: true, description: "In any of these districts." })
  districtCodes?: string[] | null;

  @Field(() => [ServiceCategory], { nullable: true, description: "Answering any of these needs." })
  categories?: ServiceCategory[] | null;

  @Field(() => [Public], {
    nullable: true,
    description: "Open to any of these publics (an offer for everyone matches too).",
  })
  publics?: Public[] | null;

  @Field(() => [Fee], {
    nullable: true,
    description: "With any of these fees, e.g. FREE or PASS_NUMERIQUE.",
  })
  fees?: Fee[] | null;

  @Field(() => [SupportMode], { nullable: true })
  supportModes?: SupportMode[] | null;

  @Field(() => [AccessMode], { nullable: true })
  accessModes?: AccessMode[] | null;

  @Field(() => [Programme], {
    nullable: true,
    description: "Belonging to any of these programmes.",
  })
  programmes?: Programme[] | null;

  @Field(() => Date, {
    nullable: true,
    description: "Open at this instant (weekly hours, Paris time).",
  })
  openAt?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "Open now; cannot be combined with openAt.",
  })
  openNow?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: `French full text (accents and case ignored, stemmed), ${MAX_TEXT_LENGTH} characters at most.`,
  })
  text?: string | null;

  @Field(() => NearInput, { nullable: true, description: "Within a radius of a point." })
  near?: NearInput | null;
}

/** Numbered SQL parameters. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function checkList(name: string, list: unknown[] | null | undefined): void {
  if (list && list.length > MAX_LIST)
    throw badInput(`${name} accepts at most ${MAX_LIST} values`, "filter");
}

/** Refuses filters that cannot be answered, with a message naming the field. */
export function validateFilter(
  filter: DirectoryFilter | null | undefined,
  order: DirectoryOrder | null | undefined,
) {
  const f = filter ?? {};
  for (const key of [
    "districtCodes",
    "categories",
    "publics",
    "fees",
    "supportModes",
    "accessModes",
    "programmes",
  ] as const) {
    checkList(key, f[key]);
  }
  for (const code of f.districtCodes ?? []) assertDistrictCode(code, "filter.districtCodes");
  if (f.text != null && f.text.length > MAX_TEXT_LENGTH) {
    throw badInput(`filter.text is longer than ${MAX_TEXT_LENGTH} characters`, "filter.text");
  }
  if (f.openNow && f.openAt)
    throw badInput("filter.openNow and filter.openAt cannot be combined", "filter.openAt");
  if (f.near) {
    const { lat, lon, radiusMeters } = f.near;
    if (!(lat >= -90 && lat <= 90))
      throw badInput("filter.near.lat must be between -90 and 90", "filter.near.lat");
    if (!(lon >= -180 && lon <= 180))
      throw badInput("filter.near.lon must be between -180 and 180", "filter.near.lon");
    if (!(radiusMeters > 0 && radiusMeters <= MAX_RADIUS_METERS)) {
      throw badInput(
        `filter.near.radiusMeters must be more than 0 and at most ${MAX_RADIUS_METERS}`,
        "filter.near.radiusMeters",
      );
    }
  }
  if (order === DirectoryOrder.DISTANCE && !f.near)
    throw badInput("orderBy DISTANCE needs filter.near", "orderBy");
  const text = f.text?.trim();
  if (order === DirectoryOrder.RELEVANCE && !text)
    throw badInput("orderBy RELEVANCE needs filter.text", "orderBy");
  return {
    filter: f,
    text: text || null,
    order:
      order ??
      (text ? DirectoryOrder.RELEVANCE : f.near ? DirectoryOrder.DISTANCE : DirectoryOrder.NAME),
  };
}

/** Conditions on one active offer `o` (the offer-level criteria). */
export function offerConditions(f: DirectoryFilter, p: Params): string[] {
  const c: string[] = ["o.active"];
  if (f.categories?.length) c.push(`o.category = ANY(${p.add(f.categories)}::text[])`);
  if (f.publics?.length)
    c.push(`(cardinality(o.publics) = 0 OR o.publics && ${p.add(f.publics)}::text[])`);
  if (f.fees?.length) c.push(`o.fees && ${p.add(f.fees)}::text[]`);
  if (f.supportModes?.length) c.push(`o.support_modes && ${p.add(f.supportModes)}::text[]`);
  if (f.accessModes?.length) c.push(`o.access_modes && ${p.add(f.accessModes)}::text[]`);
  return c;
}

/**
 * Whether the needs are the only offer criterion: then "an active offer answering one of them"
 * is the structure's own `offer_categories` (kept by a trigger, GIN-indexed), no `EXISTS`.
 */
export const onlyCategories = (f: DirectoryFilter) =>
  Boolean(
    f.categories?.length &&
    !f.publics?.length &&
    !f.fees?.length &&
    !f.supportModes?.length &&
    !f.accessModes?.length,
  );

export const hasOfferCriteria = (f: DirectoryFilter) =>
  Boolean(
    f.categories?.length ||
    f.publics?.length ||
    f.fees?.length ||
    f.supportModes?.length ||
    f.accessModes?.length,
  );

/** Expressions on the structure `s` for distance (metres) and the text query. */
export function nearExpressions(f: DirectoryFilter, p: Params) {
  if (!f.near) return null;
  const { lat, lon, radiusMeters } = f.near;
  const [pl, pn, pr] = [p.add(lat), p.add(lon), p.add(radiusMeters)];
  // A bounding box first (index on latitude, longitude), then the exact distance.
  const dLat = radiusMeters / 111_320;
  const dLon = radiusMeters / (111_320 * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
  return {
    distance: `geo_distance_m(${pl}::float8, ${pn}::float8, s.latitude, s.longitude)`,
    condition: `s.latitude BETWEEN ${p.add(lat - dLat)} AND ${p.add(lat + dLat)}
      AND s.longitude BETWEEN ${p.add(lon - dLon)} AND ${p.add(lon + dLon)}
      AND geo_distance_m(${pl}::float8, ${pn}::float8, s.latitude, s.longitude) <= ${pr}`,
  };
}

/**
 * `expression` of the statement's parameters, evaluated once per execution (an InitPlan).
 * The app's statements are prepared, and PostgreSQL runs a prepared one on a generic plan after
 * five executions: a function of a parameter is then no longer folded into a constant when the
 * plan is made, and is called again for every row (the text query was parsed again for each of
 * 5,000 matches). As a scalar subquery it is computed once, whatever the plan: a national text
 * search went from about 46 to 20 ms (docs/benchmarks.md).
 */
function once(expression: string): string {
  return `(SELECT ${expression})`;
}

/** The text search's query, parsed once per execution (see `once`). */
export function textQuery(p: Params, text: string): string {
  return once(`websearch_to_tsquery('fr', ${p.add(text)})`);
}

/** Conditions on the structure `s` (structure-level criteria, archived ones excluded). */
export function structureConditions(
  f: DirectoryFilter,
  text: string | null,
  p: Params,
  now: Date,
): string[] {
  const c: string[] = ["s.archived_at IS NULL"];
  if (f.districtCodes?.length) c.push(`s.district_code = ANY(${p.add(f.districtCodes)}::text[])`);
  if (f.programmes?.length) c.push(`s.programmes && ${p.add(f.programmes)}::text[]`);
  const at = f.openNow ? now : f.openAt;
  if (at) {
    // Computed here rather than by paris_minute_of_week(): a plain integer, the interval index
    // is probed with it on any plan (a generic plan called the function at each probe).
    const minute = `${p.add(parisMinuteOfWeek(new Date(at)))}::int`;
    c.push(`EXISTS (SELECT 1 FROM structure_opening_interval i WHERE i.structure_id = s.id
      AND i.opens_at <= ${minute} AND i.closes_at > ${minute})`);
  }
  if (text) c.push(`s.search_vector @@ ${textQuery(p, text)}`);
  return c;
}
