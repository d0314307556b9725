import type { Pool, PoolClient } from "pg";
import type { DataSource } from "typeorm";
import type { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import { noteStatement } from "./query-counter";
import { isDatabaseUnavailable } from "./unavailable";

type Row = Record<string, unknown>;

/** A statement to send right after another one, on its connection, and what to do with it. */
export interface FollowUp {
  sql: string;
  parameters: unknown[];
  /** Receives the follow-up's rows to come (a promise: the caller does not wait for them). */
  use(rows: Promise<Row[]>): void;
}

/**
 * Runs one read statement on a pooled connection and returns its rows, counted and recorded as
 * TypeORM's statements are. For the directory's hot reads: TypeORM's query runner (created per
 * statement, with its broadcaster and its own connect and release) costs about 0.1–0.2 ms per
 * statement there, a tenth of a small search (see docs/benchmarks.md). Writes and transactions
 * stay with TypeORM.
 *
 * `followUp(rows)` may name a second statement that depends on the first one's rows: it is sent
 * at once on the same connection, before this function returns, so that its round trip overlaps
 * the caller's work on the first rows; the connection goes back to the pool when it is answered.
 */
export async function readQuery<T = Row>(
  dataSource: DataSource,
  sql: string,
  parameters: unknown[],
  followUp?: (rows: T[]) => FollowUp | null,
): Promise<T[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  noteStatement(sql, parameters);
  const client = await pool.connect();
  const release = guard(client);
  let rows: T[];
  let next: FollowUp | null | undefined;
  try {
    rows = (await client.query(sql, parameters)).rows as T[];
    next = followUp?.(rows);
  } catch (error) {
    release(error);
    throw error;
  }
  if (!next) {
    release();
    return rows;
  }
  noteStatement(next.sql, next.parameters);
  const nextRows = client.query(next.sql, next.parameters).then(
    (result) => {
      release();
      return result.rows as Row[];
    },
    (error: unknown) => {
      release(error);
      throw error;
    },
  );
  nextRows.catch(() => {}); // `use` hands the outcome on; a failure is reported there
  next.use(nextRows);
  return rows;
}

/**
 * While a client is checked out, pg-pool no longer listens to its 'error' event, and an 'error'
 * without a listener kills the process: the server's "terminating connection due to
 * administrator command" (57P01) during a restart, or a reset socket, arrive that way. The guard
 * listens until release; a client that failed (or saw an error) is handed back with it, so the
 * pool destroys it instead of lending a dead connection again. The query itself rejects with the
 * same error, which is how the caller learns of it.
 */
function guard(client: PoolClient): (error?: unknown) => void {
  let broken: Error | undefined;
  const onError = (error: Error): void => {
    broken = error;
  };
  client.on("error", onError);
  let released = false;
  return (error?: unknown) => {
    if (released) return;
    released = true;
    client.off("error", onError);
    const failure = broken ?? (isDatabaseUnavailable(error) ? (error as Error) : undefined);
    client.release(failure);
  };
}
