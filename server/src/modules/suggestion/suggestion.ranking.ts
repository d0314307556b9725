import { Fee, type Public } from "../vocabulary/vocabulary.enums";

/**
 * The ranking of suggestions, documented in docs/suggestions.md. Every factor is a value from 0
 * to 1; the score is their weighted sum, so it is also between 0 and 1.
 */
export enum SuggestionFactor {
  NEED_MATCH = "NEED_MATCH",
  DISTANCE = "DISTANCE",
  SAME_DISTRICT = "SAME_DISTRICT",
  OPEN_SOON = "OPEN_SOON",
  FEES = "FEES",
  PASS_NUMERIQUE = "PASS_NUMERIQUE",
  LOAD = "LOAD",
  ACCEPTANCE_RATE = "ACCEPTANCE_RATE",
  RESPONSIVENESS = "RESPONSIVENESS",
}

export const WEIGHTS: Record<SuggestionFactor, number> = {
  NEED_MATCH: 0.2,
  DISTANCE: 0.25,
  SAME_DISTRICT: 0.1,
  OPEN_SOON: 0.1,
  FEES: 0.1,
  PASS_NUMERIQUE: 0.05,
  LOAD: 0.1,
  ACCEPTANCE_RATE: 0.05,
  RESPONSIVENESS: 0.05,
};

/** Distance at which the distance factor reaches 0. */
export const DISTANCE_SCALE_METERS = 10_000;
/** History is trusted from this many answered referrals in the last 90 days; neutral before. */
export const MIN_HISTORY = 3;
const NEUTRAL = 0.5;

export interface Candidate {
  offerPublics: Public[];
  offerFees: Fee[];
  distanceMeters: number | null;
  sameDistrict: boolean;
  /** true: opens within 7 days; false: does not; null: no opening hours known. */
  opensWithinWeek: boolean | null;
  capacityPerWeek: number | null;
  openReferrals: number;
  answered: number;
  accepted: number;
  medianHoursToAnswer: number | null;
}

export interface Component {
  factor: SuggestionFactor;
  value: number;
  weight: number;
  points: number;
  explanation: string;
}

function feesValue(fees: Fee[]): [number, string] {
  if (fees.includes(Fee.FREE)) return [1, "gratuit"];
  if (fees.includes(Fee.FREE_UNDER_CONDITION)) return [0.7, "gratuit sous condition"];
  if (fees.includes(Fee.PASS_NUMERIQUE)) return [0.6, "payable en Pass numérique"];
  if (fees.includes(Fee.PAID)) return [0.2, "payant"];
  return [NEUTRAL, "tarif non renseigné"];
}

// One formatter for the process: `toLocaleString` builds one per call (about 20 µs each, for
// every candidate of every request); the output is the same.
const kmFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
const km = (m: number) => `${kmFormat.format(m / 1000)} km`;

/** The components of a candidate's score, in the order of `WEIGHTS`. */
export function scoreComponents(c: Candidate, publics: Public[]): Component[] {
  const addressed = publics.length > 0 && c.offerPublics.some((p) => publics.includes(p));
  const values: Record<SuggestionFactor, [number, string]> = {
    NEED_MATCH: addressed
      ? [1, "offre dédiée à ce public"]
      : [
          publics.length ? 0.8 : 1,
          publics.length ? "offre ouverte à tous les publics" : "répond au besoin",
        ],
    DISTANCE:
      c.distanceMeters === null
        ? [0, "lieu non localisé"]
        : [Math.max(0, 1 - c.distanceMeters / DISTANCE_SCALE_METERS), `à ${km(c.distanceMeters)}`],
    SAME_DISTRICT: c.sameDistrict ? [1, "dans le même quartier"] : [0, "dans un autre quartier"],
    OPEN_SOON:
      c.opensWithinWeek === null
        ? [NEUTRAL, "horaires non renseignés"]
        : c.opensWithinWeek
          ? [1, "ouvert dans les 7 jours"]
          : [0, "pas d'ouverture dans les 7 jours"],
    FEES: feesValue(c.offerFees),
    PASS_NUMERIQUE: c.offerFees.includes(Fee.PASS_NUMERIQUE)
      ? [1, "accepte le Pass numérique"]
      : [0, "sans Pass numérique"],
    LOAD:
      c.capacityPerWeek === null
        ? [NEUTRAL, "capacité non déclarée"]
        : [
            1 - Math.min(1, c.openReferrals / c.capacityPerWeek),
            `${c.openReferrals} orientation(s) en cours pour ${c.capacityPerWeek} places par semaine`,
          ],
    ACCEPTANCE_RATE:
      c.answered < MIN_HISTORY
        ? [NEUTRAL, "pas assez d'historique"]
        : [
            c.accepted / c.answered,
            `${Math.round((100 * c.accepted) / c.answered)} % d'orientations acceptées sur 90 jours`,
          ],
    RESPONSIVENESS:
      c.answered < MIN_HISTORY || c.medianHoursToAnswer === null
        ? [NEUTRAL, "pas assez d'historique"]
        : [
            1 / (1 + c.medianHoursToAnswer / 48),
            `réponse en ${Math.round(c.medianHoursToAnswer)} h (médiane sur 90 jours)`,
          ],
  };
  return (Object.keys(WEIGHTS) as SuggestionFactor[]).map((factor) => {
    const [value, explanation] = values[factor];
    const weight = WEIGHTS[factor];
    return { factor, value, weight, points: value * weight, explanation };
  });
}

export const totalScore = (components: Component[]) =>
  components.reduce((sum, c) => sum + c.points, 0);
