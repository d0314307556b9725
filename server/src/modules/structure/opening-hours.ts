import OpeningHoursParser from "opening_hours";

/** Nantes, so that `PH` (French public holidays) and `SH` (school holidays) resolve. */
const NANTES = {
  lat: 47.2184,
  lon: -1.5536,
  address: { country_code: "fr", state: "Pays de la Loire" },
};

export type OpeningHoursCheck =
  | { ok: true; parser: OpeningHoursParser; normalized: string; warnings: string[] }
  | { ok: false; message: string };

/**
 * Parses an OSM `opening_hours` value. The library repairs common slips ("Lu-Ve 9h-12h"): the
 * repaired, canonical form is what gets stored, and its warnings say what was repaired. The
 * message of a failure says what is wrong, in one line.
 */
export function checkOpeningHours(value: string): OpeningHoursCheck {
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
