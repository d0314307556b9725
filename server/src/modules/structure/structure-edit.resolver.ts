import { Arg, Ctx, createUnionType, ID, Int, Mutation, Resolver } from "type-graphql";
import { Allow, Rule } from "../../graphql/auth";
import { ConflictError } from "../../graphql/conflict-error";
import type { Context } from "../../graphql/context";
import { NotFoundError, ValidationError } from "../../graphql/results";
import { archiveStructure, createStructure, updateStructure } from "./structure-edit.service";
import { Structure } from "./structure.entity";
import { CreateStructureInput, UpdateStructureInput } from "./structure.input";

export const StructureResult = createUnionType({
  name: "StructureResult",
  types: () => [Structure, ValidationError, NotFoundError, ConflictError] as const,
});

/** Editing the network's structures; who may do what is decided in the service, per row. */
@Resolver()
export class StructureEditResolver {
  @Allow(Rule.ADMIN, Rule.COORDINATOR, Rule.MEMBER)
  @Mutation(() => StructureResult, {
    description: "Adds a structure to the network (coordinators and admins).",
  })
  createStructure(
    @Arg("input", () => CreateStructureInput) input: CreateStructureInput,
    @Ctx() ctx: Context,
  ): Promise<typeof StructureResult> {
    return createStructure(ctx, input);
  }

  @Allow(Rule.ADMIN, Rule.COORDINATOR, Rule.MEMBER)
  @Mutation(() => StructureResult, {
    description:
      "Changes a structure (its managers, coordinators, admins). ConflictError when it changed " +
      "since `expectedVersion`; an archived structure gives a ValidationError coded ARCHIVED.",
  })
  updateStructure(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("input", () => UpdateStructureInput) input: UpdateStructureInput,
    @Ctx() ctx: Context,
  ): Promise<typeof StructureResult> {
    return updateStructure(ctx, id, expectedVersion, input);
  }

  @Allow(Rule.ADMIN, Rule.COORDINATOR, Rule.MEMBER)
  @Mutation(() => StructureResult, {
    description:
      "Takes a structure out of the directory, keeping its history (its managers, coordinators, admins).",
  })
  archiveStructure(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<typeof StructureResult> {
    return archiveStructure(ctx, id, expectedVersion);
  }
}
