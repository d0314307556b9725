import type { DataSource } from "typeorm";

/** Files sent for import wait in the database (any instance can import them) for a day. */
export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;
const UPLOAD_TTL_HOURS = 24;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface StoredUpload {
  uploadId: string;
  size: number;
  expiresAt: string;
}

/** Keeps a file for `userId`; expired files of everyone go at the same time. */
export async function storeUpload(
  dataSource: DataSource,
  userId: string,
  fileName: string | null,
  content: Buffer,
): Promise<StoredUpload> {
  await dataSource.query(`DELETE FROM import_upload WHERE expires_at < now()`);
  const [row] = await dataSource.query(
    `INSERT INTO import_upload (user_id, file_name, size, content, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))
     RETURNING id, size, expires_at`,
    [userId, fileName, content.length, content, UPLOAD_TTL_HOURS],
  );
  return {
    uploadId: row.id,
    size: row.size,
    expiresAt: new Date(row.expires_at).toISOString(),
  };
}

/** The file `uploadId` of `userId`, if it has not expired. */
export async function findUpload(
  dataSource: DataSource,
  userId: string,
  uploadId: string,
): Promise<{ name: string; content: Buffer } | null> {
  if (!UUID.test(uploadId)) return null;
  const [row] = await dataSource.query(
    `SELECT file_name, content FROM import_upload WHERE id = $1 AND user_id = $2 AND expires_at > now()`,
    [uploadId, userId],
  );
  if (!row) return null;
  return { name: row.file_name ?? "fichier envoyé", content: Buffer.from(row.content) };
}

export async function deleteUpload(dataSource: DataSource, uploadId: string): Promise<void> {
  await dataSource.query(`DELETE FROM import_upload WHERE id = $1`, [uploadId]);
}
