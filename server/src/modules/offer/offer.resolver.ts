import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from "type-graphql";
import { Public } from "../../graphql/auth";
import { PageArgs } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { DirectoryFilter, DirectoryOrder } from "../directory/directory.filter";
import { searchOffers } from "../directory/directory-search.service";
import { offerPageColumns } from "../directory/directory-columns";
import { Structure } from "../structure/structure.entity";
import { ServiceOffer } from "./offer.entity";
import { ServiceOfferConnection } from "./offer.type";

@Resolver(() => ServiceOffer)
export class OfferResolver {
  @Public()
  @Query(() => ServiceOfferConnection, {
    description:
      "Search active offers with the directory's filter, when the caller wants offers rather than structures.",
  })
  offers(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg("filter", () => DirectoryFilter, { nullable: true }) filter: DirectoryFilter | null,
    @Arg("orderBy", () => DirectoryOrder, { nullable: true }) orderBy: DirectoryOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ServiceOfferConnection> {
    // Only the columns the selection reads (directory-columns.ts).
    return searchOffers(ctx, { filter, orderBy, first, after }, offerPageColumns(info));
  }

  @FieldResolver(() => Structure)
  async structure(@Root() offer: ServiceOffer, @Ctx() ctx: Context): Promise<Structure> {
    const structure = await ctx.loaders.structureById.load(offer.structureId);
    if (!structure) throw new Error(`offer ${offer.id} has no structure`);
    return structure;
  }
}
