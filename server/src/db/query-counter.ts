import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "typeorm";

/** Per-request statistics, carried through async calls (DataLoader batches included). */
export interface RequestStats {
  statements: number;
  operation?: string;
  operationType?: string;
  errorCodes?: string[];
}

const storage = new AsyncLocalStorage<RequestStats>();

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

  logQuery(): void {
    const stats = storage.getStore();
    if (stats) stats.statements += 1;
  }
  logQueryError(error: string | Error, query: string): void {
    this.onError(typeof error === "string" ? error : error.message, query);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
