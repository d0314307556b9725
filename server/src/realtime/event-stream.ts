/**
 * A bounded async queue read by one GraphQL subscription. When the reader falls too far behind,
 * `onOverflow` runs (the socket is closed) instead of the queue growing without limit.
 */
export class EventStream<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private done = false;

  constructor(
    private readonly capacity: number,
    private readonly onOverflow: () => void,
    private readonly onClose: () => void,
  ) {}

  push(...items: T[]): void {
    if (this.done) return;
    for (const item of items) {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = null;
        resolve({ value: item, done: false });
      } else {
        this.queue.push(item);
      }
    }
    if (this.queue.length > this.capacity) {
      this.onOverflow();
      void this.return();
    }
  }

  get pending(): number {
    return this.queue.length;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** Ends the stream after what is queued has been read. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.onClose();
    if (this.waiting && this.queue.length === 0) {
      this.waiting({ value: undefined, done: true });
      this.waiting = null;
    }
  }

  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    this.end();
    if (this.waiting) {
      this.waiting({ value: undefined, done: true });
      this.waiting = null;
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
