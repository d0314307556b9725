import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { DeviceStatus } from "./programme.enums";
import { DeviceWaveView } from "./wave.type";

@ObjectType()
export class HouseholdsTarget {
  @Field(() => Int) year: number;
  @Field(() => Int) target: number;
  @Field({ description: "No target was set for the year: the default, 2,500, applies." })
  isDefault: boolean;
}

@ObjectType()
export class HouseholdsByDistrict {
  @Field(() => String, { nullable: true, description: "Null when the district is unknown." })
  districtCode: string | null;
  @Field(() => Int) households: number;
}

@ObjectType()
export class HouseholdsByMonth {
  @Field({ description: "YYYY-MM." }) month: string;
  @Field(() => Int, { description: "Households accompanied for the first time of the year." })
  newHouseholds: number;
  @Field(() => Int, { description: "Households accompanied since January." }) cumulative: number;
}

@ObjectType({
  description:
    "Distinct households accompanied in a year — a completed referral, a delivered device or a redeemed ticket — against the target. No personal data.",
})
export class HouseholdsIndicator {
  @Field(() => Int) year: number;
  @Field(() => Int) target: number;
  @Field({ description: "No target was set for the year: the default applies." })
  targetIsDefault: boolean;
  @Field(() => Int) households: number;
  @Field(() => Float, { description: "households / target (1 = target reached)." })
  progress: number;
  @Field(() => Int, { description: "Of which with a completed referral." }) withReferral: number;
  @Field(() => Int, { description: "Of which with a delivered device." }) withDevice: number;
  @Field(() => Int, { description: "Of which with a redeemed ticket." }) withTicket: number;
  @Field(() => [HouseholdsByDistrict], {
    description: "By district of residence; sums to households.",
  })
  byDistrict: HouseholdsByDistrict[];
  @Field(() => [HouseholdsByMonth], { description: "Twelve months, by first accompaniment." })
  byMonth: HouseholdsByMonth[];
}

@ObjectType()
export class DistrictDeviceProgress {
  @Field(() => String, { nullable: true }) districtCode: string | null;
  @Field(() => Int, { nullable: true, description: "Null when the plan has no share for it." })
  planned: number | null;
  @Field(() => Int, { description: "Lent, not delivered yet." }) allocated: number;
  @Field(() => Int, { description: "Delivered (returned since or not)." }) delivered: number;
  @Field(() => Int) returned: number;
}

@ObjectType()
export class WaveProgress {
  @Field(() => DeviceWaveView) wave: DeviceWaveView;
  @Field(() => Int) planned: number;
  @Field(() => Int) allocated: number;
  @Field(() => Int) delivered: number;
  @Field(() => Int) returned: number;
  @Field(() => Float, { description: "delivered / planned." }) deliveredRatio: number;
  @Field(() => [DistrictDeviceProgress]) byDistrict: DistrictDeviceProgress[];
}

@ObjectType()
export class DeviceStatusCount {
  @Field(() => DeviceStatus) status: DeviceStatus;
  @Field(() => Int) count: number;
}

@ObjectType({ description: "Where the lending plan stands: delivered against planned." })
export class DeviceProgress {
  @Field(() => Int) planned: number;
  @Field(() => Int) allocated: number;
  @Field(() => Int) delivered: number;
  @Field(() => Int) returned: number;
  @Field(() => Float) deliveredRatio: number;
  @Field(() => [DeviceStatusCount], { description: "The inventory by status." })
  devices: DeviceStatusCount[];
  @Field(() => [WaveProgress], { description: "By start month." }) waves: WaveProgress[];
  @Field(() => [DistrictDeviceProgress], { description: "All waves together." })
  byDistrict: DistrictDeviceProgress[];
}

@ObjectType()
export class TicketFlow {
  @Field(() => Int) issuedTickets: number;
  @Field(() => Int) issuedValueCents: number;
  @Field(() => Int) redeemedTickets: number;
  @Field(() => Int) redeemedValueCents: number;
}

@ObjectType()
export class StructureTicketFlow extends TicketFlow {
  @Field(() => ID) structureId: string;
  @Field() structureName: string;
  @Field(() => String, { nullable: true }) districtCode: string | null;
}

@ObjectType()
export class DistrictTicketFlow extends TicketFlow {
  @Field(() => String, { nullable: true, description: "The structures' district." })
  districtCode: string | null;
}

@ObjectType({
  description:
    "Pass numérique tickets issued (by issuing structure) and redeemed (by redeeming structure) in a year.",
})
export class TicketFlows extends TicketFlow {
  @Field(() => Int) year: number;
  @Field(() => [StructureTicketFlow]) byStructure: StructureTicketFlow[];
  @Field(() => [DistrictTicketFlow]) byDistrict: DistrictTicketFlow[];
}
