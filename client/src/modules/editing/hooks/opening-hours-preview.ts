export interface PreviewInterval {
  day: number;
  opens: string;
  closes: string;
}

export interface OpeningHoursPreview {
  weekly: PreviewInterval[];
  /** Closed on public holidays (`PH off`). */
  holidaysOff: boolean;
}

const DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
const TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;

function days(spec: string): number[] | null {
  const result: number[] = [];
  for (const part of spec.split(",")) {
    const [from, to] = part.split("-");
    const a = DAYS.indexOf(from);
    const b = to === undefined ? a : DAYS.indexOf(to);
    if (a < 0 || b < 0) return null;
    for (let d = a; ; d = (d + 1) % 7) {
      result.push(d + 1);
      if (d === b) break;
    }
  }
  return result;
}

function times(spec: string): { opens: string; closes: string }[] | null {
  if (spec === "off" || spec === "closed") return [];
  const result: { opens: string; closes: string }[] = [];
  for (const part of spec.split(",")) {
    const [opens, closes] = part.split("-");
    if (!TIME.test(opens ?? "") || !TIME.test(closes ?? "") || opens >= closes) return null;
    result.push({ opens, closes });
  }
  return result;
}

/**
 * A readable preview of the common OSM `opening_hours` forms (`Mo-Fr 09:00-12:00,14:00-17:00;
 * Sa 10:00-12:00; PH off`, `24/7`). Anything else gives null: the server, which knows the whole
 * syntax, validates it when the form is saved.
 */
export function previewOpeningHours(value: string): OpeningHoursPreview | null {
  const text = value.trim();
  if (!text) return { weekly: [], holidaysOff: false };
  if (text === "24/7")
    return {
      weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, opens: "00:00", closes: "24:00" })),
      holidaysOff: false,
    };
  const week = new Map<number, { opens: string; closes: string }[]>();
  let holidaysOff = false;
  for (const rule of text
    .split(";")
    .map((r) => r.trim())
    .filter(Boolean)) {
    const [daySpec, ...rest] = rule.split(/\s+/);
    const timeSpec = rest.join("");
    if (daySpec === "PH" && (timeSpec === "off" || timeSpec === "closed")) {
      holidaysOff = true;
      continue;
    }
    const ruleDays = days(daySpec);
    const ruleTimes = times(timeSpec);
    if (!ruleDays || !ruleTimes) return null;
    for (const d of ruleDays) week.set(d, ruleTimes); // a later rule replaces the day, as in OSM
  }
  const weekly = [...week.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([day, list]) => list.map((t) => ({ day, ...t })));
  return { weekly, holidaysOff };
}
