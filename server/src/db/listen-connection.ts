import { Client } from "pg";
import type { AppLogger } from "../logger";
import type { Listener } from "./data-source";

const CHECK_EVERY_MS = 10_000;
const retryDelayMs = (attempt: number) => Math.min(100 * 2 ** attempt, 10_000);

/**
 * One dedicated LISTEN connection to PostgreSQL, reconnecting with exponential back-off until
 * it is closed; `onConnected` runs after each (re)connection so the caller catches up what it
 * missed. A `SELECT 1` every 10 s notices a connection that died silently.
 *
 * Written here rather than taken from pg-listen (unmaintained since 2020), whose reconnection
 * loop ignores `close()`: closed during an outage, it kept retrying, and reconnected once the
 * database was back, leaving a LISTEN connection nobody owned.
 */
export class ListenConnection {
  private client: Client | null = null;
  private closed = false;
  private attempt = 0;
  private retry: NodeJS.Timeout | null = null;
  private check: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly listener: Listener,
    private readonly logger: AppLogger,
  ) {}

  /** Connects and listens; the first connection's failure is the caller's. */
  async open(): Promise<void> {
    await this.connect();
    this.check = setInterval(() => void this.probe(), CHECK_EVERY_MS);
    this.check.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.check) clearInterval(this.check);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.url,
      application_name: "maillage-listen",
      keepAlive: true,
    });
    client.on("notification", (n) => {
      if (n.channel === this.channel) this.listener.onNotification(n.payload ?? "");
    });
    client.on("error", (err) => this.lost(client, err));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.attempt = 0;
    this.listener.onConnected();
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
    if (this.closed || client !== this.client) return;
    this.client = null;
    this.logger.warn({ err: error }, "LISTEN connection lost, reconnecting");
    this.listener.onDisconnected?.();
    client.end().catch(() => undefined);
    this.reconnectLater();
  }

  private reconnectLater(): void {
    if (this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.closed) return;
      this.connect().catch((error: unknown) => {
        this.logger.warn({ err: error, attempt: this.attempt }, "LISTEN reconnection failed");
        this.attempt++;
        this.reconnectLater();
      });
    }, retryDelayMs(this.attempt));
  }
}
