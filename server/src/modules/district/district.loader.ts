import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { hydrate, selectColumns } from "../../db/hydrate";
import { District } from "./district.entity";

/** How long the process keeps the districts before reading them again. */
export const DISTRICT_CACHE_MS = 60_000;

/**
 * The city's districts, read at most once a minute per process: a directory page needs them for
 * every row, and they change a few times a year. Shared by every request of the app.
 */
export class DistrictCache {
  private byCode: Map<string, District> | null = null;
  private loadedAt = 0;
  private loading: Promise<Map<string, District>> | null = null;
  /** Counts invalidations: a read started before one must not be kept after it. */
  private changes = 0;

  constructor(private readonly dataSource: DataSource) {}

  async all(): Promise<Map<string, District>> {
    if (this.byCode && Date.now() - this.loadedAt < DISTRICT_CACHE_MS) return this.byCode;
    if (this.loading) return this.loading;
    const started = this.changes;
    const loading = this.dataSource
      .query(`SELECT ${selectColumns(this.dataSource, District)} FROM district`)
      .then((rows: Record<string, unknown>[]) => {
        const byCode = new Map(hydrate(this.dataSource, District, rows).map((d) => [d.code, d]));
        if (this.changes === started) {
          this.byCode = byCode;
          this.loadedAt = Date.now();
        }
        return byCode;
      })
      .finally(() => {
        if (this.loading === loading) this.loading = null;
      });
    this.loading = loading;
    return loading;
  }

  /**
   * The district at once when the cache is fresh (null for an unknown code), undefined when it
   * must be read first: a page of structures then resolves its districts without a promise each.
   */
  peek(code: string): District | null | undefined {
    if (!this.byCode || Date.now() - this.loadedAt >= DISTRICT_CACHE_MS) return undefined;
    return this.byCode.get(code) ?? null;
  }

  /**
   * Forgets what it holds, after a change to districts (shared results call it on every
   * directory change: a result computed from districts a minute old would be kept longer).
   */
  invalidate(): void {
    this.byCode = null;
    this.loading = null;
    this.changes++;
  }
}

/** Districts by code, from the shared cache. */
export function createDistrictLoader(cache: DistrictCache) {
  return new DataLoader<string, District | null>(async (codes) => {
    const byCode = await cache.all();
    return codes.map((code) => byCode.get(code) ?? null);
  });
}
