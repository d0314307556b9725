import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { Allow, Rule } from "../../graphql/auth";
import { Connection, PageArgs } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { GlobalRole } from "./identity.enums";
import { UserResult } from "./identity.types";
import { setGlobalRole } from "./membership.service";
import { User } from "./user.entity";
import { listUsers } from "./user.service";
import { isAdmin } from "./viewer";

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

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The SIRET of the employer ProConnect gave at the last sign-in: for admins; null for others.",
  })
  siret(@Root() user: User, @Ctx() ctx: Context): string | null {
    return isAdmin(ctx.viewer) ? (user.siret ?? null) : null;
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: "When the person last signed in: for admins; null for others.",
  })
  lastSignInAt(@Root() user: User, @Ctx() ctx: Context): Promise<Date | null> | null {
    return isAdmin(ctx.viewer) ? ctx.loaders.lastSignInByUser.load(user.id) : null;
  }
}
