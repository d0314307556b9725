import { FieldErrors } from "../../graphql/results";
import { CONSENT_WORDINGS } from "./consent";
import { ContactChannel, DeclineReason } from "./referral.enums";
import type { CompleteInput, CreateReferralInput, DeclineInput } from "./referral.input";

export const SITUATION_MAX = 1000;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const LANGUAGE = /^[a-z]{2,3}$/;

/** French numbers become +33…; international ones keep their +prefix; null when not a phone number. */
export function normalisePhone(raw: string): string | null {
  const compact = raw.replace(/[\s.\-()]/g, "");
  if (/^0[1-9]\d{8}$/.test(compact)) return `+33${compact.slice(1)}`;
  if (/^\+\d{8,15}$/.test(compact)) return compact;
  return null;
}

function text(
  errors: FieldErrors,
  path: string,
  value: string | null | undefined,
  max: number,
  required: boolean,
) {
  const trimmed = value?.trim() ?? "";
  if (required && trimmed === "") errors.add(path, "REQUIRED", "Ce champ est obligatoire.");
  else if (trimmed.length > max) errors.add(path, "TOO_LONG", `${max} caractères au plus.`);
  return trimmed === "" ? null : trimmed;
}

/** Checks and normalises a new referral's input; resolves to the values to store or the errors. */
export function validateCreateReferral(input: CreateReferralInput) {
  const errors = new FieldErrors();
  const firstName = text(errors, "resident.firstName", input.resident.firstName, 100, true);
  const lastName = text(errors, "resident.lastName", input.resident.lastName, 100, false);
  const situation = text(errors, "situation", input.situation, SITUATION_MAX, false);
  let contactValue = input.resident.contactValue.trim();
  if (input.resident.contactChannel === ContactChannel.PHONE) {
    const phone = normalisePhone(contactValue);
    if (!phone)
      errors.add("resident.contactValue", "INVALID_FORMAT", "Numéro de téléphone invalide.");
    else contactValue = phone;
  } else if (!EMAIL.test(contactValue) || contactValue.length > 254) {
    errors.add("resident.contactValue", "INVALID_FORMAT", "Adresse e-mail invalide.");
  }
  const languages = [
    ...new Set((input.resident.languages ?? []).map((l) => l.trim().toLowerCase())),
  ];
  if (languages.length > 10 || languages.some((l) => !LANGUAGE.test(l))) {
    errors.add(
      "resident.languages",
      "INVALID_FORMAT",
      "Codes de langue ISO 639 attendus (par exemple fr, ar), 10 au plus.",
    );
  }
  if (!input.consent.given) {
    errors.add(
      "consent.given",
      "CONSENT_REQUIRED",
      "Le consentement de la personne est obligatoire.",
    );
  }
  if (!(input.consent.wordingVersion in CONSENT_WORDINGS)) {
    errors.add(
      "consent.wordingVersion",
      "UNKNOWN_VERSION",
      "Version du texte de consentement inconnue.",
    );
  }
  if (input.senderStructureId === input.receiverStructureId) {
    errors.add(
      "receiverStructureId",
      "SAME_STRUCTURE",
      "Une structure ne s'oriente pas une personne à elle-même.",
    );
  }
  return {
    errors,
    values: {
      firstName,
      lastName,
      situation,
      contactValue,
      languages,
      accessibilityNeeds: [...new Set(input.resident.accessibilityNeeds ?? [])],
    },
  };
}

export function validateDecline(input: DeclineInput) {
  const errors = new FieldErrors();
  const comment = text(
    errors,
    "comment",
    input.comment,
    1000,
    input.reason === DeclineReason.OTHER,
  );
  return { errors, comment };
}

export function validateComplete(input: CompleteInput) {
  const errors = new FieldErrors();
  const comment = text(errors, "comment", input.comment, 1000, false);
  return { errors, comment };
}
