import { createUnionType, ObjectType } from "type-graphql";
import { ConflictError } from "../../graphql/conflict-error";
import { Connection } from "../../graphql/connection";
import { NotFoundError, ValidationError } from "../../graphql/results";
import { Device } from "./device.entity";
import { InvalidDeviceTransitionError } from "./programme.errors";

export const DeviceResult = createUnionType({
  name: "DeviceResult",
  types: () =>
    [Device, ValidationError, NotFoundError, ConflictError, InvalidDeviceTransitionError] as const,
});

@ObjectType()
export class DeviceConnection extends Connection(Device, "Device") {}
