import { createUnionType, Field, ID, Int, ObjectType } from "type-graphql";
import { ConflictError } from "../../graphql/conflict-error";
import { NotFoundError, ValidationError } from "../../graphql/results";
import type { DeviceWave, DeviceWaveDistrict } from "./wave.entity";

@ObjectType({ description: "A district a wave covers, with its share of the plan when set." })
export class WaveDistrict {
  @Field() districtCode: string;
  @Field(() => Int, { nullable: true, description: "Devices planned in this district." })
  plannedCount: number | null;

  static from(row: DeviceWaveDistrict): WaveDistrict {
    return Object.assign(new WaveDistrict(), {
      districtCode: row.districtCode,
      plannedCount: row.plannedCount,
    });
  }
}

/** The GraphQL view of a wave; `districts` is resolved in wave.resolver.ts. */
@ObjectType("DeviceWave", {
  description: "A wave of the lending plan: so many devices from a month, where.",
})
export class DeviceWaveView {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, {
    nullable: true,
    description: "The school network targeted, e.g. « Cité éducative Bellevue ».",
  })
  schoolNetwork: string | null;
  @Field({ description: "First month of deliveries, YYYY-MM." }) startMonth: string;
  @Field(() => Int) plannedCount: number;
  @Field(() => Int, { description: "Send it back as `expectedVersion`." }) version: number;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;

  static from(row: DeviceWave): DeviceWaveView {
    return Object.assign(new DeviceWaveView(), {
      id: row.id,
      name: row.name,
      schoolNetwork: row.schoolNetwork,
      startMonth: row.startMonth.slice(0, 7),
      plannedCount: row.plannedCount,
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    });
  }
}

export const DeviceWaveResult = createUnionType({
  name: "DeviceWaveResult",
  types: () => [DeviceWaveView, ValidationError, NotFoundError, ConflictError] as const,
});
