import { Ctx, Field, ObjectType, Query, Resolver } from "type-graphql";
import { Public } from "../../graphql/auth";
import type { Context } from "../../graphql/context";

@ObjectType({ description: "How people may sign in here." })
export class SignInOptions {
  @Field({ description: "E-mail and password (always)." })
  password: boolean;

  @Field({
    description: "ProConnect (OpenID Connect): start at GET /auth/oidc/login?returnTo=/path.",
  })
  proConnect: boolean;
}

@Resolver()
export class OidcResolver {
  @Public()
  @Query(() => SignInOptions)
  signInOptions(@Ctx() ctx: Context): SignInOptions {
    return Object.assign(new SignInOptions(), {
      password: true,
      proConnect: ctx.config.oidc !== null,
    });
  }
}
