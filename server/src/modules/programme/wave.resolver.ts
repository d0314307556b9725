import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Allow, Rule } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import { District } from "../district/district.entity";
import { DeviceWave } from "./wave.entity";
import { CreateDeviceWaveInput, UpdateDeviceWaveInput } from "./wave.input";
import { createWave, listWaves, updateWave, type WaveOutcome } from "./wave.service";
import { DeviceWaveResult, DeviceWaveView, WaveDistrict } from "./wave.type";
import { IDEMPOTENCY_KEY_ARG, idempotent } from "../idempotency/idempotency";
import { NotFoundError } from "../../graphql/results";

const view = (value: WaveOutcome) =>
  value instanceof DeviceWave ? DeviceWaveView.from(value) : value;
const PLANNERS = [Rule.COORDINATOR, Rule.ADMIN] as const;

@Resolver(() => DeviceWaveView)
export class DeviceWaveResolver {
  @Allow(Rule.MEMBER, Rule.TOKEN, ...PLANNERS)
  @Query(() => [DeviceWaveView], {
    description: "The waves of the lending plan, by start month (to choose one for a loan).",
  })
  async deviceWaves(@Ctx() ctx: Context): Promise<DeviceWaveView[]> {
    return (await listWaves(ctx)).map(DeviceWaveView.from);
  }

  @Allow(...PLANNERS)
  @Mutation(() => DeviceWaveResult, { description: "Plans a wave: coordinators and admins." })
  async createDeviceWave(
    @Arg("input", () => CreateDeviceWaveInput) input: CreateDeviceWaveInput,
    @Arg("idempotencyKey", () => String, IDEMPOTENCY_KEY_ARG) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<typeof DeviceWaveResult> {
    return idempotent(
      ctx,
      "createDeviceWave",
      idempotencyKey,
      input,
      async (claim) => view(await createWave(ctx, input, claim)),
      async (id) =>
        view(
          (await ctx.dataSource.getRepository(DeviceWave).findOneBy({ id })) ??
            new NotFoundError("Device wave"),
        ),
    );
  }

  @Allow(...PLANNERS)
  @Mutation(() => DeviceWaveResult, { description: "Changes a wave: coordinators and admins." })
  async updateDeviceWave(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("input", () => UpdateDeviceWaveInput) input: UpdateDeviceWaveInput,
    @Ctx() ctx: Context,
  ): Promise<typeof DeviceWaveResult> {
    return view(await updateWave(ctx, id, expectedVersion, input));
  }

  @FieldResolver(() => [WaveDistrict])
  async districts(@Root() w: DeviceWaveView, @Ctx() ctx: Context): Promise<WaveDistrict[]> {
    return (await ctx.loaders.districtsByWave.load(w.id)).map(WaveDistrict.from);
  }
}

@Resolver(() => WaveDistrict)
export class WaveDistrictResolver {
  @FieldResolver(() => District, { nullable: true })
  district(@Root() d: WaveDistrict, @Ctx() ctx: Context) {
    return ctx.loaders.districtByCode.load(d.districtCode);
  }
}
