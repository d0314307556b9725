import type { TermLabels } from "../modules/vocabulary/vocabulary.terms";

/**
 * Reading the French labels of a vocabulary as files write them. Producers (and the standard's own
 * descriptions) vary in accents, case, apostrophes and the space before a parenthesis
 * ("Étapes numériques(La Poste)" in the pattern, "Étapes numériques (La Poste)" in the text):
 * labels are compared on a key that ignores those, so only a really unknown value is refused.
 */
export function termKey(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[«»“”]/g, '"')
    .replace(/\s*([()"])\s*/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/** Multi-valued cells: `|` in the standard, `;` in files made before v1. */
export function splitValues(cell: string): string[] {
  return cell
    .split(/[|;]/)
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

/** One vocabulary, by French label (and a few aliases), in both directions. */
export class TermMatcher<E extends string> {
  private readonly byKey = new Map<string, E>();

  constructor(
    private readonly terms: Record<E, TermLabels>,
    aliases: Record<string, E> = {},
  ) {
    for (const [value, { fr }] of Object.entries(terms) as [E, TermLabels][]) {
      this.byKey.set(termKey(fr), value);
    }
    for (const [alias, value] of Object.entries(aliases)) this.byKey.set(termKey(alias), value);
  }

  match(label: string): E | undefined {
    return this.byKey.get(termKey(label));
  }

  /** The label the standard writes for `value`. */
  label(value: E): string {
    return this.terms[value].fr;
  }

  /** Every label, in the vocabulary's order (for messages). */
  labels(exclude: E[] = []): string[] {
    return (Object.keys(this.terms) as E[])
      .filter((v) => !exclude.includes(v))
      .map((v) => this.label(v));
  }
}

/** Values in the vocabulary's order, without duplicates (how exports write a set). */
export function inVocabularyOrder<E extends string>(values: Iterable<E>, order: readonly E[]): E[] {
  const present = new Set(values);
  return order.filter((v) => present.has(v));
}
