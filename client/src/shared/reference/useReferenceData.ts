import { useQuery } from "@apollo/client/react";
import { useCallback, useMemo } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { ReferenceDataDocument, type ReferenceDataQuery } from "@/gql/graphql";

export type Vocabulary = Exclude<keyof ReferenceDataQuery["vocabularies"], "__typename">;
export type District = ReferenceDataQuery["districts"][number];
export interface Term {
  value: string;
  label: string;
}

/**
 * Vocabularies (in the chosen language) and districts, fetched once per session. `label` falls
 * back to the raw value while loading, so a page never shows an empty word.
 */
export function useReferenceData() {
  const { locale } = useI18n();
  const { data, loading, error } = useQuery(ReferenceDataDocument, { fetchPolicy: "cache-first" });

  const byVocabulary = useMemo(() => {
    const map = new Map<Vocabulary, Term[]>();
    if (!data) return map;
    for (const [name, terms] of Object.entries(data.vocabularies)) {
      if (!Array.isArray(terms)) continue;
      map.set(
        name as Vocabulary,
        terms.map((t) => ({ value: t.value, label: locale === "en" ? t.labelEn : t.label })),
      );
    }
    return map;
  }, [data, locale]);

  const terms = useCallback(
    (vocabulary: Vocabulary) => byVocabulary.get(vocabulary) ?? [],
    [byVocabulary],
  );

  const label = useCallback(
    (vocabulary: Vocabulary, value: string) =>
      byVocabulary.get(vocabulary)?.find((t) => t.value === value)?.label ?? value,
    [byVocabulary],
  );

  const districts: District[] = useMemo(() => data?.districts ?? [], [data]);
  const districtName = useCallback(
    (code: string | null | undefined) =>
      code ? (districts.find((d) => d.code === code)?.name ?? code) : "",
    [districts],
  );

  return { loading, error, terms, label, districts, districtName };
}
