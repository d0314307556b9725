import OpeningHoursParser from "opening_hours";
import type { EntityManager } from "typeorm";
import { fromParisWallDate, toParisWallDate } from "./paris-time";
import { directoryWritten } from "../../db/directory-writes";

/** Nantes, so that `PH` (French public holidays) and `SH` (school holidays) resolve. */
const NANTES = {
  lat: 47.2184,
  lon: -1.5536,
  address: { country_code: "fr", state: "Pays de la Loire" },
};

export const MINUTES_PER_WEEK = 7 * 24 * 60;

export type OpeningHoursCheck =
  | { ok: true; parser: OpeningHoursParser; normalized: string; warnings: string[] }
  | { ok: false; message: string };

/**
 * Parses an OSM `opening_hours` value. The library repairs common slips ("Lu-Ve 9h-12h"): the
 * repaired, canonical form is what gets stored, and its warnings say what was repaired. The
 * message of a failure says what is wrong, in one line.
 */
export function checkOpeningHours(value: string): OpeningHoursCheck {
  // A network uses a few dozen distinct values: parse each once (the parser is read-only after).
  let checked = parsed.get(value);
  if (!checked) {
    checked = parse(value);
    if (parsed.size >= PARSED_CACHE_SIZE) parsed.clear();
    parsed.set(value, checked);
  }
  return checked;
}

const PARSED_CACHE_SIZE = 2_000;
const parsed = new Map<string, OpeningHoursCheck>();

function parse(value: string): OpeningHoursCheck {
  const trimmed = value.trim();
  if (trimmed === "") return { ok: false, message: "opening hours are empty" };
  if (trimmed.length > 500)
    return { ok: false, message: "opening hours are longer than 500 characters" };
  try {
    const parser = new OpeningHoursParser(trimmed, NANTES);
    const warnings = parser.getWarnings().map((w) => w.split("\n")[0]);
    return { ok: true, parser, normalized: parser.prettifyValue(), warnings };
  } catch (error) {
    const first = String(error instanceof Error ? error.message : error).split("\n")[0];
    return { ok: false, message: `invalid opening hours (OSM syntax): ${first}` };
  }
}

export interface WeeklyInterval {
  /** Minutes since Monday 00:00, Paris wall time. */
  opensAt: number;
  closesAt: number;
}

// A week without public or school holidays in Nantes: Monday 13 to Monday 20 January 2025.
const REFERENCE_WEEK = { start: [2025, 0, 13] as const, end: [2025, 0, 20] as const };

const minuteOfWeek = (d: Date) =>
  ((d.getDay() + 6) % 7) * 1440 + d.getHours() * 60 + d.getMinutes();

/**
 * The regular weekly pattern of `parser`, from a reference week: rules for holidays or dates are
 * not weekly, so SQL filtering uses this pattern while `nextChanges` asks the library itself.
 * Intervals whose state is "unknown" (e.g. "on appointment") are not counted as open.
 */
export function weeklyIntervals(parser: OpeningHoursParser): WeeklyInterval[] {
  const from = new Date(...REFERENCE_WEEK.start);
  const to = new Date(...REFERENCE_WEEK.end);
  return parser
    .getOpenIntervals(from, to)
    .filter(([, , unknown]) => !unknown)
    .map(([start, end]) => ({
      opensAt: minuteOfWeek(start),
      closesAt: end.getTime() >= to.getTime() ? MINUTES_PER_WEEK : minuteOfWeek(end),
    }))
    .filter((i) => i.opensAt < i.closesAt);
}

/** Open now, and the next opening and closing instants within two weeks (null when none). */
export function nextChanges(parser: OpeningHoursParser, now: Date) {
  const wallNow = toParisWallDate(now);
  const horizon = new Date(wallNow.getTime() + 14 * 24 * 3600_000);
  const open = parser.getState(wallNow);
  let nextOpening: Date | null = null;
  let nextClosing: Date | null = null;
  let cursor = wallNow;
  let state = open;
  for (let i = 0; i < 4 && (!nextOpening || !nextClosing); i++) {
    const change = parser.getNextChange(cursor, horizon);
    if (!change) break;
    state = parser.getState(change);
    if (state && !nextOpening) nextOpening = change;
    if (!state && !nextClosing) nextClosing = change;
    cursor = change;
  }
  return {
    open,
    nextOpening: nextOpening && fromParisWallDate(nextOpening),
    nextClosing: nextClosing && fromParisWallDate(nextClosing),
  };
}

/** Replaces a structure's stored weekly intervals (call with the transaction's manager). */
export async function storeOpeningIntervals(
  em: EntityManager,
  structureId: string,
  openingHours: string | null,
): Promise<void> {
  directoryWritten(em);
  await em.query(`DELETE FROM structure_opening_interval WHERE structure_id = $1`, [structureId]);
  if (!openingHours) return;
  const check = checkOpeningHours(openingHours);
  if (!check.ok) throw new Error(`stored opening hours are invalid: ${check.message}`);
  const intervals = weeklyIntervals(check.parser);
  if (intervals.length === 0) return;
  await em.query(
    `INSERT INTO structure_opening_interval (structure_id, opens_at, closes_at)
     SELECT $1, o, c FROM unnest($2::int[], $3::int[]) AS t(o, c)`,
    [structureId, intervals.map((i) => i.opensAt), intervals.map((i) => i.closesAt)],
  );
}

const clock = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

type OpeningHoursView = {
  osm: string;
  openNow: boolean;
  nextOpeningAt: Date | null;
  nextClosingAt: Date | null;
  weekly: { day: number; opens: string; closes: string }[];
};

// Opening hours have minute precision: within one minute every answer is the same, so a page of
// the directory asks the library once per distinct value and minute, not once per structure.
const MINUTE_MS = 60_000;
const DESCRIBED_CACHE_SIZE = 5_000;
const described = new Map<string, OpeningHoursView | null>();
const weeklyByValue = new Map<string, OpeningHoursView["weekly"]>();

function weeklyView(osm: string, parser: OpeningHoursParser): OpeningHoursView["weekly"] {
  let weekly = weeklyByValue.get(osm);
  if (!weekly) {
    weekly = weeklyIntervals(parser).map(({ opensAt, closesAt }) => {
      const day = Math.floor(opensAt / 1440);
      return {
        day: day + 1,
        opens: clock(opensAt - day * 1440),
        closes: clock(closesAt - day * 1440),
      };
    });
    if (weeklyByValue.size >= PARSED_CACHE_SIZE) weeklyByValue.clear();
    weeklyByValue.set(osm, weekly);
  }
  return weekly;
}

/** What `Structure.openingHours` shows; null when the stored value cannot be read. */
export function describeOpeningHours(osm: string, now: Date): OpeningHoursView | null {
  const minute = Math.floor(now.getTime() / MINUTE_MS);
  const key = `${minute}\u0000${osm}`;
  if (described.has(key)) return described.get(key)!;
  const check = checkOpeningHours(osm);
  let view: OpeningHoursView | null = null;
  if (check.ok) {
    const changes = nextChanges(check.parser, new Date(minute * MINUTE_MS));
    view = {
      osm,
      openNow: changes.open,
      nextOpeningAt: changes.nextOpening,
      nextClosingAt: changes.nextClosing,
      weekly: weeklyView(osm, check.parser),
    };
  }
  if (described.size >= DESCRIBED_CACHE_SIZE) described.clear();
  described.set(key, view);
  return view;
}
