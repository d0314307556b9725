import express, { type Request, type Response, Router } from "express";
import type { DataSource } from "typeorm";
import type { Config } from "../config";
import { isStorableText } from "../graphql/input-guard";
import { corsAllowList } from "../http/security";
import type { AppLogger } from "../logger";
import { credentialsFrom } from "../modules/identity/credentials";
import { authenticate, isAdmin, isCoordinator } from "../modules/identity/viewer";
import { diJson } from "./export/di.export";
import { lmnCsv } from "./export/lmn.export";
import { storeUpload, UPLOAD_LIMIT_BYTES } from "./upload.service";

export interface InteropDeps {
  config: Pick<Config, "corsOrigins">;
  dataSource: DataSource;
  logger: AppLogger;
}

/** Content types a browser cannot send cross-site without a CORS preflight (CSRF-safe). */
const UPLOAD_TYPES = new Set(["text/csv", "application/json", "application/octet-stream"]);

const failure = (res: Response, status: number, code: string, message: string) =>
  res.status(status).json({ errors: [{ message, extensions: { code } }] });

/** The `x-file-name` header, URL-encoded by clients (non-ASCII names). */
function fileNameOf(header: string): string | null {
  let name: string;
  try {
    name = decodeURIComponent(header).slice(0, 200);
  } catch {
    name = header.slice(0, 200);
  }
  // A name PostgreSQL cannot store (NUL, lone surrogate) is dropped, not a 500.
  return isStorableText(name) ? name : null;
}

/** Writes `chunks` as they come, waiting when the client reads slowly; stops if it leaves. */
async function stream(
  res: Response,
  logger: AppLogger,
  chunks: AsyncGenerator<string>,
  type: string,
  fileName: string,
): Promise<void> {
  let gone = false;
  res.on("close", () => (gone = true));
  try {
    for await (const chunk of chunks) {
      if (!res.headersSent) {
        res.status(200).type(type);
        res.setHeader("content-disposition", `attachment; filename="${fileName}"`);
        res.setHeader("cache-control", "public, max-age=60");
        // Open data: readable from any site (no credentials are involved).
        res.setHeader("access-control-allow-origin", "*");
        res.setHeader("cross-origin-resource-policy", "cross-origin");
      }
      if (gone) break;
      if (!res.write(chunk)) {
        await new Promise<void>((resolve) => {
          res.once("drain", resolve);
          res.once("close", resolve);
        });
      }
    }
    if (gone) await chunks.return(undefined);
    else res.end();
  } catch (err) {
    logger.error({ err, path: fileName }, "export failed");
    if (!res.headersSent) failure(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
    else res.destroy(err as Error);
  }
}

/**
 * Public exports of the directory in the national formats (archived structures excluded), and
 * the upload of a file to import (admins and coordinators, by session).
 */
export function interopRoutes({ config, dataSource, logger }: InteropDeps): Router {
  const router = Router();

  router.get("/exports/lieux-mediation-numerique.csv", (_req, res) =>
    stream(
      res,
      logger,
      lmnCsv(dataSource),
      "text/csv; charset=utf-8",
      "lieux-mediation-numerique.csv",
    ),
  );
  router.get("/exports/data-inclusion/structures.json", (_req, res) =>
    stream(
      res,
      logger,
      diJson(dataSource, "structures"),
      "application/json; charset=utf-8",
      "structures.json",
    ),
  );
  router.get("/exports/data-inclusion/services.json", (_req, res) =>
    stream(
      res,
      logger,
      diJson(dataSource, "services"),
      "application/json; charset=utf-8",
      "services.json",
    ),
  );

  const readBody = express.raw({ type: () => true, limit: UPLOAD_LIMIT_BYTES });
  router.options("/imports/uploads", corsAllowList(config));
  router.post(
    "/imports/uploads",
    corsAllowList(config),
    async (req: Request, res: Response, next) => {
      try {
        const type = String(req.headers["content-type"] ?? "")
          .split(";")[0]
          .trim()
          .toLowerCase();
        if (!UPLOAD_TYPES.has(type)) {
          return failure(
            res,
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            "Send the file as text/csv, application/json or application/octet-stream",
          );
        }
        const viewer = await authenticate(dataSource, credentialsFrom(req.headers));
        if (viewer.kind !== "user") {
          return failure(res, 401, "UNAUTHENTICATED", "Sign in to upload a file");
        }
        if (!isAdmin(viewer) && !isCoordinator(viewer)) {
          return failure(res, 403, "FORBIDDEN", "Only coordinators and admins import files");
        }
        readBody(req, res, async (err?: unknown) => {
          if (err) return next(err);
          try {
            const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
            const rawName = req.headers["x-file-name"];
            const fileName = typeof rawName === "string" ? fileNameOf(rawName) : null;
            res.status(201).json(await storeUpload(dataSource, viewer.user.id, fileName, body));
          } catch (error) {
            next(error);
          }
        });
      } catch (error) {
        next(error);
      }
    },
  );
  return router;
}
