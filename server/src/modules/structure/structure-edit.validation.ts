import { FieldErrors, type ValidationError } from "../../graphql/results";
import { checkOpeningHours } from "./opening-hours";
import type { Structure } from "./structure.entity";
import type { CreateStructureInput, UpdateStructureInput } from "./structure.input";
import { pivotProblem } from "./structure.validation";

/*
 * Checks and normalises edits of the directory. Every check adds its errors to a FieldErrors
 * (all of them are reported at once) and returns the value to store: undefined when the field
 * was left out or is invalid, null when it is cleared.
 */

// Control characters (tab and line breaks aside) have no place in a directory, and PostgreSQL
// refuses NUL in text: refused here rather than failing at the database.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DISTRICT_CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const POSTAL_CODE = /^\d{5}$/;
const INSEE_CODE = /^([013-9]\d|2[AB1-9])\d{3}$/;
// The national standard's pattern: France and its overseas numbering zones.
const PHONE = /^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$/;
const MAX_CONTACTS = 10;

/** Counts characters as PostgreSQL's length() does (code points, not UTF-16 units). */
const length = (text: string) => [...text].length;
const fr = (n: number) => n.toLocaleString("fr-FR");

export interface TextRule {
  max: number;
  required?: boolean;
  /** Runs of white space (line breaks included) become one space. */
  singleLine?: boolean;
}

/** Trimmed text; blank is null (or REQUIRED). */
export function checkText(
  errors: FieldErrors,
  path: string,
  value: string | null | undefined,
  rule: TextRule,
): string | null | undefined {
  if (value === undefined) return undefined;
  let text = (value ?? "").normalize("NFC").trim();
  if (rule.singleLine) text = text.replace(/\s+/g, " ");
  if (text === "") {
    if (rule.required) errors.add(path, "REQUIRED", "Ce champ est obligatoire.");
    return rule.required ? undefined : null;
  }
  if (CONTROL.test(text)) {
    errors.add(path, "INVALID_CHARACTERS", "Ce texte contient un caractère de contrôle interdit.");
    return undefined;
  }
  if (length(text) > rule.max) {
    errors.add(path, "TOO_LONG", `${fr(rule.max)} caractères au plus (${fr(length(text))} reçus).`);
    return undefined;
  }
  return text;
}

/** A list of vocabulary values (GraphQL has checked each one): duplicates dropped, null is empty. */
export function checkTerms<T>(values: T[] | null | undefined): T[] | undefined {
  return values === undefined ? undefined : [...new Set(values ?? [])];
}

/** A required value of a vocabulary: only null can be wrong, in an update. */
export function checkRequired<T>(
  errors: FieldErrors,
  path: string,
  value: T | null | undefined,
): T | undefined {
  if (value === null) errors.add(path, "REQUIRED", "Ce champ est obligatoire.");
  return value ?? undefined;
}

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return /^https?:$/.test(url.protocol) && url.hostname.includes(".") && !/\s/.test(text);
  } catch {
    return false;
  }
}

export function checkUrl(errors: FieldErrors, path: string, value: string | null | undefined) {
  const text = checkText(errors, path, value, { max: 2000 });
  if (text && !isWebAddress(text)) {
    errors.add(path, "INVALID_FORMAT", "Adresse web invalide : elle commence par https://.");
    return undefined;
  }
  return text;
}

/** Several e-mails or web addresses; each invalid one is reported at `path.index`. */
function checkContacts(
  errors: FieldErrors,
  path: string,
  values: string[] | null | undefined,
  kind: "email" | "website",
): string[] | undefined {
  if (values === undefined) return undefined;
  const list = values ?? [];
  if (list.length > MAX_CONTACTS) {
    errors.add(path, "TOO_MANY", `${MAX_CONTACTS} adresses au plus.`);
    return undefined;
  }
  const kept = new Map<string, string>();
  let valid = true;
  list.forEach((value, i) => {
    const text = value.trim();
    const ok =
      kind === "email"
        ? length(text) <= 254 && EMAIL.test(text) && !CONTROL.test(text)
        : length(text) <= 2000 && isWebAddress(text);
    if (!ok) {
      valid = false;
      const what = kind === "email" ? "Adresse e-mail invalide." : "Adresse web invalide.";
      errors.add(`${path}.${i}`, "INVALID_FORMAT", what);
    } else if (!kept.has(text.toLowerCase())) kept.set(text.toLowerCase(), text);
  });
  return valid ? [...kept.values()] : undefined;
}

/** French national numbers ("02 40 00 00 00") become international (+33240000000). */
export function normalizePhone(value: string): string | null {
  let digits = value.replace(/\(0\)/g, "").replace(/[\s.\-()/]/g, "");
  if (digits.startsWith("00")) digits = `+${digits.slice(2)}`;
  else if (/^0\d{9}$/.test(digits)) digits = `+33${digits.slice(1)}`;
  return PHONE.test(digits) ? digits : null;
}

function checkPhone(errors: FieldErrors, value: string | null | undefined) {
  const text = checkText(errors, "phone", value, { max: 40 });
  if (!text) return text;
  const phone = normalizePhone(text);
  if (!phone) {
    errors.add(
      "phone",
      "INVALID_FORMAT",
      "Numéro de téléphone invalide : 02 40 00 00 00 ou +33 2 40 00 00 00.",
    );
    return undefined;
  }
  return phone;
}

function checkPivot(errors: FieldErrors, value: string | null | undefined) {
  if (value === undefined) return undefined;
  const pivot = (value ?? "").replace(/\s/g, "").toUpperCase();
  if (pivot === "") {
    errors.add("pivot", "REQUIRED", "Ce champ est obligatoire.");
  } else if (pivotProblem(pivot) === null) {
    return pivot;
  } else if (/^(\d{14}|\d{9})$/.test(pivot)) {
    const what = pivot.length === 14 ? "SIRET" : "SIREN";
    errors.add(
      "pivot",
      "INVALID_CHECKSUM",
      `Numéro ${what} invalide : sa clé de contrôle ne correspond pas, vérifiez les chiffres.`,
    );
  } else {
    errors.add(
      "pivot",
      "INVALID_FORMAT",
      "Identifiant attendu : SIRET (14 chiffres), SIREN (9 chiffres) ou RNA (W suivi de 9 chiffres ou lettres).",
    );
  }
  return undefined;
}

function checkPattern(
  errors: FieldErrors,
  path: string,
  value: string | null | undefined,
  pattern: RegExp,
  message: string,
) {
  const text = checkText(errors, path, value, { max: 20 })?.replace(/\s/g, "").toUpperCase();
  if (text && !pattern.test(text)) {
    errors.add(path, "INVALID_FORMAT", message);
    return undefined;
  }
  return text;
}

/** What people read for opening hours refused by `checkOpeningHours` (its `message`). */
export function openingHoursMessage(message: string): string {
  const reason = message.replace(/^invalid opening hours \(OSM syntax\): /, "");
  return `Horaires invalides (syntaxe OpenStreetMap, ex. « Mo-Fr 09:00-12:00 ») : ${reason}`;
}

function checkOpeningHoursField(errors: FieldErrors, value: string | null | undefined) {
  if (value === undefined) return undefined;
  if (value === null || value.trim() === "") return null;
  const check = checkOpeningHours(value);
  if (check.ok) return check.normalized;
  errors.add("openingHours", "INVALID_OPENING_HOURS", openingHoursMessage(check.message));
  return undefined;
}

interface Location {
  latitude: number | null;
  longitude: number | null;
}

/** Latitude and longitude go together: both, or neither. */
function checkLocation(
  errors: FieldErrors,
  input: CreateStructureInput | UpdateStructureInput,
): Location | undefined {
  const { latitude, longitude } = input;
  if (latitude === undefined && longitude === undefined) return undefined;
  const hasLat = latitude !== undefined && latitude !== null;
  const hasLon = longitude !== undefined && longitude !== null;
  if (hasLat !== hasLon) {
    errors.add(
      hasLat ? "longitude" : "latitude",
      "REQUIRED",
      "Latitude et longitude vont ensemble : donnez les deux, ou aucune.",
    );
    return undefined;
  }
  if (!hasLat) return { latitude: null, longitude: null };
  let valid = true;
  if (!(latitude! >= -90 && latitude! <= 90)) {
    errors.add("latitude", "OUT_OF_RANGE", "La latitude est comprise entre -90 et 90.");
    valid = false;
  }
  if (!(longitude! >= -180 && longitude! <= 180)) {
    errors.add("longitude", "OUT_OF_RANGE", "La longitude est comprise entre -180 et 180.");
    valid = false;
  }
  return valid ? { latitude: latitude!, longitude: longitude! } : undefined;
}

/** The fields of Structure an edit writes directly (the district is decided by the service). */
export type StructureValues = Partial<
  Pick<
    Structure,
    | "name"
    | "kind"
    | "pivot"
    | "street"
    | "addressComplement"
    | "postalCode"
    | "city"
    | "inseeCode"
    | "latitude"
    | "longitude"
    | "phone"
    | "emails"
    | "websites"
    | "openingHours"
    | "summary"
    | "description"
    | "programmes"
    | "labels"
    | "otherLabels"
    | "passNumerique"
    | "specificSupports"
    | "mobility"
    | "accessibilityUrl"
    | "appointmentUrl"
    | "parentId"
  >
>;

/** What the district becomes: set by hand, derived again from the location, or as before. */
export type DistrictIntent = { code: string } | "derive" | undefined;

export interface CheckedStructure {
  values: StructureValues;
  district: DistrictIntent;
}

/**
 * Checks every field of a structure edit, without the database (known districts, parents and
 * cycles are the service's part). `values` holds only the fields given and valid.
 */
export function checkStructureInput(
  input: CreateStructureInput | UpdateStructureInput,
  errors: FieldErrors,
): CheckedStructure {
  const values: StructureValues = {};
  const set = <K extends keyof StructureValues>(key: K, value: StructureValues[K] | undefined) => {
    if (value !== undefined) values[key] = value;
  };
  // Single-line texts; a required one (name) never comes back null.
  const line = (
    path: "name" | "street" | "addressComplement" | "city" | "otherLabels",
    max: number,
    required = false,
  ) => {
    const text = checkText(errors, path, input[path], { max, required, singleLine: true });
    if (text !== undefined) (values as Record<typeof path, string | null>)[path] = text;
  };

  line("name", 200, true);
  set("kind", checkRequired(errors, "kind", input.kind));
  set("pivot", checkPivot(errors, input.pivot));
  line("street", 200);
  line("addressComplement", 200);
  line("city", 100);
  set(
    "postalCode",
    checkPattern(errors, "postalCode", input.postalCode, POSTAL_CODE, "Code postal : 5 chiffres."),
  );
  set(
    "inseeCode",
    checkPattern(
      errors,
      "inseeCode",
      input.inseeCode,
      INSEE_CODE,
      "Code INSEE de commune : 5 caractères, par exemple 44109.",
    ),
  );
  const location = checkLocation(errors, input);
  if (location) Object.assign(values, location);
  set("phone", checkPhone(errors, input.phone));
  set("emails", checkContacts(errors, "emails", input.emails, "email"));
  set("websites", checkContacts(errors, "websites", input.websites, "website"));
  set("openingHours", checkOpeningHoursField(errors, input.openingHours));
  set("summary", checkText(errors, "summary", input.summary, { max: 280 }));
  set("description", checkText(errors, "description", input.description, { max: 10_000 }));
  set("programmes", checkTerms(input.programmes));
  set("labels", checkTerms(input.labels));
  line("otherLabels", 500);
  if (input.passNumerique !== undefined) values.passNumerique = input.passNumerique ?? false;
  set("specificSupports", checkTerms(input.specificSupports));
  set("mobility", checkTerms(input.mobility));
  set("accessibilityUrl", checkUrl(errors, "accessibilityUrl", input.accessibilityUrl));
  set("appointmentUrl", checkUrl(errors, "appointmentUrl", input.appointmentUrl));
  if (input.parentId !== undefined) {
    if (input.parentId !== null && !UUID.test(input.parentId)) {
      errors.add("parentId", "INVALID_FORMAT", "Identifiant de structure invalide.");
    } else values.parentId = input.parentId?.toLowerCase() ?? null;
  }
  return { values, district: checkDistrict(errors, input) };
}

function checkDistrict(
  errors: FieldErrors,
  input: CreateStructureInput | UpdateStructureInput,
): DistrictIntent {
  const derive = "deriveDistrict" in input && input.deriveDistrict === true;
  const code = input.districtCode?.trim();
  if (code) {
    if (derive) {
      errors.add(
        "deriveDistrict",
        "INCOMPATIBLE",
        "Choisissez : un quartier donné à la main, ou le quartier déduit de la localisation.",
      );
    } else if (!DISTRICT_CODE.test(code)) {
      errors.add(
        "districtCode",
        "UNKNOWN_DISTRICT",
        `Quartier inconnu : « ${code.slice(0, 60)} ».`,
      );
    } else return { code };
    return undefined;
  }
  // A blank or null code, like deriveDistrict, goes back to the district of the location.
  return derive || input.districtCode !== undefined ? "derive" : undefined;
}

/** Archived structures are history: they and their offers are no longer edited. */
export function archivedError(path: string): ValidationError {
  return new FieldErrors()
    .add(path, "ARCHIVED", "Cette structure est archivée : elle ne peut plus être modifiée.")
    .result()!;
}

/** What a new structure holds where nothing was given (by a person or an imported file). */
export const STRUCTURE_DEFAULTS: Required<Omit<StructureValues, "name" | "kind" | "pivot">> = {
  street: null,
  addressComplement: null,
  postalCode: null,
  city: null,
  inseeCode: null,
  latitude: null,
  longitude: null,
  phone: null,
  emails: [],
  websites: [],
  openingHours: null,
  summary: null,
  description: null,
  programmes: [],
  labels: [],
  otherLabels: null,
  passNumerique: false,
  specificSupports: [],
  mobility: [],
  accessibilityUrl: null,
  appointmentUrl: null,
  parentId: null,
};
