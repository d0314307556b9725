import { parisToday } from "./format";

/** The charter as typed: a day and three signatories. */
export interface CharterDraft {
  signedOn: string;
  familySignatory: string;
  citySignatory: string;
  associationSignatory: string;
}

export const emptyCharter = (): CharterDraft => ({
  signedOn: parisToday(),
  familySignatory: "",
  citySignatory: "",
  associationSignatory: "",
});

/** Required fields of the charter left empty, by their path under `prefix`. */
export function charterErrors(c: CharterDraft, prefix: string, required: string) {
  const errors: Record<string, string> = {};
  for (const key of [
    "signedOn",
    "familySignatory",
    "citySignatory",
    "associationSignatory",
  ] as const)
    if (!c[key].trim()) errors[`${prefix}${key}`] = required;
  return errors;
}

/** The mutation's CharterInput, trimmed. */
export const charterInput = (c: CharterDraft) => ({
  signedOn: c.signedOn,
  familySignatory: c.familySignatory.trim(),
  citySignatory: c.citySignatory.trim(),
  associationSignatory: c.associationSignatory.trim(),
});
