import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context";
import { Structure } from "../structure/structure.entity";
import { ServiceOffer } from "./offer.entity";

@Resolver(() => ServiceOffer)
export class OfferResolver {
  @FieldResolver(() => Structure)
  async structure(@Root() offer: ServiceOffer, @Ctx() ctx: Context): Promise<Structure> {
    const structure = await ctx.loaders.structureById.load(offer.structureId);
    if (!structure) throw new Error(`offer ${offer.id} has no structure`);
    return structure;
  }
}
