import type { Pool } from "pg";
import type { DataSource } from "typeorm";
import type { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import { noteStatement } from "./query-counter";

/**
 * Runs one read statement on a pooled connection and returns its rows, counted and recorded as
 * TypeORM's statements are. For the directory's hot reads: TypeORM's query runner (created per
 * statement, with its broadcaster and its own connect and release) costs about 0.1–0.2 ms per
 * statement there, a tenth of a small search (see docs/benchmarks.md). Writes and transactions
 * stay with TypeORM.
 */
export async function readQuery<T = Record<string, unknown>>(
  dataSource: DataSource,
  sql: string,
  parameters: unknown[],
): Promise<T[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  noteStatement(sql, parameters);
  const client = await pool.connect();
  try {
    return (await client.query(sql, parameters)).rows as T[];
  } finally {
    client.release();
  }
}
