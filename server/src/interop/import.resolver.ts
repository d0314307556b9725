import { Args, Ctx, createUnionType, Mutation, Resolver } from "type-graphql";
import { Allow, Rule } from "../graphql/auth";
import type { Context } from "../graphql/context";
import { NotFoundError, ValidationError } from "../graphql/results";
import { ImportDirectoryArgs } from "./import.args";
import { importDirectory } from "./import.service";
import { ImportReport } from "./import-report";

export const ImportDirectoryResult = createUnionType({
  name: "ImportDirectoryResult",
  types: () => [ImportReport, ValidationError, NotFoundError] as const,
});

/** Loading the network from the national exchange formats. */
@Resolver()
export class ImportResolver {
  @Allow(Rule.ADMIN, Rule.COORDINATOR)
  @Mutation(() => ImportDirectoryResult, {
    description:
      "Imports a « lieux de médiation numérique » CSV or data·inclusion JSON file into the " +
      "directory (admins and coordinators), or with `dryRun` reports what it would do. " +
      "A refused file gives a report with `fileError`; an unknown upload, NotFoundError.",
  })
  importDirectory(
    @Args(() => ImportDirectoryArgs) args: ImportDirectoryArgs,
    @Ctx() ctx: Context,
  ): Promise<typeof ImportDirectoryResult> {
    return importDirectory(ctx, args);
  }
}
