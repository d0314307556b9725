import { normalizePhone } from "../../modules/structure/structure-edit.validation";
import {
  Fee,
  type AccessMode,
  type Label,
  type Mobility,
  type Programme,
  type Public,
  type ServiceCategory,
  type SpecificSupport,
  SupportMode,
} from "../../modules/vocabulary/vocabulary.enums";
import {
  accessModeTerms,
  categoryTerms,
  feeTerms,
  labelTerms,
  mobilityTerms,
  programmeTerms,
  publicTerms,
  specificSupportTerms,
  supportModeTerms,
} from "../../modules/vocabulary/vocabulary.terms";
import { checkHours, type CheckedRecord, type OfferCandidate } from "../candidate";
import type { IssueInput } from "../import-report";
import {
  checkStructureFields,
  isIsoDate,
  parseCoordinate,
  type StructureFields,
  withScheme,
} from "../structure-fields";
import { kindFromTypologies } from "../typologies";
import { splitValues, TermMatcher } from "../vocabulary-match";
import { LMN_FIELDS } from "./lmn.columns";
import type { LmnRow } from "./lmn.reader";

const { PASS_NUMERIQUE: _notInStandard, ...standardFees } = feeTerms;

/** The enumerated, multi-valued columns, read with the French labels of our vocabularies. */
export const LMN_MATCHERS = {
  services: new TermMatcher(categoryTerms),
  publics_specifiquement_adresses: new TermMatcher(publicTerms),
  prise_en_charge_specifique: new TermMatcher(specificSupportTerms),
  frais_a_charge: new TermMatcher<Exclude<Fee, Fee.PASS_NUMERIQUE>>(standardFees),
  dispositif_programmes_nationaux: new TermMatcher(programmeTerms),
  formations_labels: new TermMatcher(labelTerms),
  modalites_acces: new TermMatcher(accessModeTerms),
  // The standard's description gives these longer wordings; its pattern, the short ones.
  modalites_accompagnement: new TermMatcher<SupportMode>(supportModeTerms, {
    "Dans un atelier collectif : j'apprends collectivement à utiliser le numérique":
      SupportMode.COLLECTIVE,
    "À distance (par téléphone ou en visioconférence)": SupportMode.REMOTE,
  }),
  itinerance: new TermMatcher(mobilityTerms),
};

type EnumColumn = keyof typeof LMN_MATCHERS;
const isEnumColumn = (name: string): name is EnumColumn => name in LMN_MATCHERS;

/** Our field → the standard's column, to report the directory's checks on the file's columns. */
const COLUMN_OF: Record<string, string> = {
  name: "nom",
  kind: "typologie",
  pivot: "pivot",
  street: "adresse",
  addressComplement: "complement_adresse",
  postalCode: "code_postal",
  city: "commune",
  inseeCode: "code_insee",
  latitude: "latitude",
  longitude: "longitude",
  phone: "telephone",
  emails: "courriels",
  websites: "site_web",
  summary: "presentation_resume",
  description: "presentation_detail",
  programmes: "dispositif_programmes_nationaux",
  labels: "formations_labels",
  otherLabels: "autres_formations_labels",
  specificSupports: "prise_en_charge_specifique",
  mobility: "itinerance",
  accessibilityUrl: "fiche_acces_libre",
  appointmentUrl: "prise_rdv",
};

const PATTERN_MESSAGES: Record<string, string> = {
  pivot:
    "Pivot invalide : SIRET (14 chiffres), SIREN (9 chiffres) ou RNA (W suivi de 9 caractères) attendu, sans espace.",
  code_postal: "Code postal invalide : 5 chiffres attendus, par exemple 44000.",
  code_insee: "Code INSEE invalide : 5 caractères attendus, par exemple 44109 ou 2A004.",
  telephone:
    "Numéro de téléphone invalide : format international attendu, par exemple +33240000000 (ou 02 40 00 00 00).",
};

/** The value the standard's pattern applies to, as the directory will store it. */
function patternSubject(column: string, value: string): string {
  if (column === "pivot") return value.replace(/\s/g, "").toUpperCase();
  if (column === "telephone") return normalizePhone(value) ?? value;
  if (column === "code_insee") return value.replace(/\s/g, "").toUpperCase();
  return value;
}

const length = (text: string) => [...text].length;

/**
 * Checks one row against the standard (required values, patterns, enumerations, lengths, types),
 * then against the directory's own rules, and maps it: one structure, one offer per service.
 */
export function checkLmnRow(row: LmnRow): CheckedRecord {
  const cell = (name: string) => row.cells.get(name)?.trim();
  const recordId = cell("id") || null;
  const at = { line: row.line, recordId };
  const issues: IssueInput[] = [];
  const reported = new Set<string>();
  const problem = (column: string, code: string, message: string, value?: string | null) => {
    issues.push({ ...at, column, code, message, value });
    reported.add(column);
  };
  if (row.fieldCountProblem) {
    return {
      kind: "rejected",
      ...at,
      issues: [{ ...at, column: null, code: "FIELD_COUNT", message: row.fieldCountProblem }],
    };
  }

  // The standard: required, lengths, types, patterns (enumerations below).
  for (const field of LMN_FIELDS) {
    const value = cell(field.name);
    if (value === undefined) continue;
    if (value === "") {
      if (field.required) problem(field.name, "REQUIRED", "Valeur obligatoire manquante.");
      continue;
    }
    if (field.maxLength !== null && length(value) > field.maxLength) {
      problem(
        field.name,
        "TOO_LONG",
        `${field.maxLength} caractères au plus (${length(value)} reçus).`,
        value,
      );
    } else if (field.type === "number" && parseCoordinate(value) === null) {
      problem(field.name, "INVALID_NUMBER", "Nombre décimal attendu, par exemple 47.2184.", value);
    } else if (field.type === "date" && !isIsoDate(value)) {
      problem(
        field.name,
        "INVALID_DATE",
        "Date attendue au format AAAA-MM-JJ, par exemple 2024-04-02.",
        value,
      );
    } else if (field.pattern && !isEnumColumn(field.name)) {
      if (!field.pattern.test(patternSubject(field.name, value))) {
        const message =
          PATTERN_MESSAGES[field.name] ??
          `Format invalide (motif du standard : ${field.pattern.source}).`;
        problem(field.name, "INVALID_FORMAT", message, value);
      }
    }
  }

  // Enumerations: every value must be one of the standard's.
  const terms = <C extends EnumColumn>(column: C) => {
    const value = cell(column);
    if (value === undefined) return undefined;
    const matcher = LMN_MATCHERS[column];
    const found: string[] = [];
    for (const label of splitValues(value)) {
      const term = matcher.match(label);
      if (term) {
        if (!found.includes(term)) found.push(term);
      } else {
        problem(
          column,
          "UNKNOWN_VALUE",
          `Valeur inconnue « ${label} ». Valeurs possibles : ${matcher.labels().join(" ; ")}.`,
          label,
        );
      }
    }
    return found as NonNullable<ReturnType<(typeof LMN_MATCHERS)[C]["match"]>>[];
  };
  const categories = terms("services") as ServiceCategory[] | undefined;
  const publics = terms("publics_specifiquement_adresses") as Public[] | undefined;
  const specificSupports = terms("prise_en_charge_specifique") as SpecificSupport[] | undefined;
  const fees = terms("frais_a_charge") as Fee[] | undefined;
  const programmes = terms("dispositif_programmes_nationaux") as Programme[] | undefined;
  const labels = terms("formations_labels") as Label[] | undefined;
  const accessModes = terms("modalites_acces") as AccessMode[] | undefined;
  const supportModes = terms("modalites_accompagnement") as SupportMode[] | undefined;
  const mobility = terms("itinerance") as Mobility[] | undefined;

  // The directory's rules, on the columns the standard accepted.
  const text = (name: string) => {
    const value = cell(name);
    return value === undefined ? undefined : value === "" ? null : value;
  };
  const list = (name: string, separators: RegExp) => {
    const value = cell(name);
    return value === undefined
      ? undefined
      : value
          .split(separators)
          .map((v) => v.trim())
          .filter(Boolean);
  };
  const coordinate = (name: string) => {
    const value = text(name);
    return value === undefined || value === null ? value : parseCoordinate(value);
  };
  const typologies = list("typologie", /[|;,]/);
  const websites = list("site_web", /[|;\s]+/)?.map(withScheme);
  const fields: StructureFields = {
    name: text("nom"),
    kind: typologies && kindFromTypologies(typologies),
    pivot: text("pivot"),
    street: text("adresse"),
    addressComplement: text("complement_adresse"),
    postalCode: text("code_postal"),
    city: text("commune"),
    inseeCode: text("code_insee"),
    latitude: coordinate("latitude"),
    longitude: coordinate("longitude"),
    phone: text("telephone"),
    emails: list("courriels", /[|;,\s]+/),
    websites,
    summary: text("presentation_resume"),
    description: text("presentation_detail"),
    programmes,
    labels,
    otherLabels: text("autres_formations_labels"),
    specificSupports,
    mobility,
    accessibilityUrl: text("fiche_acces_libre") && withScheme(text("fiche_acces_libre")!),
    appointmentUrl: text("prise_rdv") && withScheme(text("prise_rdv")!),
  };
  const values = checkStructureFields(fields, COLUMN_OF, at, issues, reported);

  let intervals;
  const hours = cell("horaires");
  if (hours !== undefined) {
    if (hours === "") {
      values.openingHours = null;
      intervals = [];
    } else {
      const check = checkHours(hours);
      if (check.ok) {
        values.openingHours = check.normalized;
        intervals = check.intervals;
      } else problem("horaires", "INVALID_OPENING_HOURS", check.message, hours);
    }
  }

  if (issues.length > 0) return { kind: "rejected", ...at, issues };

  const offerValues = {
    ...(publics && { publics }),
    ...(supportModes && { supportModes }),
    ...(accessModes && { accessModes }),
    ...(fees && { fees }),
  };
  const offers: OfferCandidate[] | undefined = categories?.map((category) => ({
    sourceRef: `lmn:${category}`,
    category,
    create: { title: categoryTerms[category].fr, description: null },
    values: { category, ...offerValues },
    adoptManual: true,
  }));
  return {
    kind: "structure",
    line: row.line,
    recordId: recordId!,
    name: values.name ?? recordId!,
    values,
    intervals,
    extras: {
      updatedOn: cell("date_maj")!,
      typologies,
      collectedBy: text("source"),
      parentName: text("structure_parente"),
    },
    offers: offers && { list: offers, replaces: true },
    warnings: [],
  };
}
