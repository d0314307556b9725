import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { IssueInput } from "../import-report";
import serviceSchema from "../standards/data-inclusion-v1/service.json";
import structureSchema from "../standards/data-inclusion-v1/structure.json";

/** The data·inclusion v1 JSON Schemas, compiled once; used to check imports and (in tests) exports. */
export function compileDataInclusionSchemas(): {
  structure: ValidateFunction;
  service: ValidateFunction;
} {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return { structure: ajv.compile(structureSchema), service: ajv.compile(serviceSchema) };
}

let compiled: ReturnType<typeof compileDataInclusionSchemas> | undefined;
export const dataInclusionSchemas = () => (compiled ??= compileDataInclusionSchemas());

const FORMAT_MESSAGES: Record<string, string> = {
  email: "Adresse e-mail invalide.",
  uri: "Adresse web invalide : une URL complète est attendue, par exemple https://exemple.fr.",
  date: "Date attendue au format AAAA-MM-JJ, par exemple 2025-02-14.",
};

const TYPE_NAMES: Record<string, string> = {
  string: "un texte",
  number: "un nombre",
  integer: "un nombre entier",
  array: "une liste",
  object: "un objet",
  boolean: "vrai ou faux",
};

function valueAt(record: unknown, pointer: string): unknown {
  let value = record;
  for (const key of pointer.split("/").slice(1)) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return value;
}

function show(value: unknown): string | null {
  if (value === undefined) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function translate(error: ErrorObject, record: unknown): Omit<IssueInput, "line" | "recordId"> {
  const value = show(valueAt(record, error.instancePath));
  const column = error.instancePath.split("/")[1] || null;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return {
        column: String(p.missingProperty),
        code: "REQUIRED",
        message: "Champ obligatoire manquant.",
      };
    case "enum": {
      const allowed = (p.allowedValues as string[]) ?? [];
      const shown = allowed.slice(0, 12).join(", ") + (allowed.length > 12 ? ", …" : "");
      return {
        column,
        code: "UNKNOWN_VALUE",
        message: `Valeur inconnue « ${value} » du vocabulaire data·inclusion. Valeurs possibles : ${shown}.`,
        value,
      };
    }
    case "format":
      return {
        column,
        code: "INVALID_FORMAT",
        message: FORMAT_MESSAGES[String(p.format)] ?? `Format ${p.format} attendu.`,
        value,
      };
    case "pattern":
      return {
        column,
        code: "INVALID_FORMAT",
        message:
          column === "code_postal"
            ? "Code postal invalide : 5 chiffres attendus."
            : column === "siret"
              ? "SIRET invalide : 14 chiffres attendus."
              : `Format invalide (motif ${p.pattern}).`,
        value,
      };
    case "maxLength":
      return { column, code: "TOO_LONG", message: `${p.limit} caractères au plus.`, value };
    case "minLength":
      return { column, code: "TOO_SHORT", message: `${p.limit} caractères au moins.`, value };
    case "type":
      return {
        column,
        code: "INVALID_TYPE",
        message: `Type invalide : ${TYPE_NAMES[String(p.type)] ?? String(p.type)} est attendu.`,
        value,
      };
    case "uniqueItems":
      return {
        column,
        code: "DUPLICATE_VALUE",
        message: "La liste contient deux fois la même valeur.",
        value,
      };
    case "minItems":
      return {
        column,
        code: "REQUIRED",
        message: "Au moins une valeur est attendue (ou null).",
        value,
      };
    case "minimum":
      return { column, code: "OUT_OF_RANGE", message: `Valeur minimale : ${p.limit}.`, value };
    default:
      return { column, code: "INVALID", message: `Valeur invalide (${error.message}).`, value };
  }
}

// The most telling reason first: "4400" breaks both the pattern and the length of a postal code.
const PRIORITY = ["required", "enum", "pattern", "format", "minLength", "maxLength"];
const priority = (keyword: string) => {
  const i = PRIORITY.indexOf(keyword);
  return i < 0 ? PRIORITY.length + (keyword === "type" ? 1 : 0) : i;
};

/**
 * Ajv's errors as one French issue per field: the alternatives of a nullable field
 * (`anyOf: [X, null]`) report "must be null" and "must match anyOf" besides the real reason,
 * which alone is kept.
 */
export function schemaIssues(
  errors: ErrorObject[] | null | undefined,
  record: unknown,
  at: { line: number; recordId: string | null },
): IssueInput[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors ?? []) {
    const path =
      error.keyword === "required"
        ? `/${String((error.params as { missingProperty: string }).missingProperty)}`
        : error.instancePath;
    byPath.set(path, [...(byPath.get(path) ?? []), error]);
  }
  const issues: IssueInput[] = [];
  const columnsDone = new Set<string>();
  for (const [path, list] of byPath) {
    const specific = list.filter(
      (e) =>
        e.keyword !== "anyOf" &&
        e.keyword !== "const" &&
        !(e.keyword === "type" && (e.params as { type: string }).type === "null"),
    );
    if (specific.length === 0) continue;
    specific.sort((a, b) => priority(a.keyword) - priority(b.keyword));
    const issue = translate(specific[0], record);
    // A deeper path (an item of a list) is reported once per value; a field once.
    const key = `${path}`;
    if (columnsDone.has(key)) continue;
    columnsDone.add(key);
    issues.push({ ...at, ...issue });
  }
  return issues;
}
