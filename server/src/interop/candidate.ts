import type { ServiceOffer } from "../modules/offer/offer.entity";
import type { Structure } from "../modules/structure/structure.entity";
import {
  checkOpeningHours,
  type WeeklyInterval,
  weeklyIntervals,
} from "../modules/structure/opening-hours";
import {
  openingHoursMessage,
  type StructureValues,
} from "../modules/structure/structure-edit.validation";
import type { ServiceCategory } from "../modules/vocabulary/vocabulary.enums";
import type { IssueInput } from "./import-report";

/*
 * What a record of a file becomes once read and checked, whatever its format: the fields it
 * gives (a field absent from the file is left as it is), ready for the directory writer.
 */

/** What the standard says that the structure's own columns do not hold (kept for exports). */
export interface InteropExtras {
  /** The producer's `date_maj`, YYYY-MM-DD. */
  updatedOn: string;
  typologies?: string[];
  collectedBy?: string | null;
  parentName?: string | null;
}

export type OfferValues = Partial<
  Pick<
    ServiceOffer,
    "title" | "description" | "category" | "publics" | "supportModes" | "accessModes" | "fees"
  >
>;

export interface OfferCandidate {
  /** Key of the offer within its structure, e.g. `lmn:DIGITAL_LEISURE` or a service id. */
  sourceRef: string;
  category: ServiceCategory;
  /** Title and description of a new offer. */
  create: { title: string; description: string | null };
  /** The fields the file gives, applied to new and existing offers. */
  values: OfferValues;
  /** An offer of this category entered by hand (no source) becomes this one instead of a copy. */
  adoptManual: boolean;
}

/** What an import writes: the fields an edit writes, and what geocoding says of the location. */
export type ImportedValues = StructureValues &
  Partial<Pick<Structure, "locationToCheck" | "geocodeScore" | "geocodeLabel" | "geocodeCitycode">>;

export interface StructureCandidate {
  kind: "structure";
  line: number;
  recordId: string;
  name: string;
  values: ImportedValues;
  /** Weekly intervals of `values.openingHours`, when the file gives opening hours. */
  intervals?: WeeklyInterval[];
  extras: InteropExtras;
  /** The offers the record lists; `replaces`: imported offers it does not list are suspended. */
  offers?: { list: OfferCandidate[]; replaces: boolean };
  warnings: IssueInput[];
}

export interface ServiceCandidate {
  kind: "service";
  line: number;
  recordId: string;
  name: string;
  /** The structure's id in the same source. */
  structureRef: string;
  offer: OfferCandidate;
  warnings: IssueInput[];
}

export type Candidate = StructureCandidate | ServiceCandidate;

/** A record refused, with every reason found. */
export interface Rejection {
  kind: "rejected";
  line: number;
  recordId: string | null;
  issues: IssueInput[];
}

/** A record left out on purpose (e.g. a service with no digital theme). */
export interface Skip {
  kind: "skipped";
  warning: IssueInput;
}

export type CheckedRecord = Candidate | Rejection | Skip;

export type HoursCheck =
  { ok: true; normalized: string; intervals: WeeklyInterval[] } | { ok: false; message: string };

// National files repeat a few dozen opening hours thousands of times; parsing costs ~0.5 ms.
const hoursCache = new Map<string, HoursCheck>();

/** `checkOpeningHours`, its canonical form and weekly intervals, remembered by value. */
export function checkHours(value: string): HoursCheck {
  const known = hoursCache.get(value);
  if (known) return known;
  const check = checkOpeningHours(value);
  const result: HoursCheck = check.ok
    ? { ok: true, normalized: check.normalized, intervals: weeklyIntervals(check.parser) }
    : { ok: false, message: openingHoursMessage(check.message) };
  if (hoursCache.size >= 10_000) hoursCache.clear();
  hoursCache.set(value, result);
  return result;
}
