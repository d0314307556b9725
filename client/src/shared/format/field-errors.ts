/** A server `FieldError` (ValidationError.fields). */
export interface FieldErrorValue {
  path: string;
  code: string;
  message: string;
}

export type FieldErrorMap = Record<string, string>;

const ENGLISH: Record<string, string> = {
  REQUIRED: "This field is required.",
  TOO_LONG: "This text is too long.",
  TOO_SHORT: "This text is too short.",
  INVALID_FORMAT: "This value is not in the expected format.",
  CONSENT_REQUIRED: "The resident's consent is required.",
  OUT_OF_RANGE: "This value is out of range.",
  TOO_MANY: "Too many values.",
};

/**
 * Server errors by field path. A list item's error (`emails.1`) is shown on its list field
 * (`emails`). Messages are French from the server; in English the code's meaning is shown.
 */
export function fieldErrorMap(
  fields: readonly FieldErrorValue[],
  locale: "fr" | "en",
): FieldErrorMap {
  const map: FieldErrorMap = {};
  for (const f of fields) {
    const path = f.path.replace(/\.\d+$/, "");
    const message = locale === "en" ? (ENGLISH[f.code] ?? f.message) : f.message;
    map[path] = map[path] ? `${map[path]} ${message}` : message;
  }
  return map;
}

/** Field paths are dotted (`resident.firstName`); ids cannot contain dots in CSS selectors. */
export function fieldId(path: string): string {
  return `field-${path.replace(/\./g, "-")}`;
}
