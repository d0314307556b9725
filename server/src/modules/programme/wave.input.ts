import { Field, InputType, Int } from "type-graphql";

@InputType()
export class WaveDistrictInput {
  @Field() districtCode: string;
  @Field(() => Int, { nullable: true, description: "This district's share of the plan." })
  plannedCount?: number | null;
}

@InputType({ description: "A wave covers districts, a school network, or both." })
export class CreateDeviceWaveInput {
  @Field({ description: "120 characters at most; unique." }) name: string;
  @Field({ description: "YYYY-MM." }) startMonth: string;
  @Field(() => Int) plannedCount: number;
  @Field(() => String, { nullable: true }) schoolNetwork?: string | null;
  @Field(() => [WaveDistrictInput], { nullable: true }) districts?: WaveDistrictInput[] | null;
}

@InputType({ description: "Omitted fields are left as they are; `districts` replaces the list." })
export class UpdateDeviceWaveInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) startMonth?: string | null;
  @Field(() => Int, { nullable: true }) plannedCount?: number | null;
  @Field(() => String, { nullable: true, description: "An empty string clears it." })
  schoolNetwork?: string | null;
  @Field(() => [WaveDistrictInput], { nullable: true }) districts?: WaveDistrictInput[] | null;
}
