import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Allow, Rule } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import { Structure } from "../structure/structure.entity";
import { ApiToken } from "./api-token.entity";
import { createApiToken, listApiTokens, revokeApiToken } from "./api-token.service";
import { ApiTokenResult, CreateApiTokenResult, CreatedApiToken } from "./identity.types";

@Resolver(() => ApiToken)
export class ApiTokenResolver {
  @Allow(Rule.ADMIN, Rule.MEMBER)
  @Query(() => [ApiToken], { description: "A structure's tokens, for its managers." })
  apiTokens(@Arg("structureId", () => ID) structureId: string, @Ctx() ctx: Context) {
    return listApiTokens(ctx, structureId);
  }

  @Allow(Rule.ADMIN, Rule.MEMBER)
  @Mutation(() => CreateApiTokenResult, {
    description: "Creates a token; its secret is shown once.",
  })
  async createApiToken(
    @Arg("structureId", () => ID) structureId: string,
    @Arg("name") name: string,
    @Ctx() ctx: Context,
  ): Promise<typeof CreateApiTokenResult> {
    const result = await createApiToken(ctx, structureId, name);
    return "token" in result ? Object.assign(new CreatedApiToken(), result) : result;
  }

  @Allow(Rule.ADMIN, Rule.MEMBER)
  @Mutation(() => ApiTokenResult, {
    description: "Revokes a token at once, open WebSockets included.",
  })
  revokeApiToken(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<typeof ApiTokenResult> {
    return revokeApiToken(ctx, id);
  }

  @FieldResolver(() => Structure)
  structure(@Root() token: ApiToken, @Ctx() ctx: Context) {
    return ctx.loaders.structureById.load(token.structureId);
  }
}
