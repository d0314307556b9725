import { LRUCache } from "lru-cache";
import type { DataSource } from "typeorm";
import type { Database } from "../../db/data-source";
import type { AppLogger } from "../../logger";
import {
  ANONYMOUS,
  type Credentials,
  type FoundViewer,
  findViewer,
  type SecretKey,
  secretKeyOf,
  tokenUseIsStale,
  touchToken,
  type Viewer,
} from "./viewer";

/** Where the database announces identity changes (see migration 1764284000000). */
export const IDENTITY_CHANNEL = "maillage_identity";

export interface ViewerCacheOptions {
  /** False: every request asks the database, as without a cache (VIEWER_CACHE=false). */
  enabled: boolean;
  /** Viewers kept at most (least recently used dropped first). */
  max?: number;
  /** How long a viewer is kept at most, should a notification ever be missed. */
  ttlMs?: number;
}

interface Entry extends FoundViewer {
  /** Whom the entry concerns, as the notifications name them: a person's or a token's id. */
  subject: string;
}

/**
 * The viewers this process resolved, by the hash of the secret they presented, so that a
 * signed-in request does not wait for the session statement. Trusted because every change that
 * could make one wrong is announced by the database (triggers on the identity tables notify
 * `maillage_identity` with the person's or token's id) and drops the entries it concerns; the
 * process's own changes are forgotten at once by the services that make them, before the
 * notification comes back. A session past its `expires_at` is never served, and an entry lives
 * 30 s at most.
 *
 * It serves only while its LISTEN connection is up: while it is down a change could go unheard,
 * so the cache is emptied and every request asks the database until the connection is back.
 * Unknown secrets are never kept (a forged cookie cannot fill the cache, and a session that
 * appears later needs no announcement). Cached viewers are shared by requests: read them only.
 */
export class ViewerCache {
  private readonly entries: LRUCache<string, Entry>;
  /** Lookups under way, shared by the requests that present the same secret meanwhile. */
  private readonly loading = new Map<string, Promise<Entry | null>>();
  /** Bumped by every forgetting: a lookup started before it must not be stored after it. */
  private generation = 0;
  private serving = false;
  private stopListening: (() => Promise<void>) | null = null;

  constructor(
    private readonly db: Database,
    private readonly logger: AppLogger,
    private readonly options: ViewerCacheOptions,
  ) {
    this.entries = new LRUCache({ max: options.max ?? 10_000, ttl: options.ttlMs ?? 30_000 });
  }

  /** Listens for identity changes; serves once listening. If listening fails, stays off. */
  async start(): Promise<void> {
    if (!this.options.enabled || this.stopListening) return;
    try {
      this.stopListening = await this.db.listen(IDENTITY_CHANNEL, {
        onNotification: (payload) => (payload ? this.forget(payload) : this.clear()),
        onConnected: () => {
          this.clear();
          this.serving = true;
        },
        onDisconnected: () => {
          this.serving = false;
          this.clear();
        },
      });
    } catch (error) {
      this.serving = false;
      this.logger.warn({ err: error }, "cannot listen for identity changes; viewers not cached");
    }
  }

  async stop(): Promise<void> {
    this.serving = false;
    this.clear();
    const stop = this.stopListening;
    this.stopListening = null;
    await stop?.();
  }

  /** Whether viewers are served from memory now (tests watch it). */
  get active(): boolean {
    return this.serving;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Like `authenticate`: unknown, expired or revoked credentials give the anonymous viewer. */
  async authenticate(dataSource: DataSource, credentials: Credentials): Promise<Viewer> {
    const key = secretKeyOf(credentials);
    if (!key) return ANONYMOUS;
    if (!this.serving) return (await findViewer(dataSource, key))?.viewer ?? ANONYMOUS;
    const cacheKey = `${key.kind}:${key.hash}`;
    const entry = this.entries.get(cacheKey);
    if (entry && entry.expiresAt > Date.now()) {
      if (entry.viewer.kind === "token" && tokenUseIsStale(entry.lastUsedAt)) {
        // Marked first so that concurrent requests write it once.
        entry.lastUsedAt = Date.now();
        entry.lastUsedAt = await touchToken(dataSource, entry.viewer.tokenId);
      }
      return entry.viewer;
    }
    if (entry) this.entries.delete(cacheKey);
    return (await this.load(dataSource, cacheKey, key))?.viewer ?? ANONYMOUS;
  }

  /** Drops the viewers of a person (every session) or of a token, by id. */
  forget(subject: string): void {
    this.invalidate();
    const keys: string[] = [];
    // Identity changes are rare next to requests: a scan of at most `max` entries per change
    // costs less than keeping an index by person in step with the cache's evictions.
    this.entries.forEach((entry, key) => {
      if (entry.subject === subject) keys.push(key);
    });
    for (const key of keys) this.entries.delete(key);
  }

  /** Drops every viewer (a change whose subjects are not known one by one). */
  clear(): void {
    this.invalidate();
    this.entries.clear();
  }

  private invalidate(): void {
    this.generation += 1;
    // Requests from now on must not join a lookup that may have read the state before.
    this.loading.clear();
  }

  private load(dataSource: DataSource, cacheKey: string, key: SecretKey): Promise<Entry | null> {
    const pending = this.loading.get(cacheKey);
    if (pending) return pending;
    const generation = this.generation;
    const lookup = findViewer(dataSource, key)
      .then((found) => {
        if (!found) return null;
        const entry: Entry = {
          ...found,
          subject: found.viewer.kind === "user" ? found.viewer.user.id : found.viewer.tokenId,
        };
        if (generation === this.generation && this.serving) this.entries.set(cacheKey, entry);
        return entry;
      })
      .finally(() => {
        if (this.loading.get(cacheKey) === lookup) this.loading.delete(cacheKey);
      });
    this.loading.set(cacheKey, lookup);
    return lookup;
  }
}
