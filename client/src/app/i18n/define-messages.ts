export type Locale = "fr" | "en";
export const LOCALES: readonly Locale[] = ["fr", "en"];

/** A feature's messages: French first, English with exactly the same keys. */
export function defineMessages<K extends string>(
  fr: Record<K, string>,
  en: Record<K, string>,
): Record<Locale, Record<K, string>> {
  return { fr, en };
}
