import { Field, ID, InputType } from "type-graphql";
import { ServiceCategory, SpecificSupport } from "../vocabulary/vocabulary.enums";
import {
  ContactChannel,
  DeclineReason,
  ReferralDirection,
  ReferralOutcome,
  ReferralStatus,
} from "./referral.enums";

@InputType({ description: "The resident's minimal data; nothing else may be recorded." })
export class ResidentInput {
  @Field() firstName: string;
  @Field(() => String, { nullable: true, description: "Full last name or its initial." })
  lastName?: string | null;
  @Field(() => ContactChannel) contactChannel: ContactChannel;
  @Field({ description: "Phone number (French or international) or e-mail address." })
  contactValue: string;
  @Field(() => String, { nullable: true, description: "District of residence." }) districtCode?:
    string | null;
  @Field(() => [String], { nullable: true, description: "ISO 639 codes, e.g. fr, ar, uk." })
  languages?: string[] | null;
  @Field(() => [SpecificSupport], { nullable: true }) accessibilityNeeds?: SpecificSupport[] | null;
}

@InputType({ description: "The resident agreed, after being read the wording of this version." })
export class ConsentInput {
  @Field({ description: "Must be true: no referral without the resident's consent." })
  given: boolean;
  @Field() wordingVersion: string;
}

@InputType()
export class CreateReferralInput {
  @Field(() => ID, { description: "The referrer's structure." }) senderStructureId: string;
  @Field(() => ID) receiverStructureId: string;
  @Field(() => ID, { nullable: true, description: "One of the receiver's active offers." })
  receiverOfferId?: string | null;
  @Field(() => ServiceCategory) need: ServiceCategory;
  @Field(() => String, { nullable: true, description: "1,000 characters at most." }) situation?:
    string | null;
  @Field(() => ResidentInput) resident: ResidentInput;
  @Field(() => ConsentInput) consent: ConsentInput;
  @Field(() => ID, {
    nullable: true,
    description: "The programme household the resident belongs to (see `householdByReference`).",
  })
  householdId?: string | null;
}

@InputType()
export class ReferralFilter {
  @Field(() => ReferralDirection, { nullable: true, description: "Both when omitted." })
  direction?: ReferralDirection | null;
  @Field(() => [ReferralStatus], { nullable: true }) statuses?: ReferralStatus[] | null;
  @Field(() => ID, {
    nullable: true,
    description: "One of the caller's structures; all of them when omitted.",
  })
  structureId?: string | null;
  @Field(() => Date, { nullable: true }) createdFrom?: Date | null;
  @Field(() => Date, { nullable: true }) createdTo?: Date | null;
}

@InputType()
export class DeclineInput {
  @Field(() => DeclineReason) reason: DeclineReason;
  @Field(() => String, {
    nullable: true,
    description: "Required for OTHER; 1,000 characters at most.",
  })
  comment?: string | null;
}

@InputType()
export class CompleteInput {
  @Field(() => ReferralOutcome) outcome: ReferralOutcome;
  @Field(() => String, { nullable: true }) comment?: string | null;
}
