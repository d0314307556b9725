/** Why a request was not let in: too many waiting already, or it waited too long. */
export class GateRefused extends Error {
  constructor(readonly reason: "queue full" | "waited too long") {
    super(reason);
  }
}

interface Waiter {
  since: number;
  admit: (release: () => void) => void;
  refuse: (error: GateRefused) => void;
}

export interface GateLimits {
  /** Requests executed at once. */
  concurrency: number;
  /** Requests waiting at most; the next one is refused at once. */
  maxWaiting: number;
  /** A request that waited longer than this when its turn comes is refused instead. */
  maxWaitMs: number;
}

/**
 * Lets at most `concurrency` GraphQL requests of the process execute at once, the others waiting
 * their turn in arrival order.
 *
 * Without it, every request accepted starts at once, and under load the event loop interleaves
 * hundreds of them: a request's every step (its statement's answer, its next statement) waits
 * behind everyone else's, so the requests that take many steps (createReferral: six statements,
 * a board with its session) took 20 to 40 times as long as a shared directory result, and p99
 * grew with the number of clients. With the gate, a request waits once, at the door, and then
 * runs on an event loop that serves a few requests: the latencies of all operations come close
 * to each other, and the total throughput is the same or better (less memory in flight).
 *
 * Overload is refused early rather than served late: beyond `maxWaiting`, or after `maxWaitMs` in
 * the queue, the caller gets a retryable 503 before any work was done for it.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private head = 0;

  constructor(
    private readonly limits: GateLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Resolves with the function that frees the place once the request is done. */
  enter(): Promise<() => void> {
    if (this.running < this.limits.concurrency && this.queued() === 0) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.queued() >= this.limits.maxWaiting)
      return Promise.reject(new GateRefused("queue full"));
    return new Promise((admit, refuse) => {
      this.waiting.push({ since: this.now(), admit, refuse });
    });
  }

  /** Requests executing now, and waiting. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.queued() };
  }

  private queued(): number {
    return this.waiting.length - this.head;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.admitNext();
    };
  }

  private admitNext(): void {
    while (this.running < this.limits.concurrency && this.queued() > 0) {
      const waiter = this.waiting[this.head++];
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head);
        this.head = 0;
      }
      if (this.now() - waiter.since > this.limits.maxWaitMs) {
        waiter.refuse(new GateRefused("waited too long"));
        continue;
      }
      this.running++;
      waiter.admit(this.releaser());
    }
  }
}
