/**
 * Europe/Paris wall time ↔ instants. The `opening_hours` library reads dates in the process's
 * local zone; we hand it "wall-clock dates" (local fields = Paris wall time) and convert back,
 * so results are right whatever zone the server runs in.
 */
export const PARIS = "Europe/Paris";

const formatter = new Intl.DateTimeFormat("en-GB", {
  timeZone: PARIS,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

interface Wall {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function formatWall(instant: Date): Wall {
  const parts = Object.fromEntries(
    formatter.formatToParts(instant).map((p) => [p.type, Number(p.value)]),
  );
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

const HOUR_MS = 3600_000;
// Paris changes its offset at whole UTC hours only: the offset of each UTC hour is asked once
// (Intl's formatToParts costs microseconds, and an opening-hours answer needs several).
const offsetByHour = new Map<number, number>();

function parisOffsetMs(instant: Date): number {
  const hour = Math.floor(instant.getTime() / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const start = new Date(hour * HOUR_MS);
    offset = wallAsUtc(formatWall(start)) - start.getTime();
    if (offsetByHour.size >= 10_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

function parisWall(instant: Date): Wall {
  const wall = new Date(instant.getTime() + parisOffsetMs(instant));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

const wallAsUtc = (w: Wall) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/**
 * Minutes since Monday 00:00 of Paris wall time at `instant` (0–10079), as the weekly opening
 * intervals are stored: PostgreSQL's `paris_minute_of_week`, computed here so that the
 * directory's statements receive it as a plain parameter.
 */
export function parisMinuteOfWeek(instant: Date): number {
  const wall = new Date(instant.getTime() + parisOffsetMs(instant));
  return ((wall.getUTCDay() + 6) % 7) * 1440 + wall.getUTCHours() * 60 + wall.getUTCMinutes();
}

/** The Paris wall time of `instant`, as a Date whose local fields carry it. */
export function toParisWallDate(instant: Date): Date {
  const w = parisWall(instant);
  return new Date(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The instant at which Paris wall clocks show the local fields of `wall`. */
export function fromParisWallDate(wall: Date): Date {
  const target = wallAsUtc({
    year: wall.getFullYear(),
    month: wall.getMonth() + 1,
    day: wall.getDate(),
    hour: wall.getHours(),
    minute: wall.getMinutes(),
    second: wall.getSeconds(),
  });
  // Paris is UTC+1 or UTC+2: two corrections settle on the offset in force at that wall time.
  let guess = target - 3600_000;
  for (let i = 0; i < 2; i++) guess = target - (wallAsUtc(parisWall(new Date(guess))) - guess);
  return new Date(guess);
}
