import { Public } from "../../graphql/auth";
import { Field, ObjectType, Query, Resolver } from "type-graphql";
import {
  accessModeTerms,
  categoryTerms,
  categoryThematiques,
  feeTerms,
  labelTerms,
  mobilityTerms,
  programmeTerms,
  publicTerms,
  specificSupportTerms,
  structureKindTerms,
  supportModeTerms,
  type TermLabels,
} from "./vocabulary.terms";

@ObjectType({ description: "One value of a vocabulary with what people read for it." })
export class VocabularyTerm {
  @Field({ description: "The enum value used by the API." })
  value: string;

  @Field({ description: "French label; the national standard's own value where it has one." })
  label: string;

  @Field({ description: "English label." })
  labelEn: string;

  @Field(() => [String], { description: "data·inclusion v1 thematiques (needs only)." })
  thematiques: string[];
}

@ObjectType({ description: "Every controlled vocabulary of the directory." })
export class Vocabularies {
  @Field(() => [VocabularyTerm]) categories: VocabularyTerm[];
  @Field(() => [VocabularyTerm]) publics: VocabularyTerm[];
  @Field(() => [VocabularyTerm]) fees: VocabularyTerm[];
  @Field(() => [VocabularyTerm]) supportModes: VocabularyTerm[];
  @Field(() => [VocabularyTerm]) accessModes: VocabularyTerm[];
  @Field(() => [VocabularyTerm]) programmes: VocabularyTerm[];
  @Field(() => [VocabularyTerm]) labels: VocabularyTerm[];
  @Field(() => [VocabularyTerm]) specificSupports: VocabularyTerm[];
  @Field(() => [VocabularyTerm]) mobility: VocabularyTerm[];
  @Field(() => [VocabularyTerm]) structureKinds: VocabularyTerm[];
}

function list(terms: Record<string, TermLabels>, thematiques: Record<string, string[]> = {}) {
  return Object.entries(terms).map(([value, { fr, en }]) => ({
    value,
    label: fr,
    labelEn: en,
    thematiques: thematiques[value] ?? [],
  }));
}

const vocabularies: Vocabularies = {
  categories: list(categoryTerms, categoryThematiques),
  publics: list(publicTerms),
  fees: list(feeTerms),
  supportModes: list(supportModeTerms),
  accessModes: list(accessModeTerms),
  programmes: list(programmeTerms),
  labels: list(labelTerms),
  specificSupports: list(specificSupportTerms),
  mobility: list(mobilityTerms),
  structureKinds: list(structureKindTerms),
};

@Resolver()
export class VocabularyResolver {
  @Public()
  @Query(() => Vocabularies, { description: "Labels of every enum, for forms and filters." })
  vocabularies(): Vocabularies {
    return vocabularies;
  }
}
