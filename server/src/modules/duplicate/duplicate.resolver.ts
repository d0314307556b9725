import { Arg, Ctx, createUnionType, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { Allow, Rule } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import { NotFoundError, ValidationError } from "../../graphql/results";
import { dismissPossibleDuplicate, listPossibleDuplicates } from "./duplicate.service";
import { PossibleDuplicate, PossibleDuplicateStatus, StructureMerge } from "./duplicate.type";
import { mergeStructures } from "./structure-merge.service";

export const StructureMergeResult = createUnionType({
  name: "StructureMergeResult",
  types: () => [StructureMerge, ValidationError, NotFoundError] as const,
});

export const PossibleDuplicateResult = createUnionType({
  name: "PossibleDuplicateResult",
  types: () => [PossibleDuplicate, ValidationError, NotFoundError] as const,
});

/** Duplicates in the directory: listed by imports, decided by coordinators and admins. */
@Resolver()
export class DuplicateResolver {
  @Allow(Rule.ADMIN, Rule.COORDINATOR)
  @Query(() => [PossibleDuplicate], {
    description:
      "Pairs of structures an import found close but not enough to merge (coordinators and admins), most similar first.",
  })
  possibleDuplicates(
    @Arg("status", () => PossibleDuplicateStatus, { defaultValue: PossibleDuplicateStatus.OPEN })
    status: PossibleDuplicateStatus,
    @Arg("first", () => Int, { defaultValue: 50, description: "200 at most." }) first: number,
    @Ctx() ctx: Context,
  ): Promise<PossibleDuplicate[]> {
    return listPossibleDuplicates(ctx, status, first);
  }

  @Allow(Rule.ADMIN, Rule.COORDINATOR)
  @Mutation(() => StructureMergeResult, {
    description:
      "Merges `mergeId` into `keepId` (coordinators and admins): referrals, offers, members, " +
      "programme records, source ids and children move to the kept structure, which takes the " +
      "absorbed one's values where it has none; the absorbed one is archived (`mergedIntoId`). " +
      "ValidationError coded SAME_STRUCTURE or ARCHIVED.",
  })
  mergeStructures(
    @Arg("keepId", () => ID) keepId: string,
    @Arg("mergeId", () => ID) mergeId: string,
    @Ctx() ctx: Context,
  ): Promise<typeof StructureMergeResult> {
    return mergeStructures(ctx, keepId, mergeId);
  }

  @Allow(Rule.ADMIN, Rule.COORDINATOR)
  @Mutation(() => PossibleDuplicateResult, {
    description:
      "The two structures are different places (coordinators and admins): the pair is not proposed again. ValidationError coded ALREADY_DECIDED.",
  })
  dismissPossibleDuplicate(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<typeof PossibleDuplicateResult> {
    return dismissPossibleDuplicate(ctx, id);
  }
}
