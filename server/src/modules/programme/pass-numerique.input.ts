import { GraphQLLocalDate } from "graphql-scalars";
import { Field, ID, InputType, Int } from "type-graphql";

@InputType({
  description:
    "A booklet for a household (`householdId`), a referred resident (`referralId`), or a new household.",
})
export class IssuePassBookletInput {
  @Field(() => ID, { description: "The caller's structure." }) issuerStructureId: string;
  @Field(() => ID, { nullable: true }) householdId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: "A referral the issuing structure sent or received.",
  })
  referralId?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "District of residence of a new household (neither household nor referral given).",
  })
  districtCode?: string | null;
  @Field(() => Int, { description: "From 1 to 50." }) ticketCount: number;
  @Field(() => Int, { description: "Value of one ticket in cents, up to 10,000 (100 €)." })
  ticketValueCents: number;
  @Field(() => GraphQLLocalDate, { nullable: true, description: "Today (Paris) when omitted." })
  issuedOn?: string | null;
}
