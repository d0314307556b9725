import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { Allow, Public, Rule } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import {
  AcceptInvitationInput,
  AcceptInvitationResult,
  InvitationCreated,
  InviteUserInput,
  InviteUserResult,
  ResendInvitationResult,
  RevokeInvitationResult,
} from "./identity.types";
import { Invitation } from "./invitation.entity";
import {
  acceptInvitation,
  inviteUser,
  pendingInvitations,
  resendInvitation,
  revokeInvitation,
} from "./invitation.service";
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

  @Allow(Rule.ADMIN, Rule.MEMBER)
  @Query(() => [Invitation], {
    description:
      "Invitations not yet accepted nor revoked, newest first (500 at most; expired ones too, to send again): a structure's for its managers and admins; without `structureId`, the network roles' for admins.",
  })
  pendingInvitations(
    @Arg("structureId", () => ID, { nullable: true }) structureId: string | null,
    @Ctx() ctx: Context,
  ): Promise<Invitation[]> {
    return pendingInvitations(ctx, structureId ?? null);
  }

  @Allow(Rule.ADMIN, Rule.MEMBER)
  @Mutation(() => ResendInvitationResult, {
    description:
      "A new link for a pending invitation, valid 7 days and e-mailed; the old link stops working. For those who may give its role.",
  })
  async resendInvitation(
    @Arg("invitationId", () => ID) invitationId: string,
    @Ctx() ctx: Context,
  ): Promise<typeof ResendInvitationResult> {
    const result = await resendInvitation(ctx, invitationId);
    return "link" in result ? Object.assign(new InvitationCreated(), result) : result;
  }

  @Allow(Rule.ADMIN, Rule.MEMBER)
  @Mutation(() => RevokeInvitationResult, {
    description: "Revokes a pending invitation: its link opens nothing any more.",
  })
  revokeInvitation(
    @Arg("invitationId", () => ID) invitationId: string,
    @Ctx() ctx: Context,
  ): Promise<typeof RevokeInvitationResult> {
    return revokeInvitation(ctx, invitationId);
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
