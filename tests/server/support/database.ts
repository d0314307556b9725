import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { type Database, migrate, openDatabase } from "../../../server/src/db/data-source";
import type { AppLogger } from "../../../server/src/logger";

/**
 * A throwaway database for one test file: a fresh PostgreSQL database when DATABASE_URL is set
 * (so files run in parallel without sharing rows), else an in-memory embedded database.
 */
export interface TestDatabase {
  db: Database;
  /** The URL of the fresh database, or undefined for the embedded one. */
  url: string | undefined;
  /** Makes the database unreachable for the app (drops it, or shuts the embedded engine). */
  makeUnreachable(): Promise<void>;
  destroy(): Promise<void>;
}

async function admin<T>(baseUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(logger: AppLogger): Promise<TestDatabase> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const db = await openDatabase({ databaseUrl: undefined, dataDir: "memory://" }, logger);
    await migrate(db);
    return {
      db,
      url: undefined,
      makeUnreachable: () => db.close(),
      destroy: () => db.close().catch(() => undefined),
    };
  }
  const name = `maillage_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await admin(baseUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: "" }, logger);
  await migrate(db);
  const drop = () => admin(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  return {
    db,
    url: url.toString(),
    makeUnreachable: async () => {
      await drop();
    },
    destroy: async () => {
      await db.close().catch(() => undefined);
      await drop();
    },
  };
}
