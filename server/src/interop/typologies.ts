import { Label, Programme, StructureKind } from "../modules/vocabulary/vocabulary.enums";

/**
 * The national standard's `typologie` holds data·inclusion structure typology codes (several,
 * separated by `|`). Each code we can place gives a kind; the first placed code wins, and a
 * structure whose codes are all unknown to us is OTHER (the codes themselves are kept for export).
 */
const KIND_BY_TYPOLOGY: Record<string, StructureKind> = {
  ASSO: StructureKind.ASSOCIATION,
  ASSO_CHOMEUR: StructureKind.ASSOCIATION,
  BIB: StructureKind.LIBRARY,
  EPN: StructureKind.PUBLIC_DIGITAL_SPACE,
  CCAS: StructureKind.CCAS,
  CIAS: StructureKind.CCAS,
  FS: StructureKind.FRANCE_SERVICES,
  MSAP: StructureKind.FRANCE_SERVICES,
  CS: StructureKind.SOCIAL_CENTRE,
  EVS: StructureKind.SOCIAL_CENTRE,
  MQ: StructureKind.SOCIAL_CENTRE,
  MJC: StructureKind.SOCIAL_CENTRE,
  TIERS_LIEUX: StructureKind.THIRD_PLACE,
  FABLAB: StructureKind.THIRD_PLACE,
  MUNI: StructureKind.MUNICIPAL_SERVICE,
  MAIRIE: StructureKind.MUNICIPAL_SERVICE,
  CC: StructureKind.MUNICIPAL_SERVICE,
  EPCI: StructureKind.MUNICIPAL_SERVICE,
  PE: StructureKind.EMPLOYMENT_SERVICE,
  FT: StructureKind.EMPLOYMENT_SERVICE,
  ML: StructureKind.EMPLOYMENT_SERVICE,
  CAP_EMPLOI: StructureKind.EMPLOYMENT_SERVICE,
  MDE: StructureKind.EMPLOYMENT_SERVICE,
  MDEF: StructureKind.EMPLOYMENT_SERVICE,
  PLIE: StructureKind.EMPLOYMENT_SERVICE,
  E2C: StructureKind.EMPLOYMENT_SERVICE,
  EPIDE: StructureKind.EMPLOYMENT_SERVICE,
  ACI: StructureKind.EMPLOYMENT_SERVICE,
  AI: StructureKind.EMPLOYMENT_SERVICE,
  EI: StructureKind.EMPLOYMENT_SERVICE,
  ETTI: StructureKind.EMPLOYMENT_SERVICE,
  EITI: StructureKind.EMPLOYMENT_SERVICE,
  GEIQ: StructureKind.EMPLOYMENT_SERVICE,
  BAILLEUR_SOCIAL: StructureKind.SOCIAL_LANDLORD,
  ENTREPRISE: StructureKind.COMPANY,
  // Not in data·inclusion's vocabulary (exports write `Autre`): Maillage's own code for its demo
  // network file, which must give every kind back.
  RESEAU_SCOLAIRE: StructureKind.SCHOOL_NETWORK,
};

/** The code an export writes for a kind (a code of the data·inclusion typology). */
const TYPOLOGY_BY_KIND: Record<StructureKind, string> = {
  ASSOCIATION: "ASSO",
  LIBRARY: "BIB",
  PUBLIC_DIGITAL_SPACE: "EPN",
  CCAS: "CCAS",
  FRANCE_SERVICES: "MSAP",
  SOCIAL_CENTRE: "CS",
  SOCIAL_LANDLORD: "Autre",
  SCHOOL_NETWORK: "Autre",
  EMPLOYMENT_SERVICE: "PE",
  THIRD_PLACE: "TIERS_LIEUX",
  MUNICIPAL_SERVICE: "MUNI",
  COMPANY: "Autre",
  OTHER: "Autre",
};

/** Typology codes as files write them: upper case, `-` or space read as `_`. */
export function typologyCode(value: string): string {
  return value
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, "_");
}

export function kindFromTypologies(codes: string[]): StructureKind {
  for (const code of codes) {
    const kind = KIND_BY_TYPOLOGY[typologyCode(code)];
    if (kind) return kind;
  }
  return StructureKind.OTHER;
}

/**
 * The typologies an export writes: those imported, while they still give the structure's kind
 * (an edit of the kind in Maillage wins), otherwise the code of the kind.
 */
export function typologiesForExport(kind: StructureKind, imported: string[]): string[] {
  if (imported.length > 0 && kindFromTypologies(imported) === kind) return imported;
  return [TYPOLOGY_BY_KIND[kind]];
}

/*
 * data·inclusion v1 has no typology: structures carry `reseaux_porteurs` (networks). Those that
 * name one of our kinds, programmes or labels are read as such.
 */
const KIND_BY_NETWORK: Record<string, StructureKind> = {
  "ccas-cias": StructureKind.CCAS,
  communes: StructureKind.MUNICIPAL_SERVICE,
  "espaces-publics-numeriques": StructureKind.PUBLIC_DIGITAL_SPACE,
  "france-service": StructureKind.FRANCE_SERVICES,
  msap: StructureKind.FRANCE_SERVICES,
  fcsf: StructureKind.SOCIAL_CENTRE,
  mjc: StructureKind.SOCIAL_CENTRE,
  "fabrique-de-territoire": StructureKind.THIRD_PLACE,
  "france-travail": StructureKind.EMPLOYMENT_SERVICE,
  "mission-locale": StructureKind.EMPLOYMENT_SERVICE,
  "cap-emploi-reseau-cheops": StructureKind.EMPLOYMENT_SERVICE,
  "maisons-de-l-emploi": StructureKind.EMPLOYMENT_SERVICE,
  plie: StructureKind.EMPLOYMENT_SERVICE,
  "ecoles-de-la-deuxieme-chance": StructureKind.EMPLOYMENT_SERVICE,
  epide: StructureKind.EMPLOYMENT_SERVICE,
  emmaus: StructureKind.ASSOCIATION,
  "croix-rouge": StructureKind.ASSOCIATION,
  "secours-populaire": StructureKind.ASSOCIATION,
  "restos-du-coeur": StructureKind.ASSOCIATION,
  konexio: StructureKind.ASSOCIATION,
};

const PROGRAMME_BY_NETWORK: Record<string, Programme> = {
  "aidants-connect": Programme.AIDANTS_CONNECT,
  "conseillers-numeriques": Programme.CONSEILLERS_NUMERIQUES,
  "france-service": Programme.FRANCE_SERVICES,
  msap: Programme.FRANCE_SERVICES,
  "croix-rouge": Programme.CROIX_ROUGE,
  "grandes-ecoles-du-numerique": Programme.GRANDE_ECOLE_DU_NUMERIQUE,
};

const LABEL_BY_NETWORK: Record<string, Label> = {
  "fabrique-de-territoire": Label.FABRIQUES_DE_TERRITOIRE,
};

export function fromNetworks(networks: string[]): {
  kind: StructureKind;
  programmes: Programme[];
  labels: Label[];
} {
  const kind = networks.map((n) => KIND_BY_NETWORK[n]).find(Boolean) ?? StructureKind.OTHER;
  const programmes = [...new Set(networks.map((n) => PROGRAMME_BY_NETWORK[n]).filter(Boolean))];
  const labels = [...new Set(networks.map((n) => LABEL_BY_NETWORK[n]).filter(Boolean))];
  return { kind, programmes, labels };
}

const NETWORK_BY_KIND: Partial<Record<StructureKind, string>> = {
  CCAS: "ccas-cias",
  MUNICIPAL_SERVICE: "communes",
  PUBLIC_DIGITAL_SPACE: "espaces-publics-numeriques",
  FRANCE_SERVICES: "france-service",
};

const NETWORK_BY_PROGRAMME: Partial<Record<Programme, string>> = {
  AIDANTS_CONNECT: "aidants-connect",
  CONSEILLERS_NUMERIQUES: "conseillers-numeriques",
  FRANCE_SERVICES: "france-service",
  CROIX_ROUGE: "croix-rouge",
  GRANDE_ECOLE_DU_NUMERIQUE: "grandes-ecoles-du-numerique",
  EMMAUS_CONNECT: "emmaus",
  EMMAUS_CONNECT_DIGITAL_RELAY: "emmaus",
};

/** The data·inclusion networks a structure belongs to, from its kind, programmes and labels. */
export function networksOf(
  kind: StructureKind,
  programmes: Programme[],
  labels: Label[],
): string[] {
  const networks = [
    NETWORK_BY_KIND[kind],
    ...programmes.map((p) => NETWORK_BY_PROGRAMME[p]),
    labels.includes(Label.FABRIQUES_DE_TERRITOIRE) ? "fabrique-de-territoire" : undefined,
  ];
  return [...new Set(networks.filter((n): n is string => Boolean(n)))];
}
