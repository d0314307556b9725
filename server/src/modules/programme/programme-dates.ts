import { PARIS } from "../structure/paris-time";

const DAY = new Intl.DateTimeFormat("en-CA", {
  timeZone: PARIS,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar day in Paris, YYYY-MM-DD: what "today" means to the people recording it. */
export const parisDay = (at: Date = new Date()) => DAY.format(at);

export const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Years the programme accepts in arguments and dates. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** The year of a YYYY-MM-DD day (LocalDate scalar values are already valid days). */
export const yearOf = (day: string) => Number(day.slice(0, 4));
