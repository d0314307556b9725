import { Arg, Ctx, FieldResolver, ID, Resolver, Root, Subscription } from "type-graphql";
import { Allow, forbidden, Rule } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import { invalidCursor } from "../../graphql/connection";
import { EventStream } from "../../realtime/event-stream";
import { type HubEvent, loadEventsAfter } from "../../realtime/referral-event-hub";
import { roleIn } from "../identity/viewer";
import { assertUuid } from "../structure/structure.service";
import { Referral } from "./referral.entity";
import { ReferralEventView, ReferralView } from "./referral.type";

/** Events a subscriber may have waiting; past that, it is too slow and is disconnected. */
export const SUBSCRIBER_QUEUE_LIMIT = 1_000;
/**
 * Close code sent to a subscriber that cannot keep up (not one of graphql-ws's reserved codes,
 * so its client reconnects and resumes with its last cursor).
 */
export const CLOSE_TOO_SLOW = 4_413;
const REPLAY_PAGE = 500;

const REVOKED = Symbol("revoked");
type Item = ReferralEventView | typeof REVOKED;

function toView(e: HubEvent): ReferralEventView {
  return Object.assign(new ReferralEventView(), {
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
}

/**
 * Replays the structure's events after `after`, then goes live, with no gap and no duplicate:
 * the stream registers with the hub before reading the replay, holds live events meanwhile, and
 * only ever emits ids greater than the last one emitted. Access is checked again before every
 * batch of events, so a revoked session, membership or token ends the stream.
 */
async function referralEventSource(
  ctx: Context,
  structureId: string,
  after: string | null | undefined,
) {
  assertUuid(structureId, "structureId");
  if (!roleIn(ctx.viewer, structureId))
    throw forbidden("Only the structure's members and tokens follow its referrals");
  let lastEmitted = -1n;
  if (after != null) {
    if (!/^\d{1,19}$/.test(after)) throw invalidCursor();
    lastEmitted = BigInt(after);
  }
  const { hub, checkAccess } = ctx.realtime;
  const batches = new EventStream<HubEvent[]>(
    SUBSCRIBER_QUEUE_LIMIT,
    () => ctx.socket?.close(CLOSE_TOO_SLOW, "Subscriber too slow: reconnect with your last cursor"),
    () => unsubscribe(),
  );
  let live: HubEvent[][] | null = [];
  const unsubscribe = hub.subscribe(structureId, {
    deliver: (events) => {
      if (live) live.push(events);
      else batches.push(events);
      if (ctx.socket && ctx.socket.bufferedAmount > 4 * 1024 * 1024) {
        ctx.socket.close(CLOSE_TOO_SLOW, "Subscriber too slow: reconnect with your last cursor");
      }
    },
  });
  try {
    let replayed = lastEmitted;
    while (after != null) {
      const page = await loadEventsAfter(ctx.dataSource, replayed, structureId, REPLAY_PAGE);
      if (page.length) batches.push(page);
      if (page.length < REPLAY_PAGE) break;
      replayed = page.at(-1)!.id;
    }
  } catch (error) {
    void batches.return();
    throw error;
  }
  // Live events held during the replay follow it; those it already had are filtered out below.
  for (const held of live) batches.push(held);
  live = null;

  async function* items(): AsyncGenerator<Item> {
    for await (const batch of batches) {
      const fresh = batch.filter((e) => e.id > lastEmitted);
      if (fresh.length === 0) continue;
      if (!(await checkAccess(ctx.viewer, structureId))) {
        yield REVOKED;
        return;
      }
      for (const event of fresh) {
        lastEmitted = event.id;
        yield toView(event);
      }
    }
  }
  const generator = items();
  const close = generator.return.bind(generator);
  generator.return = (value) => {
    void batches.return();
    return close(value);
  };
  return generator;
}

@Resolver(() => ReferralEventView)
export class ReferralSubscriptionResolver {
  @Allow(Rule.MEMBER, Rule.TOKEN)
  @Subscription(() => ReferralEventView, {
    description:
      "The structure's referral events: those after `after` first, in order, then live. For its members and tokens.",
    subscribe: ({ args, context }) =>
      referralEventSource(context as Context, args.structureId, args.after),
  })
  referralEvents(
    @Root() event: Item,
    @Arg("structureId", () => ID) _structureId: string,
    @Arg("after", () => String, {
      nullable: true,
      description: "Cursor of the last event received.",
    })
    _after: string | null,
  ): ReferralEventView {
    if (event === REVOKED) throw forbidden("Access to this structure was revoked");
    return event;
  }

  @FieldResolver(() => ReferralView, {
    description: "The referral as it is now (authorised fields only).",
  })
  async referral(@Root() event: ReferralEventView, @Ctx() ctx: Context): Promise<ReferralView> {
    const row =
      event.referralRow ??
      (await ctx.dataSource.getRepository(Referral).findOneByOrFail({ id: event.referralId }));
    return ReferralView.from(row);
  }
}
