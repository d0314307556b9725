import { FieldErrors } from "../../graphql/results";
import { ContactChannel } from "../referral/referral.enums";
import type { ResidentInput } from "../referral/referral.input";
import { normalisePhone } from "../referral/referral.validation";
import { MIN_YEAR, parisDay, yearOf } from "./programme-dates";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const LANGUAGE = /^[a-z]{2,3}$/;

/** Trims `value`, records REQUIRED or TOO_LONG at `path`; null for empty. */
export function text(
  errors: FieldErrors,
  path: string,
  value: string | null | undefined,
  max: number,
  required: boolean,
): string | null {
  const trimmed = value?.trim() ?? "";
  if (required && trimmed === "") errors.add(path, "REQUIRED", "Ce champ est obligatoire.");
  else if (trimmed.length > max) errors.add(path, "TOO_LONG", `${max} caractères au plus.`);
  return trimmed === "" ? null : trimmed;
}

/** An integer from `min` to `max`, or OUT_OF_RANGE at `path`. */
export function intRange(
  errors: FieldErrors,
  path: string,
  value: number,
  min: number,
  max: number,
) {
  if (!Number.isInteger(value) || value < min || value > max) {
    errors.add(path, "OUT_OF_RANGE", `Un nombre entier de ${min} à ${max}.`);
  }
}

/** The same minimal resident data as a referral's, checked and normalised the same way. */
export function checkResident(errors: FieldErrors, resident: ResidentInput) {
  const firstName = text(errors, "resident.firstName", resident.firstName, 100, true);
  const lastName = text(errors, "resident.lastName", resident.lastName, 100, false);
  let contactValue = resident.contactValue.trim();
  if (resident.contactChannel === ContactChannel.PHONE) {
    const phone = normalisePhone(contactValue);
    if (!phone)
      errors.add("resident.contactValue", "INVALID_FORMAT", "Numéro de téléphone invalide.");
    else contactValue = phone;
  } else if (!EMAIL.test(contactValue) || contactValue.length > 254) {
    errors.add("resident.contactValue", "INVALID_FORMAT", "Adresse e-mail invalide.");
  }
  const languages = [...new Set((resident.languages ?? []).map((l) => l.trim().toLowerCase()))];
  if (languages.length > 10 || languages.some((l) => !LANGUAGE.test(l))) {
    errors.add(
      "resident.languages",
      "INVALID_FORMAT",
      "Codes de langue ISO 639 attendus (par exemple fr, ar), 10 au plus.",
    );
  }
  return {
    firstName,
    lastName,
    contactChannel: resident.contactChannel,
    contactValue,
    languages,
    accessibilityNeeds: [...new Set(resident.accessibilityNeeds ?? [])],
  };
}

/** A day in the past or today (Paris), not before the programme's earliest year. */
export function checkPastDay(errors: FieldErrors, path: string, day: string): void {
  if (day > parisDay()) errors.add(path, "IN_FUTURE", "Cette date est dans le futur.");
  else if (yearOf(day) < MIN_YEAR) errors.add(path, "OUT_OF_RANGE", "Date trop ancienne.");
}
