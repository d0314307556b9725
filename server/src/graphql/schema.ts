import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import "../modules/vocabulary/vocabulary.enums";
import { DistrictResolver } from "../modules/district/district.resolver";
import { OfferResolver } from "../modules/offer/offer.resolver";
import { StructureResolver } from "../modules/structure/structure.resolver";
import { VocabularyResolver } from "../modules/vocabulary/vocabulary.resolver";

export const resolvers = [
  DistrictResolver,
  StructureResolver,
  OfferResolver,
  VocabularyResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema, built once per process from the resolvers' decorators. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, validate: false });
  return built;
}
