/**
 * A subscription source that pushes its items instead of being pulled. On a WebSocket, the
 * items are executed and written to the socket as they come (see socket-delivery.ts), without
 * the per-item chain of promises that pulling through an async iterator costs: with thousands
 * of subscribers of one structure, that chain was most of the cost of a delivery.
 */
export interface PushSink<T> {
  /** Handles one item; the source waits for it before the next one (order is kept). */
  next(item: T): Promise<void> | void;
  /** The source ended (revoked access, or stopped): nothing follows. */
  end(): void;
  /** The source failed (its database was unreachable…): nothing follows. */
  fail(error: unknown): void;
}

export interface PushSource<T> extends AsyncIterable<T> {
  /** Starts the delivery to `sink`; once per source. */
  pushTo(sink: PushSink<T>): void;
  /** Stops the source (client unsubscribed, socket closed); `sink.end` is not called. */
  stop(): void;
}

export function isPushSource(value: unknown): value is PushSource<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as PushSource<unknown>).pushTo === "function" &&
    typeof (value as PushSource<unknown>).stop === "function"
  );
}
