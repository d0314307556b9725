import { Client } from "pg";
import type { AppLogger } from "../logger";
import type { Listener } from "./data-source";

const CHECK_EVERY_MS = 10_000;
const retryDelayMs = (attempt: number) => Math.min(100 * 2 ** attempt, 10_000);

/**
 * The one LISTEN connection of a process to PostgreSQL, shared by every channel it listens on
 * (live referral events, the e-mail outbox, the viewer cache, shared directory results): one
 * connection per process instead of one per channel, which counts with `WEB_CONCURRENCY`
 * workers against `max_connections`.
 *
 * It reconnects with exponential back-off while any channel is listened on; after each
 * (re)connection it LISTENs on every channel again and calls each listener's `onConnected` so
 * it catches up what it missed, and on a loss it calls their `onDisconnected`. A `SELECT 1`
 * every 10 s notices a connection that died silently. When the last channel is left, the
 * connection is closed; a later `add` opens a new one.
 *
 * Written here rather than taken from pg-listen (unmaintained since 2020), whose reconnection
 * loop ignores `close()`: closed during an outage, it kept retrying, and reconnected once the
 * database was back, leaving a LISTEN connection nobody owned.
 */
export class ListenConnection {
  private client: Client | null = null;
  /** The channels LISTENed on by `client`. */
  private listening = new Set<string>();
  /** By channel: several listeners of one channel (two app instances on one database) share it. */
  private readonly listeners = new Map<string, Set<Listener>>();
  /** The listeners told `onConnected` for the current connection. */
  private readonly told = new Set<Listener>();
  private opening: Promise<void> | null = null;
  private attempt = 0;
  private retry: NodeJS.Timeout | null = null;
  private check: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly logger: AppLogger,
  ) {}

  /**
   * Listens on `channel`; resolves once it does, with the function that stops. The first
   * connection's failure is the caller's, and so is a call made while the connection is lost
   * (nothing is left registered then).
   */
  async add(channel: string, listener: Listener): Promise<() => Promise<void>> {
    let ofChannel = this.listeners.get(channel);
    if (!ofChannel) this.listeners.set(channel, (ofChannel = new Set()));
    if (ofChannel.has(listener)) throw new Error(`already listening on ${channel}`);
    ofChannel.add(listener);
    const stop = () => this.remove(channel, listener);
    try {
      if (!this.client && !this.opening) {
        if (this.retry) throw new Error("the LISTEN connection is lost, reconnecting");
        this.opening = this.connect().finally(() => (this.opening = null));
      }
      if (this.opening) await this.opening;
      const client = this.client;
      if (!client) throw new Error("the LISTEN connection was lost while opening");
      if (!this.listening.has(channel)) {
        await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
        this.listening.add(channel);
      }
      // Unless the connection's opening already told it.
      if (!this.told.has(listener)) {
        this.told.add(listener);
        listener.onConnected();
      }
    } catch (error) {
      await stop();
      throw error;
    }
    this.startChecking();
    return stop;
  }

  /** Stops every channel and closes the connection. */
  async close(): Promise<void> {
    this.listeners.clear();
    await this.shutDown();
  }

  private async remove(channel: string, listener: Listener): Promise<void> {
    const ofChannel = this.listeners.get(channel);
    if (!ofChannel?.delete(listener)) return;
    this.told.delete(listener);
    if (ofChannel.size > 0) return;
    this.listeners.delete(channel);
    if (this.listeners.size === 0) return this.shutDown();
    const client = this.client;
    if (client && this.listening.delete(channel)) {
      await client.query(`UNLISTEN ${client.escapeIdentifier(channel)}`).catch(() => undefined);
    }
  }

  private async shutDown(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    if (this.check) clearInterval(this.check);
    this.retry = this.check = null;
    this.attempt = 0;
    const client = this.client;
    this.client = null;
    this.listening = new Set();
    this.told.clear();
    await client?.end().catch(() => undefined);
  }

  private startChecking(): void {
    if (this.check) return;
    this.check = setInterval(() => void this.probe(), CHECK_EVERY_MS);
    this.check.unref();
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.url,
      application_name: "maillage-listen",
      keepAlive: true,
    });
    const listening = new Set<string>();
    client.on("notification", (n) => {
      if (client === this.client && listening.has(n.channel)) {
        for (const listener of this.listeners.get(n.channel) ?? []) {
          listener.onNotification(n.payload ?? "");
        }
      }
    });
    client.on("error", (err) => this.lost(client, err));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      for (const channel of [...this.listeners.keys()]) {
        await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
        listening.add(channel);
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.listeners.size === 0) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.listening = listening;
    this.attempt = 0;
    for (const channel of listening) {
      for (const listener of this.listeners.get(channel) ?? []) {
        listener.onConnected();
        this.told.add(listener);
      }
    }
  }

  private async probe(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      await client.query("SELECT 1");
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  private lost(client: Client, error?: Error): void {
    if (client !== this.client) return;
    this.client = null;
    this.listening = new Set();
    this.logger.warn({ err: error }, "LISTEN connection lost, reconnecting");
    this.told.clear();
    for (const ofChannel of [...this.listeners.values()]) {
      for (const listener of [...ofChannel]) listener.onDisconnected?.();
    }
    client.end().catch(() => undefined);
    this.reconnectLater();
  }

  private reconnectLater(): void {
    if (this.listeners.size === 0 || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.listeners.size === 0) return;
      this.opening = this.connect()
        .catch((error: unknown) => {
          this.logger.warn({ err: error, attempt: this.attempt }, "LISTEN reconnection failed");
          this.attempt++;
          this.reconnectLater();
        })
        .finally(() => (this.opening = null));
    }, retryDelayMs(this.attempt));
  }
}
