import { Field, InputType } from "type-graphql";
import { DeviceKind, DeviceStatus } from "./programme.enums";

@InputType()
export class CreateDeviceInput {
  @Field({ description: "Inventory number, 60 characters at most; unique." }) inventoryId: string;
  @Field(() => DeviceKind) kind: DeviceKind;
  @Field({ description: "The company or institution it comes from, 200 characters at most." })
  origin: string;
}

@InputType({ description: "Omitted fields are left as they are." })
export class UpdateDeviceInput {
  @Field(() => String, { nullable: true }) inventoryId?: string | null;
  @Field(() => DeviceKind, { nullable: true }) kind?: DeviceKind | null;
  @Field(() => String, { nullable: true }) origin?: string | null;
}

@InputType()
export class DeviceFilter {
  @Field(() => [DeviceStatus], { nullable: true }) statuses?: DeviceStatus[] | null;
  @Field(() => [DeviceKind], { nullable: true }) kinds?: DeviceKind[] | null;
  @Field(() => String, {
    nullable: true,
    description: "Part of the inventory number or origin.",
  })
  text?: string | null;
}
