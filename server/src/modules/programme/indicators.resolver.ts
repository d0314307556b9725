import { Arg, Ctx, createUnionType, Int, Mutation, Query, Resolver } from "type-graphql";
import { Allow, Rule } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import { ValidationError } from "../../graphql/results";
import { deviceProgress } from "./device-progress.service";
import { householdsIndicator } from "./households-indicator.service";
import {
  DeviceProgress,
  HouseholdsIndicator,
  HouseholdsTarget,
  TicketFlows,
} from "./indicators.type";
import { setHouseholdsTarget } from "./programme-target.service";
import { ticketFlows } from "./ticket-flows.service";

export const HouseholdsTargetResult = createUnionType({
  name: "HouseholdsTargetResult",
  types: () => [HouseholdsTarget, ValidationError] as const,
});

/** Where the programme stands, for coordinators and admins: counts only, never a person. */
const FOLLOWERS = [Rule.COORDINATOR, Rule.ADMIN] as const;

@Resolver()
export class ProgrammeIndicatorsResolver {
  @Allow(...FOLLOWERS)
  @Query(() => HouseholdsIndicator, {
    description: "Households accompanied in a year against its target, by district and month.",
  })
  householdsIndicator(@Arg("year", () => Int) year: number, @Ctx() ctx: Context) {
    return householdsIndicator(ctx, year);
  }

  @Allow(...FOLLOWERS)
  @Query(() => DeviceProgress, {
    description: "Devices delivered against planned, per wave and district.",
  })
  deviceProgress(@Ctx() ctx: Context) {
    return deviceProgress(ctx);
  }

  @Allow(...FOLLOWERS)
  @Query(() => TicketFlows, {
    description:
      "Pass numérique tickets issued and redeemed in a year, per structure and district.",
  })
  ticketFlows(@Arg("year", () => Int) year: number, @Ctx() ctx: Context) {
    return ticketFlows(ctx, year);
  }

  @Allow(...FOLLOWERS)
  @Mutation(() => HouseholdsTargetResult, {
    description: "Sets a year's households target (2,500 when never set).",
  })
  async setHouseholdsTarget(
    @Arg("year", () => Int) year: number,
    @Arg("target", () => Int) target: number,
    @Ctx() ctx: Context,
  ): Promise<typeof HouseholdsTargetResult> {
    const value = await setHouseholdsTarget(ctx, year, target);
    return value instanceof ValidationError ? value : Object.assign(new HouseholdsTarget(), value);
  }
}
