import { categoryTerms } from "../../modules/vocabulary/vocabulary.terms";
import { checkHours, type CheckedRecord, type OfferValues } from "../candidate";
import type { IssueInput } from "../import-report";
import { checkStructureFields, type StructureFields } from "../structure-fields";
import { fromNetworks } from "../typologies";
import {
  accessModesFromDi,
  categoryOf,
  feesFromDi,
  publicsFromDi,
  supportModesFromDi,
} from "./di.vocabulary";
import { dataInclusionSchemas, schemaIssues } from "./di.schemas";

type Json = Record<string, unknown>;

const COLUMN_OF: Record<string, string> = {
  name: "nom",
  kind: "reseaux_porteurs",
  pivot: "siret",
  street: "adresse",
  addressComplement: "complement_adresse",
  postalCode: "code_postal",
  city: "commune",
  inseeCode: "code_insee",
  latitude: "latitude",
  longitude: "longitude",
  phone: "telephone",
  emails: "courriel",
  websites: "site_web",
  description: "description",
  programmes: "reseaux_porteurs",
  labels: "reseaux_porteurs",
  accessibilityUrl: "accessibilite_lieu",
};

/** A field of the record: undefined when absent (left as it is), null when null. */
function given<T>(record: Json, key: string): T | null | undefined {
  return key in record ? ((record[key] ?? null) as T | null) : undefined;
}

const asList = <T>(record: Json, key: string, map: (v: string) => T): T[] | undefined => {
  const value = given<string>(record, key);
  return value === undefined ? undefined : value === null ? [] : [map(value)];
};

function checkStructure(
  record: Json,
  at: { line: number; recordId: string | null },
): CheckedRecord {
  const issues: IssueInput[] = [];
  const reported = new Set<string>();
  if (record.siret === null || record.siret === undefined) {
    issues.push({
      ...at,
      column: "siret",
      code: "REQUIRED",
      message:
        "SIRET manquant : Maillage identifie chaque structure par son SIRET (ou SIREN, ou numéro RNA).",
    });
    reported.add("siret");
  }
  const networks = given<string[]>(record, "reseaux_porteurs");
  const fromNet = networks === undefined ? undefined : fromNetworks(networks ?? []);
  const fields: StructureFields = {
    name: given(record, "nom"),
    kind: fromNet?.kind,
    pivot: given(record, "siret"),
    street: given(record, "adresse"),
    addressComplement: given(record, "complement_adresse"),
    postalCode: given(record, "code_postal"),
    city: given(record, "commune"),
    inseeCode: given(record, "code_insee"),
    latitude: given(record, "latitude"),
    longitude: given(record, "longitude"),
    phone: given(record, "telephone"),
    emails: asList(record, "courriel", String),
    websites: asList(record, "site_web", String),
    description: given(record, "description"),
    accessibilityUrl: given(record, "accessibilite_lieu"),
    programmes: fromNet?.programmes,
    labels: fromNet?.labels,
  };
  const values = checkStructureFields(fields, COLUMN_OF, at, issues, reported);
  let intervals;
  const hours = given<string>(record, "horaires_accueil");
  if (hours !== undefined) {
    if (hours === null || hours.trim() === "") {
      values.openingHours = null;
      intervals = [];
    } else {
      const check = checkHours(hours);
      if (check.ok) {
        values.openingHours = check.normalized;
        intervals = check.intervals;
      } else {
        issues.push({
          ...at,
          column: "horaires_accueil",
          code: "INVALID_OPENING_HOURS",
          message: check.message,
          value: hours,
        });
      }
    }
  }
  if (issues.length > 0) return { kind: "rejected", ...at, issues };
  return {
    kind: "structure",
    line: at.line,
    recordId: at.recordId!,
    name: values.name ?? at.recordId!,
    values,
    intervals,
    extras: { updatedOn: String(record.date_maj), collectedBy: String(record.source) },
    warnings: [],
  };
}

function checkService(record: Json, at: { line: number; recordId: string | null }): CheckedRecord {
  const thematiques = given<string[]>(record, "thematiques") ?? [];
  const category = categoryOf(thematiques);
  if (!category) {
    return {
      kind: "skipped",
      warning: {
        ...at,
        column: "thematiques",
        code: "NOT_DIGITAL",
        message:
          "Service ignoré : aucune de ses thématiques n'est une thématique numérique (numerique--…) correspondant à un besoin de Maillage.",
        value: thematiques.join(", "),
      },
    };
  }
  const warnings: IssueInput[] = [];
  const values: OfferValues = {
    category,
    title: String(record.nom).trim(),
    description: String(record.description).trim(),
  };
  const publics = given<string[]>(record, "publics");
  if (publics !== undefined) {
    const mapped = publicsFromDi(publics ?? []);
    values.publics = mapped.publics;
    if (mapped.unmatched.length > 0) {
      warnings.push({
        ...at,
        column: "publics",
        code: "UNMATCHED_PUBLICS",
        message: `Publics sans équivalent dans Maillage, non repris : ${mapped.unmatched.join(", ")}.${
          mapped.publics.length === 0 ? " Le service y apparaîtra ouvert à tous." : ""
        }`,
        value: mapped.unmatched.join(", "),
      });
    }
  }
  const frais = given<string>(record, "frais");
  if (frais !== undefined) values.fees = feesFromDi(frais);
  const type = given<string>(record, "type");
  const modesAccueil = given<string[]>(record, "modes_accueil");
  if (type !== undefined || modesAccueil !== undefined) {
    values.supportModes = supportModesFromDi(type ?? null, modesAccueil ?? []);
  }
  const mobilisation = given<string[]>(record, "modes_mobilisation");
  if (mobilisation !== undefined) values.accessModes = accessModesFromDi(mobilisation ?? []);
  if ([...values.title!].length > 200 || [...values.description!].length > 10_000) {
    return {
      kind: "rejected",
      ...at,
      issues: [{ ...at, column: "nom", code: "TOO_LONG", message: "200 caractères au plus." }],
    };
  }
  return {
    kind: "service",
    line: at.line,
    recordId: at.recordId!,
    name: values.title!,
    structureRef: String(record.structure_id),
    offer: {
      sourceRef: at.recordId!,
      category,
      create: {
        title: values.title ?? categoryTerms[category].fr,
        description: values.description ?? null,
      },
      values,
      adoptManual: false,
    },
    warnings,
  };
}

/**
 * Checks one data·inclusion v1 record against its JSON Schema (a record with `structure_id` is a
 * service, any other a structure), then against the directory's rules, and maps it.
 */
export function checkDiRecord(position: number, value: unknown): CheckedRecord {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return {
      kind: "rejected",
      line: position,
      recordId: null,
      issues: [
        {
          line: position,
          code: "INVALID_TYPE",
          message: "Enregistrement invalide : un objet JSON (structure ou service) est attendu.",
        },
      ],
    };
  }
  const record = value as Json;
  const at = {
    line: position,
    recordId: typeof record.id === "string" && record.id.trim() !== "" ? record.id.trim() : null,
  };
  const isService = "structure_id" in record;
  const validate = isService ? dataInclusionSchemas().service : dataInclusionSchemas().structure;
  if (!validate(record)) {
    return { kind: "rejected", ...at, issues: schemaIssues(validate.errors, record, at) };
  }
  return isService ? checkService(record, at) : checkStructure(record, at);
}
