import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Allow, Public, Rule } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import { assertUuid } from "../structure/structure.service";
import { Structure } from "../structure/structure.entity";
import { requestPasswordReset, resetPassword } from "../identity/password-reset.service";
import {
  InvalidResetLinkError,
  MailLocale,
  NotificationMode,
  NotificationSettings,
  OutboxOverview,
  PasswordResetDone,
  PasswordResetRequested,
  RequestPasswordResetResult,
  ResetPasswordResult,
  RetryOutboxMessageResult,
  StructureSettingResult,
} from "./mail.types";
import {
  canSeeNotificationEmail,
  notificationSettings,
  outboxOverview,
  retryOutboxMessage,
  setStructureNotificationEmail,
  updateNotificationSettings,
} from "./mail.service";

@Resolver()
export class MailResolver {
  @Allow(Rule.USER)
  @Query(() => NotificationSettings, { description: "The signed-in person's e-mail choices." })
  notificationSettings(@Ctx() ctx: Context) {
    return notificationSettings(ctx);
  }

  @Allow(Rule.USER)
  @Mutation(() => NotificationSettings, {
    description: "Chooses which e-mails the signed-in person receives, and in which language.",
  })
  updateNotificationSettings(
    @Arg("mode", () => NotificationMode) mode: NotificationMode,
    @Arg("locale", () => MailLocale, { nullable: true }) locale: MailLocale | null,
    @Ctx() ctx: Context,
  ) {
    return updateNotificationSettings(ctx, mode, locale);
  }

  @Allow(Rule.USER)
  @Mutation(() => StructureSettingResult, {
    description:
      "Sets (or clears, with null) the structure's shared notification address: its managers and admins.",
  })
  setStructureNotificationEmail(
    @Arg("structureId", () => ID) structureId: string,
    @Arg("email", () => String, { nullable: true }) email: string | null,
    @Ctx() ctx: Context,
  ): Promise<typeof StructureSettingResult> {
    assertUuid(structureId, "structureId");
    return setStructureNotificationEmail(ctx, structureId, email);
  }

  @Public()
  @Mutation(() => RequestPasswordResetResult, {
    description:
      "E-mails a one-time link (valid 1 hour) to choose a new password; same answer whether the address has an account or not.",
  })
  async requestPasswordReset(
    @Arg("email") email: string,
    @Ctx() ctx: Context,
  ): Promise<typeof RequestPasswordResetResult> {
    const result = await requestPasswordReset(ctx, email);
    if (result !== true) return result;
    return Object.assign(new PasswordResetRequested(), {
      message: "If an account uses this address, an e-mail with a link is on its way.",
    });
  }

  @Public()
  @Mutation(() => ResetPasswordResult, {
    description: "Spends a reset link: sets the new password and signs the account out everywhere.",
  })
  async resetPassword(
    @Arg("token") token: string,
    @Arg("password") password: string,
    @Ctx() ctx: Context,
  ): Promise<typeof ResetPasswordResult> {
    const result = await resetPassword(ctx, token, password);
    if (result === true)
      return Object.assign(new PasswordResetDone(), { signedOutEverywhere: true });
    if (result === false) return new InvalidResetLinkError();
    return result;
  }

  @Allow(Rule.ADMIN)
  @Query(() => OutboxOverview, { description: "The e-mail outbox: counts and failed messages." })
  outbox(
    @Arg("failedFirst", () => Int, { defaultValue: 50 }) failedFirst: number,
    @Ctx() ctx: Context,
  ) {
    return outboxOverview(ctx, failedFirst);
  }

  @Allow(Rule.ADMIN)
  @Mutation(() => RetryOutboxMessageResult, { description: "Sends a failed message again." })
  retryOutboxMessage(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<typeof RetryOutboxMessageResult> {
    return retryOutboxMessage(ctx, id);
  }
}

@Resolver(() => Structure)
export class StructureNotificationResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Shared mailbox that receives the structure's notifications; visible to its members, coordinators and admins.",
  })
  notificationEmail(@Root() structure: Structure, @Ctx() ctx: Context): string | null {
    return canSeeNotificationEmail(ctx, structure.id) ? structure.notificationEmail : null;
  }
}
