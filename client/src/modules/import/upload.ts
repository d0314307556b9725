import type { ImportFormat } from "@/gql/graphql";

/** The server's limit for `POST /imports/uploads` (server/src/interop/upload.service.ts). */
export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/** What `POST /imports/uploads` answers (201). */
export interface StoredUpload {
  uploadId: string;
  size: number;
  expiresAt: string;
}

/** A refused upload: the HTTP status (0 when the server was not reached) and the server's code. */
export class UploadError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
    this.name = "UploadError";
  }
}

const CONTENT_TYPES: Record<ImportFormat, string> = {
  LIEUX_MEDIATION_NUMERIQUE: "text/csv",
  DATA_INCLUSION: "application/json",
};

/** The format a file's extension says, if it says one. */
export function formatOfFileName(name: string): ImportFormat | null {
  if (/\.csv$/i.test(name)) return "LIEUX_MEDIATION_NUMERIQUE";
  if (/\.json$/i.test(name)) return "DATA_INCLUSION";
  return null;
}

function isStoredUpload(body: unknown): body is StoredUpload {
  return (
    typeof body === "object" &&
    body !== null &&
    typeof (body as StoredUpload).uploadId === "string" &&
    typeof (body as StoredUpload).size === "number"
  );
}

/** The first of the GraphQL-style errors the route answers: `{ errors: [{ message, extensions: { code } }] }`. */
function firstError(body: unknown): { code: string | null; message: string } | null {
  const error = (body as { errors?: { message?: unknown; extensions?: { code?: unknown } }[] })
    ?.errors?.[0];
  if (!error) return null;
  return {
    code: typeof error.extensions?.code === "string" ? error.extensions.code : null,
    message: typeof error.message === "string" ? error.message : "",
  };
}

/**
 * Sends `file` as the raw body of `POST /imports/uploads` (session cookie, same origin), with
 * XMLHttpRequest for its upload progress events. Rejects with an UploadError.
 */
export function uploadFile(
  file: File,
  format: ImportFormat,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<StoredUpload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/imports/uploads");
    xhr.setRequestHeader("content-type", CONTENT_TYPES[format]);
    xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON (a proxy's error page): the status says enough
      }
      if (xhr.status === 201 && isStoredUpload(body)) {
        onProgress(file.size, file.size);
        resolve(body);
        return;
      }
      const error = firstError(body);
      reject(new UploadError(xhr.status, error?.code ?? null, error?.message ?? xhr.statusText));
    };
    xhr.onerror = () => reject(new UploadError(0, null, "network error"));
    xhr.onabort = () => reject(new UploadError(0, "ABORTED", "aborted"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
