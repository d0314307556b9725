import { Arg, Ctx, createUnionType, ID, Int, Mutation, Resolver } from "type-graphql";
import { Allow, Rule } from "../../graphql/auth";
import { ConflictError } from "../../graphql/conflict-error";
import type { Context } from "../../graphql/context";
import { NotFoundError, ValidationError } from "../../graphql/results";
import { createOffer, setOfferActive, updateOffer } from "./offer-edit.service";
import { ServiceOffer } from "./offer.entity";
import { CreateOfferInput, UpdateOfferInput } from "./offer.input";

export const OfferResult = createUnionType({
  name: "OfferResult",
  types: () => [ServiceOffer, ValidationError, NotFoundError, ConflictError] as const,
});

/**
 * Editing offers: the structure's managers, coordinators and admins (checked in the service).
 * Offers of an archived structure give a ValidationError coded ARCHIVED.
 */
@Resolver()
export class OfferEditResolver {
  @Allow(Rule.ADMIN, Rule.COORDINATOR, Rule.MEMBER)
  @Mutation(() => OfferResult, { description: "Adds an offer to a structure." })
  createOffer(
    @Arg("structureId", () => ID) structureId: string,
    @Arg("input", () => CreateOfferInput) input: CreateOfferInput,
    @Ctx() ctx: Context,
  ): Promise<typeof OfferResult> {
    return createOffer(ctx, structureId, input);
  }

  @Allow(Rule.ADMIN, Rule.COORDINATOR, Rule.MEMBER)
  @Mutation(() => OfferResult, {
    description: "Changes an offer; ConflictError when it changed since `expectedVersion`.",
  })
  updateOffer(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("input", () => UpdateOfferInput) input: UpdateOfferInput,
    @Ctx() ctx: Context,
  ): Promise<typeof OfferResult> {
    return updateOffer(ctx, id, expectedVersion, input);
  }

  @Allow(Rule.ADMIN, Rule.COORDINATOR, Rule.MEMBER)
  @Mutation(() => OfferResult, {
    description: "Suspends an offer: it leaves the directory until resumed.",
  })
  suspendOffer(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<typeof OfferResult> {
    return setOfferActive(ctx, id, expectedVersion, false);
  }

  @Allow(Rule.ADMIN, Rule.COORDINATOR, Rule.MEMBER)
  @Mutation(() => OfferResult, { description: "Puts a suspended offer back in the directory." })
  resumeOffer(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<typeof OfferResult> {
    return setOfferActive(ctx, id, expectedVersion, true);
  }
}
