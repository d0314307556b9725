import { FieldErrors } from "../../graphql/results";
import { ALLOCATION_CONSENT_WORDINGS } from "./allocation.consent";
import type { CharterInput, CreateAllocationInput } from "./allocation.input";
import { checkPastDay, checkResident, text } from "./programme.validation";

export interface CharterValues {
  charterSignedOn: string;
  charterFamilySignatory: string;
  charterCitySignatory: string;
  charterAssociationSignatory: string;
}

/** The three signatures and their day; `prefix` places the errors in the input. */
export function checkCharter(
  errors: FieldErrors,
  charter: CharterInput,
  prefix = "",
): CharterValues {
  checkPastDay(errors, `${prefix}signedOn`, charter.signedOn);
  const signatory = (name: keyof CharterInput) =>
    text(errors, `${prefix}${name}`, charter[name], 200, true) ?? "";
  return {
    charterSignedOn: charter.signedOn,
    charterFamilySignatory: signatory("familySignatory"),
    charterCitySignatory: signatory("citySignatory"),
    charterAssociationSignatory: signatory("associationSignatory"),
  };
}

/** Checks a new loan's own fields; references (device, wave, household…) are checked by the service. */
export function checkCreateAllocation(input: CreateAllocationInput) {
  const errors = new FieldErrors();
  const resident = checkResident(errors, input.resident);
  if (!input.resident.districtCode)
    errors.add("resident.districtCode", "REQUIRED", "Le quartier de résidence est obligatoire.");
  const schoolName = text(errors, "schoolName", input.schoolName, 200, false);
  if (!input.consent.given) {
    errors.add(
      "consent.given",
      "CONSENT_REQUIRED",
      "Le consentement de la famille est obligatoire.",
    );
  }
  if (!(input.consent.wordingVersion in ALLOCATION_CONSENT_WORDINGS)) {
    errors.add(
      "consent.wordingVersion",
      "UNKNOWN_VERSION",
      "Version du texte de consentement inconnue.",
    );
  }
  const charter = input.charter ? checkCharter(errors, input.charter, "charter.") : null;
  return { errors, values: { resident, schoolName, charter } };
}
