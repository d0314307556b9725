import type { Context } from "../graphql/context";
import { FieldErrors, NotFoundError, type ValidationError } from "../graphql/results";
import { actorOf } from "../modules/audit/audit.service";
import type { ImportDirectoryArgs } from "./import.args";
import type { ImportReport } from "./import-report";
import { runImport } from "./importer";
import { deleteUpload, findUpload } from "./upload.service";

/** A buffer as the stream the importer reads (the same path as a file on disk). */
export async function* chunksOf(content: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let i = 0; i < content.length; i += size) yield content.subarray(i, i + size);
}

/**
 * Imports a file given inline or uploaded before, for admins and coordinators (the resolver's
 * rule). An uploaded file is forgotten once imported for good.
 */
export async function importDirectory(
  ctx: Context,
  args: ImportDirectoryArgs,
): Promise<ImportReport | ValidationError | NotFoundError> {
  const hasContent = args.content !== undefined && args.content !== null;
  const hasUpload = args.uploadId !== undefined && args.uploadId !== null;
  if (hasContent === hasUpload) {
    return new FieldErrors()
      .add(
        hasContent ? "uploadId" : "content",
        hasContent ? "INCOMPATIBLE" : "REQUIRED",
        "Donnez soit le contenu du fichier (content), soit l'identifiant d'un fichier envoyé (uploadId).",
      )
      .result()!;
  }
  let file: { name: string; content: Buffer };
  if (hasUpload) {
    const userId = ctx.viewer.kind === "user" ? ctx.viewer.user.id : null;
    const upload = userId && (await findUpload(ctx.dataSource, userId, args.uploadId!));
    if (!upload) return new NotFoundError("Upload");
    file = upload;
  } else {
    file = { name: "contenu", content: Buffer.from(args.content!, "utf8") };
  }
  const report = await runImport(
    ctx.dataSource,
    [{ name: file.name, stream: chunksOf(file.content) }],
    {
      format: args.format,
      dryRun: args.dryRun,
      actor: actorOf(ctx.viewer) as { type: "user"; id: string },
      ip: ctx.ip,
      geocoding: ctx.geocoding,
    },
  );
  if (report.committed && hasUpload) await deleteUpload(ctx.dataSource, args.uploadId!);
  ctx.loaders.structureById.clearAll();
  ctx.loaders.offersByStructure.clearAll();
  return report;
}
