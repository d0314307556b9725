import { registerEnumType } from "type-graphql";

/**
 * The controlled vocabularies of the directory. Values are English enum names; each is described
 * in `vocabulary.terms.ts` with its French label, which for the national standard
 * "lieux de médiation numérique" v1.0.2 is the exact value the standard uses.
 */

/** A need: the standard's `services`. */
export enum ServiceCategory {
  ADMINISTRATIVE_PROCEDURES = "ADMINISTRATIVE_PROCEDURES",
  EVERYDAY_DIGITAL_TOOLS = "EVERYDAY_DIGITAL_TOOLS",
  DIGITAL_EMPLOYABILITY = "DIGITAL_EMPLOYABILITY",
  SAFE_DIGITAL_USE = "SAFE_DIGITAL_USE",
  DIGITAL_PARENTING = "DIGITAL_PARENTING",
  DIGITAL_LEISURE = "DIGITAL_LEISURE",
  DIGITAL_CULTURE = "DIGITAL_CULTURE",
  INTERNET_AND_EQUIPMENT_ACCESS = "INTERNET_AND_EQUIPMENT_ACCESS",
  AFFORDABLE_EQUIPMENT = "AFFORDABLE_EQUIPMENT",
}

/** The standard's `publics_specifiquement_adresses`; an empty list means every public. */
export enum Public {
  YOUTH = "YOUTH",
  STUDENTS = "STUDENTS",
  FAMILIES = "FAMILIES",
  SENIORS = "SENIORS",
  WOMEN = "WOMEN",
}

/** The standard's `frais_a_charge`, plus acceptance of Pass numérique tickets. */
export enum Fee {
  FREE = "FREE",
  FREE_UNDER_CONDITION = "FREE_UNDER_CONDITION",
  PAID = "PAID",
  PASS_NUMERIQUE = "PASS_NUMERIQUE",
}

/** The standard's `modalites_accompagnement`. */
export enum SupportMode {
  AUTONOMY = "AUTONOMY",
  INDIVIDUAL = "INDIVIDUAL",
  COLLECTIVE = "COLLECTIVE",
  REMOTE = "REMOTE",
}

/** The standard's `modalites_acces`. */
export enum AccessMode {
  WALK_IN = "WALK_IN",
  PHONE = "PHONE",
  EMAIL = "EMAIL",
  ONLINE_APPOINTMENT = "ONLINE_APPOINTMENT",
  NO_PUBLIC_RECEPTION = "NO_PUBLIC_RECEPTION",
  PRESCRIPTION_EMAIL = "PRESCRIPTION_EMAIL",
}

/** The standard's `dispositif_programmes_nationaux`. */
export enum Programme {
  AIDANTS_CONNECT = "AIDANTS_CONNECT",
  REFERENCE_DIGITAL_LIBRARIES = "REFERENCE_DIGITAL_LIBRARIES",
  PIX_CERTIFICATION = "PIX_CERTIFICATION",
  CONSEILLERS_NUMERIQUES = "CONSEILLERS_NUMERIQUES",
  EMMAUS_CONNECT = "EMMAUS_CONNECT",
  FRANCE_SERVICES = "FRANCE_SERVICES",
  GRANDE_ECOLE_DU_NUMERIQUE = "GRANDE_ECOLE_DU_NUMERIQUE",
  CROIX_ROUGE = "CROIX_ROUGE",
  CAF_DIGITAL_ACCESS_POINT = "CAF_DIGITAL_ACCESS_POINT",
  PROMENEURS_DU_NET = "PROMENEURS_DU_NET",
  EMMAUS_CONNECT_DIGITAL_RELAY = "EMMAUS_CONNECT_DIGITAL_RELAY",
}

/** The standard's `formations_labels`. Pass numérique labelling is a flag of its own. */
export enum Label {
  MON_ESPACE_SANTE = "MON_ESPACE_SANTE",
  DUPLEX = "DUPLEX",
  ARNIA_MEDNUM_BFC = "ARNIA_MEDNUM_BFC",
  REEMPLOI_NORMANDIE = "REEMPLOI_NORMANDIE",
  ETAPES_NUMERIQUES = "ETAPES_NUMERIQUES",
  FABRIQUES_DE_TERRITOIRE = "FABRIQUES_DE_TERRITOIRE",
  ECLAIREURS_DU_NUMERIQUE = "ECLAIREURS_DU_NUMERIQUE",
  MES_PAPIERS = "MES_PAPIERS",
  ORDI_3_0 = "ORDI_3_0",
  SUD_LABS = "SUD_LABS",
}

/** The standard's `prise_en_charge_specifique`: the accessibility of a structure. */
export enum SpecificSupport {
  DEAFNESS = "DEAFNESS",
  MOTOR_DISABILITY = "MOTOR_DISABILITY",
  MENTAL_DISABILITY = "MENTAL_DISABILITY",
  ILLITERACY = "ILLITERACY",
  FOREIGN_LANGUAGES_ENGLISH = "FOREIGN_LANGUAGES_ENGLISH",
  FOREIGN_LANGUAGES_OTHER = "FOREIGN_LANGUAGES_OTHER",
  VISUAL_IMPAIRMENT = "VISUAL_IMPAIRMENT",
}

/** The standard's `itinerance`. */
export enum Mobility {
  FIXED = "FIXED",
  MOBILE = "MOBILE",
}

/** What kind of actor a structure is (mapped to the standard's `typologie` codes). */
export enum StructureKind {
  ASSOCIATION = "ASSOCIATION",
  LIBRARY = "LIBRARY",
  PUBLIC_DIGITAL_SPACE = "PUBLIC_DIGITAL_SPACE",
  CCAS = "CCAS",
  FRANCE_SERVICES = "FRANCE_SERVICES",
  SOCIAL_CENTRE = "SOCIAL_CENTRE",
  SOCIAL_LANDLORD = "SOCIAL_LANDLORD",
  SCHOOL_NETWORK = "SCHOOL_NETWORK",
  EMPLOYMENT_SERVICE = "EMPLOYMENT_SERVICE",
  THIRD_PLACE = "THIRD_PLACE",
  MUNICIPAL_SERVICE = "MUNICIPAL_SERVICE",
  COMPANY = "COMPANY",
  OTHER = "OTHER",
}

/** Where a record came from. */
export enum RecordSource {
  DEMO = "demo",
  MANUAL = "manual",
  LIEUX_MEDIATION_NUMERIQUE = "lieux-mediation-numerique",
  DATA_INCLUSION = "data-inclusion",
}

const enums = {
  ServiceCategory,
  Public,
  Fee,
  SupportMode,
  AccessMode,
  Programme,
  Label,
  SpecificSupport,
  Mobility,
  StructureKind,
} as const;

for (const [name, e] of Object.entries(enums)) registerEnumType(e, { name });
