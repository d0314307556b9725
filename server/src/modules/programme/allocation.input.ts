import { GraphQLLocalDate } from "graphql-scalars";
import { Field, ID, InputType } from "type-graphql";
import { ConsentInput, ResidentInput } from "../referral/referral.input";
import { AllocationStatus, SchoolNetwork } from "./programme.enums";

@InputType({
  description:
    "The commitment charter, signed on one day by the family, the city and the association.",
})
export class CharterInput {
  @Field(() => GraphQLLocalDate, { description: "Not in the future." }) signedOn: string;
  @Field({ description: "Who signed for the family (personal data, erased with the rest)." })
  familySignatory: string;
  @Field({ description: "Who signed for the city: name and role." }) citySignatory: string;
  @Field({ description: "Who signed for the accompanying association." })
  associationSignatory: string;
}

@InputType({
  description:
    "A device lent to a household. `resident.districtCode` is required: it places the loan in the wave's districts.",
})
export class CreateAllocationInput {
  @Field(() => ID, { description: "The caller's structure, which accompanies the family." })
  accompanyingStructureId: string;
  @Field(() => ID, { description: "A device IN_STOCK." }) deviceId: string;
  @Field(() => ID) waveId: string;
  @Field(() => ID, {
    nullable: true,
    description:
      "The family's household when it has one (see `householdByReference`); a new one otherwise.",
  })
  householdId?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The child's school, 200 characters at most.",
  })
  schoolName?: string | null;
  @Field(() => SchoolNetwork) schoolNetwork: SchoolNetwork;
  @Field(() => ResidentInput) resident: ResidentInput;
  @Field(() => ConsentInput, { description: "Wording from `allocationConsentWording`." })
  consent: ConsentInput;
  @Field(() => CharterInput, { nullable: true, description: "When already signed." })
  charter?: CharterInput | null;
}

@InputType()
export class AllocationFilter {
  @Field(() => [AllocationStatus], { nullable: true }) statuses?: AllocationStatus[] | null;
  @Field(() => ID, { nullable: true }) waveId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: "One of the caller's structures; all of them when omitted.",
  })
  structureId?: string | null;
}
