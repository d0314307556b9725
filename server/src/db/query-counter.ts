import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "typeorm";

/** Per-request statistics, carried through async calls (DataLoader batches included). */
export interface RequestStats {
  statements: number;
  operation?: string;
  operationType?: string;
  errorCodes?: string[];
}

/** One statement as the driver received it. */
export interface RecordedQuery {
  sql: string;
  parameters?: unknown[];
}

/** Receives each statement run inside `withRequestStats`, with that request's stats. */
export type QueryRecorder = (query: RecordedQuery, stats: RequestStats) => void;

const storage = new AsyncLocalStorage<RequestStats>();
let recorder: QueryRecorder | null = null;

/**
 * Benchmarks only: passes every statement of every request to `fn` (e.g. to replay a request's
 * exact SQL), until called with null. Off by default, and then it costs one null check.
 */
export function recordQueries(fn: QueryRecorder | null): void {
  recorder = fn;
}

/** Runs `fn` with a fresh statement counter visible to `currentStats()`. */
export function withRequestStats<T>(fn: (stats: RequestStats) => T): T {
  const stats: RequestStats = { statements: 0 };
  return storage.run(stats, () => fn(stats));
}

export function currentStats(): RequestStats | undefined {
  return storage.getStore();
}

/** A TypeORM logger that counts the SQL statements of the current request and logs failures. */
export class StatementCountingLogger implements Logger {
  constructor(private readonly onError: (message: string, query: string) => void) {}

  logQuery(query: string, parameters?: unknown[]): void {
    const stats = storage.getStore();
    if (!stats) return;
    stats.statements += 1;
    if (recorder) recorder({ sql: query, parameters: parameters && [...parameters] }, stats);
  }
  logQueryError(error: string | Error, query: string): void {
    this.onError(typeof error === "string" ? error : error.message, query);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
