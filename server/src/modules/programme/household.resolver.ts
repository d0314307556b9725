import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { Allow, Rule } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import { District } from "../district/district.entity";
import { ReferralView } from "../referral/referral.type";
import { Household } from "./household.entity";
import { householdByReference } from "./household.service";

@Resolver(() => Household)
export class HouseholdResolver {
  @Allow(Rule.MEMBER, Rule.TOKEN, Rule.ADMIN)
  @Query(() => Household, {
    description:
      "The household of a reference the family shows (charter, booklet): to link a new loan, booklet or referral to it.",
  })
  householdByReference(
    @Arg("reference") reference: string,
    @Ctx() ctx: Context,
  ): Promise<Household> {
    return householdByReference(ctx, reference);
  }

  @FieldResolver(() => District, { nullable: true })
  district(@Root() h: Household, @Ctx() ctx: Context) {
    return h.districtCode ? ctx.loaders.districtByCode.load(h.districtCode) : null;
  }
}

/** A referral's household: no personal data, so whoever sees the referral sees it. */
@Resolver(() => ReferralView)
export class ReferralHouseholdResolver {
  @FieldResolver(() => Household, {
    nullable: true,
    description: "The programme household the resident belongs to, when known.",
  })
  household(@Root() r: ReferralView, @Ctx() ctx: Context) {
    return r.row.householdId ? ctx.loaders.householdById.load(r.row.householdId) : null;
  }
}
