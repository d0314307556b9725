import { createUnionType, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { ErrorCode } from "../../graphql/errors";
import {
  ErrorResult,
  NotFoundError,
  TooManyAttemptsError,
  ValidationError,
} from "../../graphql/results";
import { Structure } from "../structure/structure.entity";

export enum NotificationMode {
  EACH_EVENT = "EACH_EVENT",
  DAILY_DIGEST = "DAILY_DIGEST",
  NONE = "NONE",
}

export enum MailLocale {
  FR = "fr",
  EN = "en",
}

export enum OutboxState {
  PENDING = "PENDING",
  SENT = "SENT",
  FAILED = "FAILED",
  DIGEST = "DIGEST",
  DIGESTED = "DIGESTED",
}

registerEnumType(NotificationMode, {
  name: "NotificationMode",
  description: "How a person hears of what concerns them: each event, one e-mail a day, or none.",
});
registerEnumType(MailLocale, { name: "MailLocale" });
registerEnumType(OutboxState, {
  name: "OutboxState",
  description:
    "PENDING: to send (maybe after a failed try); DIGEST: waits for the daily digest; DIGESTED: sent in one.",
});

@ObjectType({ description: "The signed-in person's e-mail notification choices." })
export class NotificationSettings {
  @Field(() => NotificationMode)
  mode: NotificationMode;

  @Field(() => MailLocale, { description: "The language of the e-mails." })
  locale: MailLocale;
}

@ObjectType({ description: "A message of the e-mail outbox, for admins." })
export class OutboxMessage {
  @Field(() => ID)
  id: string;

  @Field({ description: "invitation, password_reset, digest, referral.CREATED, …" })
  kind: string;

  @Field()
  recipient: string;

  @Field()
  subject: string;

  @Field(() => OutboxState)
  state: OutboxState;

  @Field(() => Int)
  attempts: number;

  @Field(() => String, { nullable: true, description: "The SMTP server's answer to the last try." })
  lastError: string | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  sentAt: Date | null;
}

@ObjectType()
export class OutboxCount {
  @Field(() => OutboxState)
  state: OutboxState;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: "The outbox at a glance: counts by state and the failed messages." })
export class OutboxOverview {
  @Field(() => [OutboxCount])
  counts: OutboxCount[];

  @Field(() => [OutboxMessage], { description: "Failed messages, newest first." })
  failed: OutboxMessage[];
}

@ObjectType({ description: "Always the answer, whether the address has an account or not." })
export class PasswordResetRequested {
  @Field()
  message: string;
}

@ObjectType()
export class PasswordResetDone {
  @Field({ description: "Every session of the account was closed; sign in again." })
  signedOutEverywhere: boolean;
}

@ObjectType({ implements: ErrorResult })
export class InvalidResetLinkError extends ErrorResult {
  constructor() {
    super();
    this.errorCode = ErrorCode.INVALID_RESET_LINK;
    this.message = "This link is unknown, already used or expired; ask for a new one";
  }
}

export const RequestPasswordResetResult = createUnionType({
  name: "RequestPasswordResetResult",
  types: () => [PasswordResetRequested, TooManyAttemptsError] as const,
});

export const ResetPasswordResult = createUnionType({
  name: "ResetPasswordResult",
  types: () => [PasswordResetDone, InvalidResetLinkError, ValidationError] as const,
});

export const RetryOutboxMessageResult = createUnionType({
  name: "RetryOutboxMessageResult",
  types: () => [OutboxMessage, NotFoundError] as const,
});

export const StructureSettingResult = createUnionType({
  name: "StructureSettingResult",
  types: () => [Structure, ValidationError, NotFoundError] as const,
});
