import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger, QueryRunner } from "typeorm";
import { noteDirectoryStatement } from "./directory-writes";

/** What the access log says of one request, filled in as the request runs. */
export interface RequestStats {
  /** SQL statements the request issued; null when statements are not counted. */
  statements: number | null;
  operation?: string;
  operationType?: string;
  errorCodes?: string[];
  /** "hit": answered from a shared result; "stored": its result was kept to be shared. */
  sharedResult?: "hit" | "stored";
}

/** One statement as the driver received it. */
export interface RecordedQuery {
  sql: string;
  parameters?: unknown[];
}

/** Receives every statement the process issues while it is set. */
export type QueryRecorder = (query: RecordedQuery) => void;

const storage = new AsyncLocalStorage<RequestStats>();
let recorder: QueryRecorder | null = null;

/**
 * Benchmarks only: passes every statement the process issues to `fn` (e.g. to replay one
 * request's exact SQL), until called with null. Off by default, and then it costs one null check.
 */
export function recordQueries(fn: QueryRecorder | null): void {
  recorder = fn;
}

/**
 * Runs `fn` with fresh stats. With `countStatements`, the SQL statements issued by everything
 * `fn` starts, DataLoader batches included, are counted into them: this follows the request
 * through an AsyncLocalStorage, whose promise hooks cost every promise of the process (0.3–0.6
 * ms on a directory page, see docs/benchmarks.md), hence the choice.
 */
export function withRequestStats<T>(countStatements: boolean, fn: (stats: RequestStats) => T): T {
  if (!countStatements) return fn({ statements: null });
  const stats: RequestStats = { statements: 0 };
  return storage.run(stats, () => fn(stats));
}

/** Counts a statement into the current request's stats, and records it when recording. */
export function noteStatement(sql: string, parameters?: unknown[]): void {
  if (recorder) recorder({ sql, parameters: parameters && [...parameters] });
  const stats = storage.getStore();
  if (stats?.statements != null) stats.statements += 1;
}

/**
 * A TypeORM logger that counts the SQL statements of the current request, notes the ones that
 * write directory tables (see directory-writes.ts), and logs failures.
 */
export class StatementCountingLogger implements Logger {
  constructor(private readonly onError: (message: string, query: string) => void) {}

  logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    noteStatement(query, parameters);
    if (queryRunner) noteDirectoryStatement(query, queryRunner);
  }
  logQueryError(error: string | Error, query: string): void {
    this.onError(typeof error === "string" ? error : error.message, query);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
