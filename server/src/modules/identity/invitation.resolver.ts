import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { Allow, Public, Rule } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import {
  AcceptInvitationInput,
  AcceptInvitationResult,
  InvitationCreated,
  InviteUserInput,
  InviteUserResult,
} from "./identity.types";
import { acceptInvitation, inviteUser } from "./invitation.service";
import { ViewerType } from "./viewer.type";

@Resolver()
export class InvitationResolver {
  @Allow(Rule.ADMIN, Rule.MEMBER)
  @Mutation(() => InviteUserResult, {
    description:
      "Admins invite coordinators and managers; managers invite their structure's staff.",
  })
  async inviteUser(
    @Arg("input", () => InviteUserInput) input: InviteUserInput,
    @Ctx() ctx: Context,
  ): Promise<typeof InviteUserResult> {
    const result = await inviteUser(ctx, input);
    return "link" in result ? Object.assign(new InvitationCreated(), result) : result;
  }

  @Public()
  @Mutation(() => AcceptInvitationResult, {
    description: "Spends an invitation: creates the account if needed, grants the role, signs in.",
  })
  async acceptInvitation(
    @Arg("input", () => AcceptInvitationInput) input: AcceptInvitationInput,
    @Ctx() ctx: Context,
  ): Promise<typeof AcceptInvitationResult> {
    const result = await acceptInvitation(ctx, input);
    return "kind" in result ? ViewerType.from(result)! : result;
  }
}
