import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Allow, Public, Rule } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import { Structure } from "../structure/structure.entity";
import { login, logout, logoutEverywhere } from "./auth.service";
import { LoginResult } from "./identity.types";
import { ViewerType } from "./viewer.type";

@Resolver(() => ViewerType)
export class IdentityResolver {
  @Public()
  @Query(() => ViewerType, { nullable: true, description: "The caller; null when anonymous." })
  viewer(@Ctx() ctx: Context): ViewerType | null {
    return ViewerType.from(ctx.viewer);
  }

  @Public()
  @Mutation(() => LoginResult, {
    description: "Signs in and sets the session cookie (HTTP only). Throttled after 5 failures.",
  })
  async login(
    @Arg("email") email: string,
    @Arg("password") password: string,
    @Ctx() ctx: Context,
  ): Promise<typeof LoginResult> {
    const result = await login(ctx, email, password);
    return "kind" in result ? ViewerType.from(result)! : result;
  }

  @Allow(Rule.USER)
  @Mutation(() => Boolean, { description: "Ends this session." })
  logout(@Ctx() ctx: Context): Promise<boolean> {
    return logout(ctx);
  }

  @Allow(Rule.USER)
  @Mutation(() => Int, { description: "Ends every session of the caller; returns how many." })
  logoutEverywhere(@Ctx() ctx: Context): Promise<number> {
    return logoutEverywhere(ctx);
  }

  @FieldResolver(() => Structure, { nullable: true, description: "For a token, its structure." })
  structure(@Root() viewer: ViewerType, @Ctx() ctx: Context) {
    return viewer.structureId ? ctx.loaders.structureById.load(viewer.structureId) : null;
  }
}
