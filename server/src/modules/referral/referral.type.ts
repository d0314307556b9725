import { createUnionType, Field, ID, Int, ObjectType } from "type-graphql";
import { ConflictError } from "../../graphql/conflict-error";
import { Connection } from "../../graphql/connection";
import { ErrorCode } from "../../graphql/errors";
import { ErrorResult, NotFoundError, ValidationError } from "../../graphql/results";
import { ServiceCategory, SpecificSupport } from "../vocabulary/vocabulary.enums";
import type { ServiceOffer } from "../offer/offer.entity";
import type { Structure } from "../structure/structure.entity";
import type { Referral } from "./referral.entity";
import {
  ContactChannel,
  DeclineReason,
  ReferralEventType,
  ReferralOutcome,
  ReferralStatus,
} from "./referral.enums";

@ObjectType({
  description: "The resident's minimal data: for the two structures involved (and admins) only.",
})
export class Resident {
  @Field(() => String, { nullable: true }) firstName: string | null;
  @Field(() => String, { nullable: true }) lastName: string | null;
  @Field(() => ContactChannel, { nullable: true }) contactChannel: ContactChannel | null;
  @Field(() => String, { nullable: true }) contactValue: string | null;
  @Field(() => [String], { description: "Languages spoken (ISO 639 codes)." }) languages: string[];
  @Field(() => [SpecificSupport]) accessibilityNeeds: SpecificSupport[];
  @Field(() => String, { nullable: true, description: "The situation, 1,000 characters at most." })
  situation: string | null;

  /** The resident's fields of a row (referral or device loan), which share the column names. */
  static of(row: ResidentColumns, situation: string | null = null): Resident {
    return {
      firstName: row.residentFirstName,
      lastName: row.residentLastName,
      contactChannel: row.residentContactChannel,
      contactValue: row.residentContactValue,
      languages: row.residentLanguages,
      accessibilityNeeds: row.residentAccessibilityNeeds,
      situation,
    };
  }
}

export type ResidentColumns = Pick<
  Referral,
  | "residentFirstName"
  | "residentLastName"
  | "residentContactChannel"
  | "residentContactValue"
  | "residentLanguages"
  | "residentAccessibilityNeeds"
>;

@ObjectType({ description: "The resident's consent, recorded by the referrer." })
export class Consent {
  @Field() givenAt: Date;
  @Field({ description: "Version of the consent wording shown to the resident." })
  wordingVersion: string;
}

/**
 * What a list read with a referral, as stand-ins holding only what the document selects of
 * them: `undefined` where it read nothing (the resolvers then use the loaders).
 */
export interface ListedWith {
  sender?: Structure | null;
  receiver?: Structure | null;
  offer?: ServiceOffer | null;
  events?: ReferralEventView[];
}

/** The GraphQL view of a referral; resolved fields live in referral.resolver.ts. */
@ObjectType("Referral", {
  description: "A resident sent by one structure to another, and what became of it.",
})
export class ReferralView {
  @Field(() => ID) id: string;
  @Field(() => ReferralStatus) status: ReferralStatus;
  @Field(() => Int, { description: "Send it back as `expectedVersion`." }) version: number;
  @Field(() => ServiceCategory) need: ServiceCategory;
  @Field(() => Consent) consent: Consent;
  @Field(() => DeclineReason, { nullable: true }) declineReason: DeclineReason | null;
  @Field(() => ReferralOutcome, { nullable: true }) outcome: ReferralOutcome | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Field(() => Date, { nullable: true }) answeredAt: Date | null;
  @Field(() => Date, { nullable: true }) closedAt: Date | null;
  @Field({ description: "A pending referral expires then." }) expiresAt: Date;
  @Field({ description: "Pending for long enough to call for a reminder." }) needsReminder: boolean;
  @Field({ description: "The resident's data was erased (retention or erasure request)." })
  anonymised: boolean;

  /** The row behind the view, for the resolvers. */
  row: Referral;
  /** What a list read with its row, when the document asked for no more of it (see listInclude). */
  listed?: ListedWith;

  static from(row: Referral): ReferralView {
    return Object.assign(new ReferralView(), {
      id: row.id,
      status: row.status,
      version: row.version,
      need: row.need,
      consent: { givenAt: row.consentGivenAt, wordingVersion: row.consentWordingVersion },
      declineReason: row.declineReason,
      outcome: row.outcome,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      answeredAt: row.answeredAt,
      closedAt: row.closedAt,
      expiresAt: row.expiresAt,
      needsReminder: row.reminderFlaggedAt !== null && row.status === ReferralStatus.PENDING,
      anonymised: row.anonymisedAt !== null,
      row,
    });
  }
}

@ObjectType("ReferralEvent", {
  description: "One entry of a referral's history; its id orders events and resumes streams.",
})
export class ReferralEventView {
  @Field(() => ID, { description: "Ordered cursor." }) id: string;
  @Field({ description: "Same as id: pass it as `after` to resume a stream." }) cursor: string;
  @Field(() => ReferralEventType) type: ReferralEventType;
  @Field(() => ReferralStatus, { nullable: true }) fromStatus: ReferralStatus | null;
  @Field(() => ReferralStatus) toStatus: ReferralStatus;
  @Field({ description: "user, token or system." }) actorType: string;
  @Field() at: Date;

  referralId: string;
  actorId: string | null;
  /** The referral, when the event was loaded with it (live streams). */
  referralRow?: Referral;
}

@ObjectType({ implements: ErrorResult })
export class InvalidTransitionError extends ErrorResult {
  @Field(() => ReferralStatus) from: ReferralStatus;
  @Field(() => ReferralStatus) to: ReferralStatus;

  constructor(from: ReferralStatus, to: ReferralStatus) {
    super();
    this.errorCode = ErrorCode.INVALID_TRANSITION;
    this.message = `A ${from} referral cannot become ${to}`;
    this.from = from;
    this.to = to;
  }
}

export const ReferralResult = createUnionType({
  name: "ReferralResult",
  types: () =>
    [ReferralView, ValidationError, NotFoundError, ConflictError, InvalidTransitionError] as const,
});

@ObjectType()
export class ReferralConnection extends Connection(ReferralView, "Referral") {}
