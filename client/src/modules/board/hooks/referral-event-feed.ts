/** What the feed needs of an event: its ordered id, which is also the stream's cursor. */
export interface CursorEvent {
  id: string;
}

export interface FeedSink<E> {
  next(event: E): void;
  error(error: unknown): void;
  complete(): void;
}

/** Opens the stream after `after` (exclusive); returns how to close it. */
export type FeedSource<E> = (after: string, sink: FeedSink<E>) => () => void;

export type FeedState = "connecting" | "live" | "retrying" | "stopped";

export interface FeedOptions<E> {
  /** The newest event already reflected on screen; null when there is none ("0": from the start). */
  initialCursor: string | null;
  onEvent(event: E): void;
  onState?(state: FeedState): void;
  retryDelayMs?(attempt: number): number;
}

function compare(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * A resumable event stream: keeps the last cursor, ignores what it already delivered (a stream
 * retried with an older cursor replays events), and reopens after the newest cursor whenever the
 * stream fails or the socket comes back — so no event is lost and none is applied twice.
 */
export class ReferralEventFeed<E extends CursorEvent> {
  private cursor: string;
  private close: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private generation = 0;
  private disposed = false;

  constructor(
    private readonly source: FeedSource<E>,
    private readonly options: FeedOptions<E>,
  ) {
    this.cursor = options.initialCursor ?? "0";
  }

  /** The newest event delivered: pass it as `after` to resume. */
  get lastCursor(): string {
    return this.cursor;
  }

  start(): void {
    if (this.disposed) return;
    this.closeStream();
    const generation = ++this.generation;
    const current = () => generation === this.generation && !this.disposed;
    this.options.onState?.("connecting");
    this.close = this.source(this.cursor, {
      next: (event) => {
        if (!current()) return;
        this.attempts = 0;
        this.options.onState?.("live");
        this.deliver(event);
      },
      error: () => {
        if (current()) this.retry();
      },
      complete: () => {
        if (current()) this.retry();
      },
    });
    // graphql-ws gives no per-operation acknowledgement: the stream counts as live once opened.
    if (current()) this.options.onState?.("live");
  }

  /** Reopens after the last cursor (after a reconnection, the replay is then minimal). */
  restart(): void {
    this.attempts = 0;
    this.start();
  }

  /** Takes into account events seen elsewhere (e.g. a refetched board) so they are not replayed. */
  advanceTo(cursor: string): void {
    if (compare(cursor, this.cursor) > 0) this.cursor = cursor;
  }

  dispose(): void {
    this.disposed = true;
    this.closeStream();
    if (this.timer) clearTimeout(this.timer);
  }

  private deliver(event: E): void {
    if (compare(event.id, this.cursor) <= 0) return;
    this.cursor = event.id;
    this.options.onEvent(event);
  }

  private retry(): void {
    this.closeStream();
    this.options.onState?.("retrying");
    const delay =
      this.options.retryDelayMs?.(this.attempts) ?? Math.min(1000 * 2 ** this.attempts, 15_000);
    this.attempts++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start();
    }, delay);
  }

  private closeStream(): void {
    const close = this.close;
    this.close = null;
    this.generation++;
    close?.();
  }
}
