import type { DataSource } from "typeorm";
import type { Database } from "../db/data-source";
import { hydrate } from "../db/hydrate";
import type { AppLogger } from "../logger";
import { REFERRAL_EVENT_CHANNEL } from "../modules/referral/referral-events";
import { Referral } from "../modules/referral/referral.entity";
import type { ReferralEventType, ReferralStatus } from "../modules/referral/referral.enums";
import { logBackgroundFailure } from "../db/unavailable";

/** A history row with the referral it belongs to, loaded once per instance. */
export interface HubEvent {
  id: bigint;
  type: ReferralEventType;
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus;
  actorType: string;
  at: Date;
  senderStructureId: string;
  receiverStructureId: string;
  referral: Referral;
}

export interface HubSubscriber {
  /** Receives the structure's events in id order (an array shared with other subscribers: read it only). */
  deliver(events: HubEvent[]): void;
}

const PAGE = 500;

/**
 * The in-process end of the delivery path. NOTIFY carries an event id only; each instance keeps
 * one LISTEN connection and, on any notification or (re)connection, loads every event after the
 * last one it saw — so notifications lost while disconnected are caught up, and a burst of
 * notifications costs one query (none while nobody is subscribed, see `notified`). Events
 * commit in id order (see referral-events.ts), so "after the last id seen" never misses one.
 */
export class ReferralEventHub {
  private lastSeen = 0n;
  private started = false;
  private pulling: Promise<void> | null = null;
  private pullAgain = false;
  private stopListening: (() => Promise<void>) | null = null;
  private readonly byStructure = new Map<string, Set<HubSubscriber>>();

  constructor(
    private readonly db: Database,
    private readonly logger: AppLogger,
  ) {}

  /** Listens; a first start begins after the newest event, a restart catches up from where it stopped. */
  async start(): Promise<void> {
    if (!this.started) {
      const [row] = await this.db.dataSource.query(
        `SELECT coalesce(max(id), 0)::text AS id FROM referral_event`,
      );
      this.lastSeen = BigInt(row.id);
      this.started = true;
    }
    this.stopListening = await this.db.listen(REFERRAL_EVENT_CHANNEL, {
      onNotification: (payload) => this.notified(payload),
      onConnected: () => this.pull(),
    });
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = null;
    await this.pulling;
  }

  /** The id of the last event delivered by this instance. */
  get lastEventId(): bigint {
    return this.lastSeen;
  }

  subscribe(structureId: string, subscriber: HubSubscriber): () => void {
    let set = this.byStructure.get(structureId);
    if (!set) this.byStructure.set(structureId, (set = new Set()));
    set.add(subscriber);
    return () => {
      set!.delete(subscriber);
      if (set!.size === 0) this.byStructure.delete(structureId);
    };
  }

  get subscriberCount(): number {
    let n = 0;
    for (const set of this.byStructure.values()) n += set.size;
    return n;
  }

  /**
   * A notification names the event just committed. With nobody subscribed and no read in
   * progress, reading it (and its referral) would deliver it to no one: the cursor moves past it
   * instead. Safe for a later subscriber: it registers before it reads its replay, so an event
   * skipped here committed before that read, which returns it; and as events commit in id
   * order, the id also stands for every event before it.
   */
  private notified(payload: string): void {
    if (this.byStructure.size === 0 && !this.pulling && /^\d{1,19}$/.test(payload)) {
      const id = BigInt(payload);
      if (id > this.lastSeen) this.lastSeen = id;
      return;
    }
    void this.pull();
  }

  /** Serialised and coalesced: at most one query runs, and one more follows if asked meanwhile. */
  pull(): Promise<void> {
    if (this.pulling) {
      this.pullAgain = true;
      return this.pulling;
    }
    this.pulling = (async () => {
      do {
        this.pullAgain = false;
        try {
          await this.pullOnce();
        } catch (err) {
          logBackgroundFailure(
            this.logger,
            err,
            "loading referral events failed; will retry on the next notification",
          );
        }
      } while (this.pullAgain);
    })().finally(() => {
      this.pulling = null;
    });
    return this.pulling;
  }

  private async pullOnce(): Promise<void> {
    for (;;) {
      const events = await loadEventsAfter(this.db.dataSource, this.lastSeen, null, PAGE);
      if (events.length === 0) return;
      this.lastSeen = events.at(-1)!.id;
      this.dispatch(events);
      if (events.length < PAGE) return;
    }
  }

  /** Each subscriber follows one structure: it gets that structure's events, in id order. */
  private dispatch(events: HubEvent[]): void {
    const byStructure = new Map<string, HubEvent[]>();
    for (const event of events) {
      for (const structureId of [event.senderStructureId, event.receiverStructureId]) {
        if (!this.byStructure.has(structureId)) continue;
        const list = byStructure.get(structureId) ?? [];
        // A referral within one structure: the event is listed once.
        if (list.at(-1) !== event) list.push(event);
        byStructure.set(structureId, list);
      }
    }
    for (const [structureId, list] of byStructure) {
      for (const subscriber of this.byStructure.get(structureId) ?? []) subscriber.deliver(list);
    }
  }
}

/** Events after `after` (id order), for all structures or for one, with their referrals. */
export async function loadEventsAfter(
  dataSource: DataSource,
  after: bigint,
  structureId: string | null,
  limit: number,
): Promise<HubEvent[]> {
  const rows: Record<string, unknown>[] = await dataSource.query(
    `SELECT e.id::text AS event_id, e.type, e.from_status, e.to_status, e.actor_type, e.at,
            e.sender_structure_id AS event_sender, e.receiver_structure_id AS event_receiver, r.*
       FROM referral_event e JOIN referral r ON r.id = e.referral_id
      WHERE e.id > $1 AND ($2::uuid IS NULL OR e.sender_structure_id = $2 OR e.receiver_structure_id = $2)
      ORDER BY e.id LIMIT $3`,
    [after.toString(), structureId, limit],
  );
  const referrals = hydrate(dataSource, Referral, rows);
  return rows.map((row, i) => {
    const referral = referrals[i];
    return {
      id: BigInt(row.event_id as string),
      type: row.type as ReferralEventType,
      fromStatus: row.from_status as ReferralStatus | null,
      toStatus: row.to_status as ReferralStatus,
      actorType: row.actor_type as string,
      at: row.at as Date,
      senderStructureId: row.event_sender as string,
      receiverStructureId: row.event_receiver as string,
      referral,
    };
  });
}
