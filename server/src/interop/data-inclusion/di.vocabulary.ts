import {
  AccessMode,
  Fee,
  Public,
  ServiceCategory,
  SupportMode,
} from "../../modules/vocabulary/vocabulary.enums";
import { categoryThematiques } from "../../modules/vocabulary/vocabulary.terms";

/**
 * Correspondences between our vocabularies and data·inclusion v1's (thematiques, publics, frais,
 * modes d'accueil and de mobilisation, types of service), in both directions.
 */

const CATEGORY_ORDER = Object.values(ServiceCategory);

/**
 * The need a service answers, from its thematiques: a need applies when its main thematique
 * (the first of `categoryThematiques`, always a `numerique--*` one) is present, and the need with
 * the most of its thematiques present wins (ties: the vocabulary's order). Null when none applies:
 * the service is not a digital-inclusion one.
 */
export function categoryOf(thematiques: string[]): ServiceCategory | null {
  const present = new Set(thematiques);
  let best: ServiceCategory | null = null;
  let bestScore = 0;
  for (const category of CATEGORY_ORDER) {
    const own = categoryThematiques[category];
    if (!present.has(own[0])) continue;
    const score = own.filter((t) => present.has(t)).length;
    if (score > bestScore) {
      best = category;
      bestScore = score;
    }
  }
  return best;
}

const PUBLIC_BY_DI: Record<string, Public> = {
  jeunes: Public.YOUTH,
  etudiants: Public.STUDENTS,
  familles: Public.FAMILIES,
  seniors: Public.SENIORS,
  femmes: Public.WOMEN,
};
const DI_BY_PUBLIC: Record<Public, string> = {
  YOUTH: "jeunes",
  STUDENTS: "etudiants",
  FAMILIES: "familles",
  SENIORS: "seniors",
  WOMEN: "femmes",
};

/** Our publics; `unmatched` are data·inclusion publics we have no term for. */
export function publicsFromDi(values: string[]): { publics: Public[]; unmatched: string[] } {
  const publics: Public[] = [];
  const unmatched: string[] = [];
  for (const value of values) {
    if (value === "tous-publics") continue;
    const p = PUBLIC_BY_DI[value];
    if (p) {
      if (!publics.includes(p)) publics.push(p);
    } else unmatched.push(value);
  }
  return { publics, unmatched };
}

/** data·inclusion publics: `tous-publics` alone when we name none. */
export function publicsToDi(publics: Public[]): string[] {
  return publics.length === 0
    ? ["tous-publics"]
    : [...new Set(publics.map((p) => DI_BY_PUBLIC[p]))];
}

export function feesFromDi(frais: string | null): Fee[] {
  return frais === "gratuit" ? [Fee.FREE] : frais === "payant" ? [Fee.PAID] : [];
}

/** data·inclusion has free or paid; the detail goes to `frais_precisions`. */
export function feesToDi(fees: Fee[]): "gratuit" | "payant" | null {
  if (fees.includes(Fee.PAID) || (fees.includes(Fee.PASS_NUMERIQUE) && !fees.includes(Fee.FREE)))
    return "payant";
  if (fees.includes(Fee.FREE) || fees.includes(Fee.FREE_UNDER_CONDITION)) return "gratuit";
  return null;
}

const SUPPORT_BY_TYPE: Record<string, SupportMode> = {
  atelier: SupportMode.COLLECTIVE,
  formation: SupportMode.COLLECTIVE,
  accompagnement: SupportMode.INDIVIDUAL,
};

export function supportModesFromDi(type: string | null, modesAccueil: string[]): SupportMode[] {
  const modes: SupportMode[] = [];
  const fromType = type ? SUPPORT_BY_TYPE[type] : undefined;
  if (fromType) modes.push(fromType);
  if (modesAccueil.includes("a-distance")) modes.push(SupportMode.REMOTE);
  return modes;
}

/** The type of a service: a workshop when it is collective, accompaniment when one-to-one. */
export function typeToDi(modes: SupportMode[]): string | null {
  if (modes.includes(SupportMode.COLLECTIVE)) return "atelier";
  if (modes.includes(SupportMode.INDIVIDUAL)) return "accompagnement";
  return null;
}

export function modesAccueilToDi(modes: SupportMode[]): string[] {
  const onSite = modes.length === 0 || modes.some((m) => m !== SupportMode.REMOTE);
  return [
    ...(onSite ? ["en-presentiel"] : []),
    ...(modes.includes(SupportMode.REMOTE) ? ["a-distance"] : []),
  ];
}

const ACCESS_BY_MOBILISATION: Record<string, AccessMode> = {
  "se-presenter": AccessMode.WALK_IN,
  telephoner: AccessMode.PHONE,
  "envoyer-un-courriel": AccessMode.EMAIL,
  "utiliser-lien-mobilisation": AccessMode.ONLINE_APPOINTMENT,
};
const MOBILISATION_BY_ACCESS: Partial<Record<AccessMode, string>> = {
  WALK_IN: "se-presenter",
  PHONE: "telephoner",
  EMAIL: "envoyer-un-courriel",
  PRESCRIPTION_EMAIL: "envoyer-un-courriel",
  ONLINE_APPOINTMENT: "utiliser-lien-mobilisation",
};

export function accessModesFromDi(values: string[]): AccessMode[] {
  return [...new Set(values.map((v) => ACCESS_BY_MOBILISATION[v]).filter(Boolean))];
}

export function accessModesToDi(modes: AccessMode[]): string[] | null {
  const values = [
    ...new Set(modes.map((m) => MOBILISATION_BY_ACCESS[m]).filter((v): v is string => !!v)),
  ];
  return values.length > 0 ? values : null;
}
