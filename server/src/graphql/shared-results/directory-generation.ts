import type { Database } from "../../db/data-source";
import { onDirectoryWrite } from "../../db/directory-writes";
import type { AppLogger } from "../../logger";

export const DIRECTORY_CHANNEL = "maillage_directory";

/**
 * A number that changes whenever the directory may have changed: on each `maillage_directory`
 * notification (a write committed by any process), and at once after a write committed by this
 * process (db/directory-writes.ts). A shared result is kept under the generation its execution
 * started in, so a change makes every older result unreachable.
 *
 * It is trustworthy only while notifications can arrive: `current()` is null (do not share) until
 * listening has started, from the moment the LISTEN connection is lost until it is back (changes
 * made meanwhile were not heard), and after `stop()`. Reconnection starts a new generation.
 */
export class DirectoryGeneration {
  private generation = 0;
  private listening = false;
  private stopListening: (() => Promise<void>) | null = null;
  private stopWatchingWrites: (() => void) | null = null;

  /** `onChange` runs after every change of generation (to free what the old one kept). */
  constructor(
    private readonly db: Database,
    private readonly logger: AppLogger,
    private readonly onChange: (table: string | null) => void,
  ) {}

  /** The generation to key results on; null while results must not be shared. */
  current(): number | null {
    return this.listening ? this.generation : null;
  }

  /** Starts listening; if it cannot, sharing stays off (and says so in the log). */
  async start(): Promise<void> {
    this.stopWatchingWrites = onDirectoryWrite(this.db.dataSource, () => this.bump(null));
    try {
      this.stopListening = await this.db.listen(DIRECTORY_CHANNEL, {
        onNotification: (table) => this.bump(table || null),
        onConnected: () => {
          this.bump(null);
          this.listening = true;
        },
        onDisconnected: () => {
          this.listening = false;
          this.bump(null);
        },
      });
    } catch (error) {
      this.listening = false;
      this.logger.warn({ err: error }, "cannot listen for directory changes: results not shared");
    }
  }

  async stop(): Promise<void> {
    this.listening = false;
    this.stopWatchingWrites?.();
    this.stopWatchingWrites = null;
    const stop = this.stopListening;
    this.stopListening = null;
    await stop?.();
  }

  private bump(table: string | null): void {
    this.generation++;
    this.onChange(table);
  }
}
