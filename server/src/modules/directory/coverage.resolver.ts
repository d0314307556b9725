import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { Public } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import { ServiceCategory } from "../vocabulary/vocabulary.enums";
import { Coverage } from "./coverage.type";
import { coverage } from "./coverage.service";

@Resolver()
export class CoverageResolver {
  // Public: it aggregates the public directory and holds no personal data.
  @Public()
  @Query(() => Coverage, {
    description: "District × need matrix; every need when `categories` is omitted.",
  })
  coverage(
    @Arg("categories", () => [ServiceCategory], { nullable: true })
    categories: ServiceCategory[] | null,
    @Ctx() ctx: Context,
  ): Promise<Coverage> {
    return coverage(ctx, categories);
  }
}
