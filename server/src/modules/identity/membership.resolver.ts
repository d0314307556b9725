import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Allow, Rule } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import { Structure } from "../structure/structure.entity";
import { MembershipRole } from "./identity.enums";
import { MembershipResult } from "./identity.types";
import { Membership } from "./membership.entity";
import { changeMembershipRole, listMembers, removeMembership } from "./membership.service";
import { User } from "./user.entity";
import { isManagerOf } from "./viewer";

@Resolver(() => Membership)
export class MembershipResolver {
  @Allow(Rule.ADMIN, Rule.COORDINATOR, Rule.MEMBER)
  @Query(() => [Membership], {
    description: "A structure's members, for its members and coordinators.",
  })
  structureMembers(@Arg("structureId", () => ID) structureId: string, @Ctx() ctx: Context) {
    return listMembers(ctx, structureId);
  }

  @Allow(Rule.ADMIN, Rule.MEMBER)
  @Mutation(() => MembershipResult)
  changeMembershipRole(
    @Arg("membershipId", () => ID) membershipId: string,
    @Arg("role", () => MembershipRole) role: MembershipRole,
    @Ctx() ctx: Context,
  ): Promise<typeof MembershipResult> {
    return changeMembershipRole(ctx, membershipId, role);
  }

  @Allow(Rule.ADMIN, Rule.MEMBER)
  @Mutation(() => MembershipResult, {
    description: "Removes a member; returns the removed membership.",
  })
  removeMembership(
    @Arg("membershipId", () => ID) membershipId: string,
    @Ctx() ctx: Context,
  ): Promise<typeof MembershipResult> {
    return removeMembership(ctx, membershipId);
  }

  @FieldResolver(() => Structure)
  structure(@Root() m: Membership, @Ctx() ctx: Context) {
    return ctx.loaders.structureById.load(m.structureId);
  }

  @FieldResolver(() => User)
  user(@Root() m: Membership, @Ctx() ctx: Context) {
    return ctx.loaders.userById.load(m.userId);
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description:
      "When the member last signed in; for the structure's managers, coordinators and admins (null for others).",
  })
  async lastSignInAt(@Root() m: Membership, @Ctx() ctx: Context): Promise<Date | null> {
    const v = ctx.viewer;
    const allowed =
      v.kind === "user" && (v.user.globalRole !== null || isManagerOf(v, m.structureId));
    if (!allowed) return null;
    return ctx.loaders.lastSignInByUser.load(m.userId);
  }
}
