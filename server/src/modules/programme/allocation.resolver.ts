import { GraphQLLocalDate } from "graphql-scalars";
import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { Allow, forbidden, Public, Rule } from "../../graphql/auth";
import { PageArgs } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { District } from "../district/district.entity";
import { ConsentWording } from "../referral/consent.type";
import { Resident } from "../referral/referral.type";
import { Structure } from "../structure/structure.entity";
import { canSeeResident } from "./allocation-access";
import {
  ALLOCATION_CONSENT_WORDINGS,
  CURRENT_ALLOCATION_CONSENT_VERSION,
} from "./allocation.consent";
import { Allocation } from "./allocation.entity";
import { AllocationFilter, CharterInput, CreateAllocationInput } from "./allocation.input";
import {
  cancel,
  deliver,
  eraseAllocationResidentData,
  giveBack,
  signCharter,
} from "./allocation-lifecycle.service";
import { getAllocation, listAllocations } from "./allocation-read.service";
import { type AllocationOutcome, createAllocation } from "./allocation.service";
import { AllocationConnection, AllocationResult, AllocationView, Charter } from "./allocation.type";
import { Device } from "./device.entity";
import { Household } from "./household.entity";
import { DeviceWaveView } from "./wave.type";
import { IDEMPOTENCY_KEY_ARG, idempotent } from "../idempotency/idempotency";

const view = (value: AllocationOutcome) =>
  value instanceof Allocation ? AllocationView.from(value) : value;
/** Who runs a loan: the accompanying structure's members or its token (checked per row). */
const ACCOMPANYING = [Rule.MEMBER, Rule.TOKEN] as const;

@Resolver(() => AllocationView)
export class AllocationResolver {
  @Allow(...ACCOMPANYING, Rule.ADMIN)
  @Query(() => AllocationView, { description: "One loan: its accompanying structure and admins." })
  async allocation(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<AllocationView> {
    return AllocationView.from(await getAllocation(ctx, id));
  }

  @Allow(...ACCOMPANYING, Rule.ADMIN)
  @Query(() => AllocationConnection, {
    description: "Loans accompanied by the caller's structures (all for admins), newest first.",
  })
  async allocations(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg("filter", () => AllocationFilter, { nullable: true }) filter: AllocationFilter | null,
    @Ctx() ctx: Context,
  ): Promise<AllocationConnection> {
    const page = await listAllocations(ctx, filter, first, after);
    return {
      ...page,
      edges: page.edges.map((e) => ({ cursor: e.cursor, node: AllocationView.from(e.node) })),
    };
  }

  @Public()
  @Query(() => ConsentWording, {
    description: "The consent wording to read to a family before a loan.",
  })
  allocationConsentWording(): ConsentWording {
    return {
      version: CURRENT_ALLOCATION_CONSENT_VERSION,
      text: ALLOCATION_CONSENT_WORDINGS[CURRENT_ALLOCATION_CONSENT_VERSION],
    };
  }

  @Allow(...ACCOMPANYING)
  @Mutation(() => AllocationResult, {
    description: "Lends an in-stock device to a household, with the family's consent.",
  })
  async createAllocation(
    @Arg("input", () => CreateAllocationInput) input: CreateAllocationInput,
    @Arg("idempotencyKey", () => String, IDEMPOTENCY_KEY_ARG) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<typeof AllocationResult> {
    return idempotent(
      ctx,
      "createAllocation",
      idempotencyKey,
      input,
      async (claim) => view(await createAllocation(ctx, input, claim)),
      async (id) => view(await getAllocation(ctx, id)),
    );
  }

  @Allow(...ACCOMPANYING)
  @Mutation(() => AllocationResult, {
    description: "Records the charter signed by the family, the city and the association.",
  })
  async signAllocationCharter(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("input", () => CharterInput) input: CharterInput,
    @Ctx() ctx: Context,
  ): Promise<typeof AllocationResult> {
    return view(await signCharter(ctx, id, expectedVersion, input));
  }

  @Allow(...ACCOMPANYING)
  @Mutation(() => AllocationResult, {
    description:
      "The device was handed to the family: refused (CharterNotSignedError) before the charter is signed.",
  })
  async markAllocationDelivered(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("deliveredOn", () => GraphQLLocalDate) deliveredOn: string,
    @Ctx() ctx: Context,
  ): Promise<typeof AllocationResult> {
    return view(await deliver(ctx, id, expectedVersion, deliveredOn));
  }

  @Allow(...ACCOMPANYING)
  @Mutation(() => AllocationResult, { description: "The family gave the device back." })
  async markAllocationReturned(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("returnedOn", () => GraphQLLocalDate) returnedOn: string,
    @Ctx() ctx: Context,
  ): Promise<typeof AllocationResult> {
    return view(await giveBack(ctx, id, expectedVersion, returnedOn));
  }

  @Allow(...ACCOMPANYING)
  @Mutation(() => AllocationResult, {
    description: "Cancels a loan not delivered yet; the device goes back in stock.",
  })
  async cancelAllocation(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<typeof AllocationResult> {
    return view(await cancel(ctx, id, expectedVersion));
  }

  @Allow(Rule.MEMBER, Rule.ADMIN)
  @Mutation(() => AllocationResult, {
    description: "Erases the family's data now: the accompanying structure's managers or an admin.",
  })
  async eraseAllocationResidentData(
    @Arg("allocationId", () => ID) allocationId: string,
    @Ctx() ctx: Context,
  ): Promise<typeof AllocationResult> {
    return view(await eraseAllocationResidentData(ctx, allocationId));
  }

  @FieldResolver(() => Resident, {
    nullable: true,
    description:
      "The family's contact: for the accompanying structure and admins; FORBIDDEN otherwise; null once erased. Every read is audited.",
  })
  async resident(@Root() a: AllocationView, @Ctx() ctx: Context): Promise<Resident | null> {
    if (!canSeeResident(ctx.viewer, a.row))
      throw forbidden("The family's data is for the accompanying structure only");
    if (a.row.anonymisedAt) return null;
    await ctx.loaders.allocationResidentRead.load(a.id);
    return Resident.of(a.row);
  }

  @FieldResolver(() => Charter, { nullable: true, description: "Null until signed." })
  async charter(@Root() a: AllocationView, @Ctx() ctx: Context): Promise<Charter | null> {
    const r = a.row;
    if (!r.charterSignedOn) return null;
    let familySignatory: string | null = null;
    if (r.charterFamilySignatory !== null && canSeeResident(ctx.viewer, r)) {
      await ctx.loaders.allocationResidentRead.load(a.id);
      familySignatory = r.charterFamilySignatory;
    }
    return {
      signedOn: r.charterSignedOn,
      familySignatory,
      citySignatory: r.charterCitySignatory!,
      associationSignatory: r.charterAssociationSignatory!,
      recordedAt: r.charterRecordedAt!,
    };
  }

  @FieldResolver(() => Device)
  async device(@Root() a: AllocationView, @Ctx() ctx: Context): Promise<Device> {
    return (await ctx.loaders.deviceById.load(a.row.deviceId))!;
  }

  @FieldResolver(() => DeviceWaveView)
  async wave(@Root() a: AllocationView, @Ctx() ctx: Context): Promise<DeviceWaveView> {
    return DeviceWaveView.from((await ctx.loaders.waveById.load(a.row.waveId))!);
  }

  @FieldResolver(() => Household)
  async household(@Root() a: AllocationView, @Ctx() ctx: Context): Promise<Household> {
    return (await ctx.loaders.householdById.load(a.row.householdId))!;
  }

  @FieldResolver(() => Structure)
  accompanyingStructure(@Root() a: AllocationView, @Ctx() ctx: Context) {
    return ctx.loaders.structureById.load(a.row.accompanyingStructureId);
  }

  @FieldResolver(() => District, { nullable: true, description: "District of residence." })
  district(@Root() a: AllocationView, @Ctx() ctx: Context) {
    return a.row.districtCode ? ctx.loaders.districtByCode.load(a.row.districtCode) : null;
  }
}
