import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { Allow, Public, Rule } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import { badInput } from "../../graphql/errors";
import { NotFoundError } from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { Structure } from "../structure/structure.entity";
import { assertUuid } from "../structure/structure.service";
import { StructureSettingResult as StructureResult } from "../mail/mail.types";
import { directoryWritten } from "../../db/directory-writes";

@ObjectType({ description: "How people may sign in here." })
export class SignInOptions {
  @Field({ description: "E-mail and password (always)." })
  emailSignIn: boolean;

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
      emailSignIn: true,
      proConnect: ctx.config.oidc !== null,
    });
  }

  @Allow(Rule.ADMIN)
  @Mutation(() => StructureResult, {
    description:
      "Admins: the structure's members must sign in with ProConnect (password sign-in refused), or may use a password again.",
  })
  async setStructureRequiresProConnect(
    @Arg("structureId", () => ID) structureId: string,
    @Arg("required") required: boolean,
    @Ctx() ctx: Context,
  ): Promise<typeof StructureResult> {
    assertUuid(structureId, "structureId");
    if (required && !ctx.config.oidc)
      throw badInput(
        "ProConnect is not configured here (OIDC_ISSUER…): members would be locked out",
        "required",
      );
    return ctx.dataSource.transaction(async (em) => {
      const repo = em.getRepository(Structure);
      const structure = await repo.findOneBy({ id: structureId });
      if (!structure) return new NotFoundError("Structure");
      await repo.update({ id: structureId }, { requiresProConnect: required });
      directoryWritten(em);
      await audit(em, ctx.viewer, ctx.ip, {
        action: "structure.proconnect_required",
        subjectType: "structure",
        subjectId: structureId,
        structureId,
        details: { required },
      });
      structure.requiresProConnect = required;
      return structure;
    });
  }
}
