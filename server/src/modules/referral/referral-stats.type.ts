import { Field, Float, Int, ObjectType } from "type-graphql";
import { ServiceCategory } from "../vocabulary/vocabulary.enums";
import { ReferralStatus } from "./referral.enums";

@ObjectType()
export class StatusCount {
  @Field(() => ReferralStatus) status: ReferralStatus;
  @Field(() => Int) count: number;
}

@ObjectType()
export class NeedCount {
  @Field(() => ServiceCategory) need: ServiceCategory;
  @Field(() => Int) count: number;
  @Field(() => Int) accepted: number;
  @Field(() => Int) declined: number;
}

@ObjectType()
export class DistrictCount {
  @Field(() => String, {
    nullable: true,
    description: "Null when the district of residence is unknown.",
  })
  districtCode: string | null;
  @Field(() => Int) count: number;
}

@ObjectType({
  description: "Referral figures for a period: counts, rates, delays — never personal data.",
})
export class ReferralStats {
  @Field() from: Date;
  @Field() to: Date;
  @Field(() => String, { nullable: true }) districtCode: string | null;
  @Field(() => Int) total: number;
  @Field(() => Int, { description: "Accepted or declined by the receiver." }) answered: number;
  @Field(() => Float, { nullable: true, description: "Accepted among answered, 0 to 1." })
  acceptanceRate: number | null;
  @Field(() => Float, { nullable: true }) medianHoursToAnswer: number | null;
  @Field(() => [StatusCount]) byStatus: StatusCount[];
  @Field(() => [NeedCount]) byNeed: NeedCount[];
  @Field(() => [DistrictCount], { description: "By the resident's district of residence." })
  byDistrict: DistrictCount[];
}
