/**
 * Identifiers of French organisations. The national standard accepts 9 to 14 letters or digits;
 * we check what each kind really is: SIRET (14 digits) and SIREN (9 digits) carry a Luhn
 * checksum, RNA numbers are W followed by 9 characters.
 */

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// La Poste's establishments share one SIREN whose SIRETs follow another rule (sum divisible by 5).
const LA_POSTE_SIREN = "356000000";

export function isValidSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  if (value.startsWith(LA_POSTE_SIREN)) {
    return [...value].reduce((sum, d) => sum + Number(d), 0) % 5 === 0;
  }
  return luhn(value);
}

export function isValidSiren(value: string): boolean {
  return /^\d{9}$/.test(value) && luhn(value);
}

export function isValidRna(value: string): boolean {
  return /^W[0-9A-Z]{9}$/.test(value);
}

/** Returns why `pivot` is not a SIRET, SIREN or RNA number, or null when it is one. */
export function pivotProblem(pivot: string): string | null {
  if (/^\d{14}$/.test(pivot)) return isValidSiret(pivot) ? null : "SIRET checksum is wrong";
  if (/^\d{9}$/.test(pivot)) return isValidSiren(pivot) ? null : "SIREN checksum is wrong";
  if (/^W/i.test(pivot)) {
    return isValidRna(pivot) ? null : "an RNA number is W followed by 9 digits or capital letters";
  }
  return "expected a SIRET (14 digits), a SIREN (9 digits) or an RNA number (W + 9 characters)";
}
