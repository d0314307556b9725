import { Arg, Args, Ctx, ID, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { Allow, Rule } from "../../graphql/auth";
import { Connection, PageArgs } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { GlobalRole } from "./identity.enums";
import { UserResult } from "./identity.types";
import { setGlobalRole } from "./membership.service";
import { User } from "./user.entity";
import { listUsers } from "./user.service";

@ObjectType()
export class UserConnection extends Connection(User) {}

@Resolver(() => User)
export class UserResolver {
  @Allow(Rule.ADMIN)
  @Query(() => UserConnection, { description: "Every account, by e-mail." })
  users(@Args(() => PageArgs) { first, after }: PageArgs, @Ctx() ctx: Context) {
    return listUsers(ctx, first, after);
  }

  @Allow(Rule.ADMIN)
  @Mutation(() => UserResult, { description: "Gives or removes a global role." })
  setGlobalRole(
    @Arg("userId", () => ID) userId: string,
    @Arg("role", () => GlobalRole, { nullable: true }) role: GlobalRole | null,
    @Ctx() ctx: Context,
  ): Promise<typeof UserResult> {
    return setGlobalRole(ctx, userId, role);
  }
}
