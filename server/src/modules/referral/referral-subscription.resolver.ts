import {
  Arg,
  Ctx,
  Extensions,
  FieldResolver,
  ID,
  Resolver,
  Root,
  Subscription,
} from "type-graphql";
import { Allow, forbidden, Rule } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import { STREAM_ARGUMENTS } from "../../realtime/shared-execution";
import { Referral } from "./referral.entity";
import { REVOKED, type ReferralEventItem, ReferralEventSource } from "./referral-event-source";
import { ReferralEventView, ReferralView } from "./referral.type";

@Resolver(() => ReferralEventView)
export class ReferralSubscriptionResolver {
  @Allow(Rule.MEMBER, Rule.TOKEN)
  @Extensions({ [STREAM_ARGUMENTS]: true })
  @Subscription(() => ReferralEventView, {
    description:
      "The structure's referral events: those after `after` first, in order, then live. For its members and tokens.",
    subscribe: ({ args, context }) =>
      ReferralEventSource.open(context as Context, args.structureId, args.after),
  })
  referralEvents(
    @Root() event: ReferralEventItem,
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
