import { createUnionType, Field, ID, InputType, ObjectType } from "type-graphql";
import {
  InvalidCredentialsError,
  ProConnectRequiredError,
  InvalidInvitationError,
  NotFoundError,
  TooManyAttemptsError,
  ValidationError,
} from "../../graphql/results";
import { ApiToken } from "./api-token.entity";
import { GlobalRole, MembershipRole } from "./identity.enums";
import { Invitation } from "./invitation.entity";
import { Membership } from "./membership.entity";
import { User } from "./user.entity";
import { ViewerType } from "./viewer.type";

@InputType()
export class InviteUserInput {
  @Field()
  email: string;

  @Field(() => GlobalRole, { nullable: true, description: "A role over the whole network…" })
  globalRole?: GlobalRole | null;

  @Field(() => ID, { nullable: true, description: "…or a role in this structure." })
  structureId?: string | null;

  @Field(() => MembershipRole, { nullable: true })
  role?: MembershipRole | null;
}

@InputType()
export class AcceptInvitationInput {
  @Field({ description: "The secret part of the invitation link." })
  token: string;

  @Field({ description: "At least 12 characters; for an existing account, its current password." })
  password: string;

  @Field(() => String, { nullable: true, description: "Required when the account is new." })
  displayName?: string | null;
}

@ObjectType({ description: "An invitation and its link, shown to the inviter once." })
export class InvitationCreated {
  @Field(() => Invitation)
  invitation: Invitation;

  @Field({ description: "One-time link, valid 7 days; also e-mailed to the invitee." })
  link: string;
}

@ObjectType({ description: "A new API token; its secret is shown only here, once." })
export class CreatedApiToken {
  @Field({ description: "Send as `Authorization: Bearer <token>`; it cannot be shown again." })
  token: string;

  @Field(() => ApiToken)
  apiToken: ApiToken;
}

export const LoginResult = createUnionType({
  name: "LoginResult",
  types: () =>
    [ViewerType, InvalidCredentialsError, TooManyAttemptsError, ProConnectRequiredError] as const,
});

export const AcceptInvitationResult = createUnionType({
  name: "AcceptInvitationResult",
  types: () =>
    [ViewerType, ValidationError, InvalidInvitationError, InvalidCredentialsError] as const,
});

export const InviteUserResult = createUnionType({
  name: "InviteUserResult",
  types: () => [InvitationCreated, ValidationError, NotFoundError] as const,
});

export const ResendInvitationResult = createUnionType({
  name: "ResendInvitationResult",
  types: () => [InvitationCreated, InvalidInvitationError, NotFoundError] as const,
});

export const RevokeInvitationResult = createUnionType({
  name: "RevokeInvitationResult",
  types: () => [Invitation, InvalidInvitationError, NotFoundError] as const,
});

export const CreateApiTokenResult = createUnionType({
  name: "CreateApiTokenResult",
  types: () => [CreatedApiToken, ValidationError, NotFoundError] as const,
});

export const ApiTokenResult = createUnionType({
  name: "ApiTokenResult",
  types: () => [ApiToken, NotFoundError] as const,
});

export const MembershipResult = createUnionType({
  name: "MembershipResult",
  types: () => [Membership, NotFoundError] as const,
});

export const UserResult = createUnionType({
  name: "UserResult",
  types: () => [User, NotFoundError, ValidationError] as const,
});
