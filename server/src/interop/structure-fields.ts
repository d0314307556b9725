import { FieldErrors } from "../graphql/results";
import {
  checkStructureInput,
  type StructureValues,
} from "../modules/structure/structure-edit.validation";
import type { UpdateStructureInput } from "../modules/structure/structure.input";
import type { IssueInput } from "./import-report";

/** Fields of a structure as a file gives them: absent is undefined, an empty cell is null. */
export type StructureFields = Omit<
  UpdateStructureInput,
  "districtCode" | "deriveDistrict" | "parentId" | "openingHours"
>;

/**
 * The directory's own checks and normalisation of a structure (text lengths, pivot checksums,
 * phone numbers, e-mails, web addresses, coordinates), as the edit forms apply them, with each
 * error reported on the file's column (`columnOf` maps our field names to the format's).
 * Columns in `alreadyReported` had a problem found before: theirs are not repeated.
 */
export function checkStructureFields(
  fields: StructureFields,
  columnOf: Record<string, string>,
  at: { line: number; recordId: string | null },
  issues: IssueInput[],
  alreadyReported: Set<string>,
): StructureValues {
  const errors = new FieldErrors();
  const { values } = checkStructureInput(fields as UpdateStructureInput, errors);
  for (const error of errors.result()?.fields ?? []) {
    const [field, index] = error.path.split(".");
    const column = columnOf[field] ?? field;
    if (alreadyReported.has(column)) continue;
    const given = fields[field as keyof StructureFields];
    const value = Array.isArray(given) && index !== undefined ? given[Number(index)] : given;
    issues.push({
      ...at,
      column,
      code: error.code,
      message: error.message,
      value: value === null || value === undefined ? null : String(value),
    });
  }
  return values;
}

/** Coordinates as files write them: a decimal point or a French decimal comma. */
export function parseCoordinate(value: string): number | null {
  const text = value.trim().replace(",", ".");
  if (!/^[-+]?\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}

/** YYYY-MM-DD and a real day of the calendar. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A web address without its scheme ("www.exemple.fr") gets https://, as browsers do. */
export function withScheme(url: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}`;
}
