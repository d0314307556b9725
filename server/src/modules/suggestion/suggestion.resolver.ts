import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { Allow, Rule } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import { Public, ServiceCategory } from "../vocabulary/vocabulary.enums";
import { suggestStructures } from "./suggestion.service";
import { Suggestion, SuggestionOrigin } from "./suggestion.type";

@Resolver()
export class SuggestionResolver {
  @Allow(Rule.USER, Rule.TOKEN)
  @Query(() => [Suggestion], {
    description:
      "Structures ranked for a resident's need, each with its best offer and the reasons of its score.",
  })
  suggestStructures(
    @Arg("need", () => ServiceCategory) need: ServiceCategory,
    @Arg("from", () => SuggestionOrigin) from: SuggestionOrigin,
    @Arg("publics", () => [Public], { nullable: true }) publics: Public[] | null,
    @Arg("when", () => Date, { nullable: true, description: "Defaults to now." }) when: Date | null,
    @Arg("freeOnly", () => Boolean, { nullable: true }) freeOnly: boolean | null,
    @Arg("passNumerique", () => Boolean, {
      nullable: true,
      description: "Only offers accepting Pass numérique.",
    })
    passNumerique: boolean | null,
    @Arg("first", () => Int, { defaultValue: 10 }) first: number,
    @Ctx() ctx: Context,
  ): Promise<Suggestion[]> {
    return suggestStructures(ctx, { need, from, publics, when, freeOnly, passNumerique, first });
  }
}
