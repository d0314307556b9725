import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { Allow, forbidden, Public, Rule } from "../../graphql/auth";
import { PageArgs } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { AccessJournalEntry, accessJournal } from "../audit/access-journal";
import { District } from "../district/district.entity";
import { ServiceOffer } from "../offer/offer.entity";
import { Structure } from "../structure/structure.entity";
import { CONSENT_WORDINGS, CURRENT_CONSENT_VERSION } from "./consent";
import { canSeeResident } from "./referral-access";
import { listInclude } from "./referral-list-include";
import { getReferral, listReferrals, referralStats } from "./referral-read.service";
import { ReferralStats } from "./referral-stats.type";
import { Referral } from "./referral.entity";
import { CompleteInput, CreateReferralInput, DeclineInput, ReferralFilter } from "./referral.input";
import {
  createReferral,
  eraseResidentData,
  type ReferralOutcomeValue,
  transition,
} from "./referral.service";
import { ConsentWording } from "./consent.type";
import {
  ReferralConnection,
  ReferralEventView,
  ReferralResult,
  ReferralView,
  Resident,
} from "./referral.type";
import { validateComplete, validateDecline } from "./referral.validation";
import { IDEMPOTENCY_KEY_ARG, idempotent } from "../idempotency/idempotency";

const view = (value: ReferralOutcomeValue) =>
  value instanceof Referral ? ReferralView.from(value) : value;
const REFERRAL_ACTORS = [Rule.MEMBER, Rule.TOKEN] as const;

@Resolver(() => ReferralView)
export class ReferralResolver {
  @Allow(Rule.MEMBER, Rule.TOKEN, Rule.ADMIN, Rule.COORDINATOR)
  @Query(() => ReferralView, {
    description: "One referral, for its two structures, coordinators and admins.",
  })
  async referral(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<ReferralView> {
    return ReferralView.from(await getReferral(ctx, id));
  }

  @Allow(Rule.MEMBER, Rule.TOKEN, Rule.ADMIN)
  @Query(() => ReferralConnection, {
    description: "Referrals of the caller's structures, newest first.",
  })
  async referrals(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg("filter", () => ReferralFilter, { nullable: true }) filter: ReferralFilter | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ReferralConnection> {
    return listReferrals(ctx, filter, first, after, listInclude(info));
  }

  @Allow(Rule.COORDINATOR, Rule.ADMIN)
  @Query(() => ReferralStats, { description: "Figures for coordinators; no personal data." })
  referralStats(
    @Arg("from") from: Date,
    @Arg("to") to: Date,
    @Arg("districtCode", () => String, { nullable: true }) districtCode: string | null,
    @Ctx() ctx: Context,
  ): Promise<ReferralStats> {
    return referralStats(ctx, { from, to, districtCode });
  }

  @Public()
  @Query(() => ConsentWording, { description: "The consent wording to read to residents now." })
  consentWording(): ConsentWording {
    return { version: CURRENT_CONSENT_VERSION, text: CONSENT_WORDINGS[CURRENT_CONSENT_VERSION] };
  }

  @Allow(...REFERRAL_ACTORS)
  @Mutation(() => ReferralResult, {
    description: "Refers a resident, who consented, to a structure.",
  })
  async createReferral(
    @Arg("input", () => CreateReferralInput) input: CreateReferralInput,
    @Arg("idempotencyKey", () => String, IDEMPOTENCY_KEY_ARG) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<typeof ReferralResult> {
    return idempotent(
      ctx,
      "createReferral",
      idempotencyKey,
      input,
      async (claim) => view(await createReferral(ctx, input, claim)),
      async (id) => ReferralView.from(await getReferral(ctx, id)),
      // Its one statement claims the key: a new key needs no lookup (see insertReferral).
      { created: (result) => result instanceof ReferralView },
    );
  }

  @Allow(...REFERRAL_ACTORS)
  @Mutation(() => ReferralResult, { description: "The receiver accepts a pending referral." })
  async acceptReferral(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<typeof ReferralResult> {
    return view(await transition(ctx, "accept", id, expectedVersion));
  }

  @Allow(...REFERRAL_ACTORS)
  @Mutation(() => ReferralResult, {
    description: "The receiver declines a pending referral, with a reason.",
  })
  async declineReferral(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("input", () => DeclineInput) input: DeclineInput,
    @Ctx() ctx: Context,
  ): Promise<typeof ReferralResult> {
    const { errors, comment } = validateDecline(input);
    if (!errors.empty) return errors.result()!;
    return view(
      await transition(ctx, "decline", id, expectedVersion, {
        declineReason: input.reason,
        declineComment: comment,
      }),
    );
  }

  @Allow(...REFERRAL_ACTORS)
  @Mutation(() => ReferralResult, {
    description: "The receiver closes an accepted referral with its outcome.",
  })
  async completeReferral(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("input", () => CompleteInput) input: CompleteInput,
    @Ctx() ctx: Context,
  ): Promise<typeof ReferralResult> {
    const { errors, comment } = validateComplete(input);
    if (!errors.empty) return errors.result()!;
    return view(
      await transition(ctx, "complete", id, expectedVersion, {
        outcome: input.outcome,
        outcomeComment: comment,
      }),
    );
  }

  @Allow(...REFERRAL_ACTORS)
  @Mutation(() => ReferralResult, {
    description: "The receiver notes that the resident did not come.",
  })
  async markReferralNoShow(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<typeof ReferralResult> {
    return view(await transition(ctx, "noShow", id, expectedVersion));
  }

  @Allow(...REFERRAL_ACTORS)
  @Mutation(() => ReferralResult, {
    description: "The sender cancels a pending or accepted referral.",
  })
  async cancelReferral(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<typeof ReferralResult> {
    return view(await transition(ctx, "cancel", id, expectedVersion));
  }

  @Allow(Rule.MEMBER, Rule.ADMIN)
  @Mutation(() => ReferralResult, {
    description:
      "Erases the resident's data now (right to erasure): the sender's managers or an admin.",
  })
  async eraseResidentData(
    @Arg("referralId", () => ID) referralId: string,
    @Ctx() ctx: Context,
  ): Promise<typeof ReferralResult> {
    return view(await eraseResidentData(ctx, referralId));
  }

  @FieldResolver(() => Resident, {
    nullable: true,
    description:
      "The resident: for the two structures involved and admins; FORBIDDEN otherwise. Every read is audited.",
  })
  async resident(@Root() r: ReferralView, @Ctx() ctx: Context): Promise<Resident | null> {
    if (!canSeeResident(ctx.viewer, r.row))
      throw forbidden("The resident's data is for the structures involved only");
    if (r.row.anonymisedAt) return null;
    await ctx.loaders.residentRead.load(r.id);
    return Resident.of(r.row, r.row.situation);
  }

  @FieldResolver(() => District, {
    nullable: true,
    description: "District of residence (kept for statistics).",
  })
  residentDistrict(@Root() r: ReferralView, @Ctx() ctx: Context) {
    return r.row.residentDistrictCode
      ? ctx.loaders.districtByCode.load(r.row.residentDistrictCode)
      : null;
  }

  @FieldResolver(() => Structure)
  senderStructure(@Root() r: ReferralView, @Ctx() ctx: Context) {
    const listed = r.listed?.sender;
    return listed !== undefined ? listed : ctx.loaders.structureById.load(r.row.senderStructureId);
  }

  @FieldResolver(() => Structure)
  receiverStructure(@Root() r: ReferralView, @Ctx() ctx: Context) {
    const listed = r.listed?.receiver;
    return listed !== undefined
      ? listed
      : ctx.loaders.structureById.load(r.row.receiverStructureId);
  }

  @FieldResolver(() => ServiceOffer, { nullable: true })
  receiverOffer(@Root() r: ReferralView, @Ctx() ctx: Context) {
    const listed = r.listed?.offer;
    if (listed !== undefined) return listed;
    return r.row.receiverOfferId ? ctx.loaders.offerById.load(r.row.receiverOfferId) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Why it was declined, or how it ended (involved structures only).",
  })
  comment(@Root() r: ReferralView, @Ctx() ctx: Context): string | null {
    if (!canSeeResident(ctx.viewer, r.row)) return null;
    return r.row.declineComment ?? r.row.outcomeComment;
  }

  @FieldResolver(() => [AccessJournalEntry], {
    description:
      "Who read or changed the resident's data, newest first (200 entries at most): for the two structures involved and admins; FORBIDDEN otherwise.",
  })
  accessJournal(@Root() r: ReferralView, @Ctx() ctx: Context): Promise<AccessJournalEntry[]> {
    if (!canSeeResident(ctx.viewer, r.row))
      throw forbidden("The access journal is for the structures involved only");
    return accessJournal(ctx.dataSource, "referral", r.id);
  }

  @FieldResolver(() => [ReferralEventView], { description: "History, oldest first." })
  events(@Root() r: ReferralView, @Ctx() ctx: Context) {
    return r.listed?.events ?? ctx.loaders.eventsByReferral.load(r.id);
  }
}
