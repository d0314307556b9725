import { forbidden } from "../../graphql/auth";
import { invalidCursor } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import type { PushSink, PushSource } from "../../realtime/push-source";
import { type HubEvent, loadEventsAfter } from "../../realtime/referral-event-hub";
import { roleIn } from "../identity/viewer";
import { assertUuid } from "../structure/structure.service";
import { ReferralEventView } from "./referral.type";

/** Batches of events a subscriber may have waiting; past that, it is too slow and is closed. */
export const SUBSCRIBER_QUEUE_LIMIT = 1_000;
/** Bytes a subscriber's socket may have waiting to be sent; past that, it is too slow. */
export const SUBSCRIBER_BUFFER_LIMIT = 4 * 1024 * 1024;
/**
 * Close code sent to a subscriber that cannot keep up (not one of graphql-ws's reserved codes,
 * so its client reconnects and resumes with its last cursor).
 */
export const CLOSE_TOO_SLOW = 4_413;
const REPLAY_PAGE = 500;

export const REVOKED = Symbol("revoked");
export type ReferralEventItem = ReferralEventView | typeof REVOKED;

/**
 * One view per hub event, whatever the number of subscribers: live results are shared by event
 * object (see realtime/shared-execution.ts).
 */
const views = new WeakMap<HubEvent, ReferralEventView>();

function toView(e: HubEvent): ReferralEventView {
  let view = views.get(e);
  if (!view) {
    view = Object.assign(new ReferralEventView(), {
      id: e.id.toString(),
      cursor: e.id.toString(),
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorType: e.actorType,
      at: e.at,
      referralId: e.referral.id,
      actorId: null,
      referralRow: e.referral,
    });
    views.set(e, view);
  }
  return view;
}

/**
 * A structure's referral events for one subscriber: those after the cursor first, in order,
 * then live, with no gap and no duplicate. It registers with the hub before reading the replay,
 * holds live events meanwhile, and only ever emits ids greater than the last one emitted.
 * Access is checked again before every batch of events, so a revoked session, membership or
 * token ends the stream (with a REVOKED item).
 */
export class ReferralEventSource implements PushSource<ReferralEventItem> {
  private lastEmitted: bigint;
  /** Read at subscribe time, before a sink is attached. */
  private replayed: HubEvent[][] = [];
  /** Live batches received before a sink is attached. */
  private held: HubEvent[][] = [];
  private sink: PushSink<ReferralEventItem> | null = null;
  /** Batches waiting for the one being emitted. */
  private readonly queue: HubEvent[][] = [];
  private draining = false;
  private stopped = false;
  private readonly unsubscribe: () => void;

  /** Checks the caller and the cursor, registers with the hub, then reads the replay. */
  static async open(ctx: Context, structureId: string, after: string | null | undefined) {
    assertUuid(structureId, "structureId");
    if (!roleIn(ctx.viewer, structureId))
      throw forbidden("Only the structure's members and tokens follow its referrals");
    if (after != null && !/^\d{1,19}$/.test(after)) throw invalidCursor();
    const source = new ReferralEventSource(ctx, structureId, after == null ? -1n : BigInt(after));
    try {
      if (after != null) await source.replay();
    } catch (error) {
      source.stop();
      throw error;
    }
    return source;
  }

  private constructor(
    private readonly ctx: Context,
    private readonly structureId: string,
    after: bigint,
  ) {
    this.lastEmitted = after;
    this.unsubscribe = ctx.realtime.hub.subscribe(structureId, {
      deliver: (events) => this.receive(events),
    });
  }

  private async replay(): Promise<void> {
    let cursor = this.lastEmitted;
    for (;;) {
      const page = await loadEventsAfter(
        this.ctx.dataSource,
        cursor,
        this.structureId,
        REPLAY_PAGE,
      );
      if (page.length) this.replayed.push(page);
      if (page.length < REPLAY_PAGE) return;
      cursor = page.at(-1)!.id;
    }
  }

  pushTo(sink: PushSink<ReferralEventItem>): void {
    if (this.sink) throw new Error("a referral event source delivers to one sink");
    this.sink = sink;
    // Live events held during the replay follow it; those it already had are filtered out.
    const backlog = [...this.replayed, ...this.held];
    this.replayed = [];
    this.held = [];
    for (const batch of backlog) this.enqueue(batch);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe();
    this.replayed = [];
    this.held = [];
  }

  /**
   * graphql-js asks a subscription source to be async-iterable; this one is pushed to a socket
   * (see realtime/shared-execution.ts) and is never pulled.
   */
  [Symbol.asyncIterator](): AsyncIterator<ReferralEventItem> {
    throw new Error("referral events are pushed to a graphql-ws socket, not pulled");
  }

  private receive(events: HubEvent[]): void {
    if (this.stopped) return;
    const socket = this.ctx.socket;
    if (socket && socket.bufferedAmount > SUBSCRIBER_BUFFER_LIMIT) return this.tooSlow();
    if (this.sink) this.enqueue(events);
    else this.held.push(events);
  }

  private enqueue(events: HubEvent[]): void {
    if (this.queue.length >= SUBSCRIBER_QUEUE_LIMIT) return this.tooSlow();
    this.queue.push(events);
    if (!this.draining) void this.drain(this.sink!);
  }

  /** Emits the queued batches one after the other: each subscriber sees its events in order. */
  private async drain(sink: PushSink<ReferralEventItem>): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0 && !this.stopped) await this.emit(this.queue.shift()!, sink);
    } catch (error) {
      if (this.stopped) return;
      this.stop();
      sink.fail(error);
    } finally {
      this.draining = false;
    }
  }

  private async emit(events: HubEvent[], sink: PushSink<ReferralEventItem>): Promise<void> {
    const fresh =
      events[0].id > this.lastEmitted ? events : events.filter((e) => e.id > this.lastEmitted);
    if (fresh.length === 0) return;
    if (!(await this.ctx.realtime.checkAccess(this.ctx.viewer, this.structureId))) {
      this.stop();
      await sink.next(REVOKED);
      sink.end();
      return;
    }
    for (const event of fresh) {
      if (this.stopped) return;
      this.lastEmitted = event.id;
      const sent = sink.next(toView(event));
      if (sent) await sent;
    }
  }

  private tooSlow(): void {
    this.stop();
    this.ctx.socket?.close(CLOSE_TOO_SLOW, "Subscriber too slow: reconnect with your last cursor");
  }
}
