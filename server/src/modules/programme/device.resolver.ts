import { Arg, Args, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { Allow, Rule } from "../../graphql/auth";
import { PageArgs } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { Device } from "./device.entity";
import { CreateDeviceInput, DeviceFilter, UpdateDeviceInput } from "./device.input";
import { changeDeviceStatus, createDevice, listDevices, updateDevice } from "./device.service";
import { DeviceConnection, DeviceResult } from "./device.type";
import { IDEMPOTENCY_KEY_ARG, idempotent } from "../idempotency/idempotency";
import { NotFoundError } from "../../graphql/results";

const PLANNERS = [Rule.COORDINATOR, Rule.ADMIN] as const;

@Resolver(() => Device)
export class DeviceResolver {
  @Allow(Rule.MEMBER, Rule.TOKEN, ...PLANNERS)
  @Query(() => DeviceConnection, {
    description:
      "The devices, by inventory number (no personal data; filter IN_STOCK to lend one).",
  })
  devices(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg("filter", () => DeviceFilter, { nullable: true }) filter: DeviceFilter | null,
    @Ctx() ctx: Context,
  ): Promise<DeviceConnection> {
    return listDevices(ctx, filter, first, after);
  }

  @Allow(...PLANNERS)
  @Mutation(() => DeviceResult, { description: "Registers a device, in stock." })
  async createDevice(
    @Arg("input", () => CreateDeviceInput) input: CreateDeviceInput,
    @Arg("idempotencyKey", () => String, IDEMPOTENCY_KEY_ARG) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<typeof DeviceResult> {
    return idempotent(
      ctx,
      "createDevice",
      idempotencyKey,
      input,
      (claim) => createDevice(ctx, input, claim),
      async (id) =>
        (await ctx.dataSource.getRepository(Device).findOneBy({ id })) ??
        new NotFoundError("Device"),
    );
  }

  @Allow(...PLANNERS)
  @Mutation(() => DeviceResult, {
    description: "Corrects a device's inventory number, kind or origin.",
  })
  async updateDevice(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("input", () => UpdateDeviceInput) input: UpdateDeviceInput,
    @Ctx() ctx: Context,
  ): Promise<typeof DeviceResult> {
    return updateDevice(ctx, id, expectedVersion, input);
  }

  @Allow(...PLANNERS)
  @Mutation(() => DeviceResult, { description: "A returned device goes back in stock." })
  async restockDevice(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<typeof DeviceResult> {
    return changeDeviceStatus(ctx, "restock", id, expectedVersion);
  }

  @Allow(...PLANNERS)
  @Mutation(() => DeviceResult, {
    description: "A device in stock or returned leaves the programme.",
  })
  async retireDevice(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<typeof DeviceResult> {
    return changeDeviceStatus(ctx, "retire", id, expectedVersion);
  }
}
