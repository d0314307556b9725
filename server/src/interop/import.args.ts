import { ArgsType, Field, ID } from "type-graphql";
import { ImportFormat } from "./interop.enums";

@ArgsType()
export class ImportDirectoryArgs {
  @Field(() => ImportFormat)
  format: ImportFormat;

  @Field(() => String, {
    nullable: true,
    description:
      "The file itself, for small files (the request body is limited to 100 KB). Give either " +
      "`content` or `uploadId`.",
  })
  content?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "A file sent before with `POST /imports/uploads` (20 MB at most, kept 24 hours): preview it " +
      "with `dryRun: true`, then import it with `dryRun: false`.",
  })
  uploadId?: string | null;

  @Field({
    description: "true: check and report what the import would do, and write nothing.",
  })
  dryRun: boolean;
}
