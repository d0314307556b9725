import type { EntityManager } from "typeorm";
import type { ConflictError } from "../../graphql/conflict-error";
import type { Context } from "../../graphql/context";
import { NotFoundError, type ValidationError } from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { Structure } from "../structure/structure.entity";
import { assertUuid } from "../structure/structure.service";
import { assertAccompanies } from "./allocation-access";
import { Allocation } from "./allocation.entity";
import type { CreateAllocationInput } from "./allocation.input";
import { checkCreateAllocation } from "./allocation.validation";
import { allows, lockDevice, moveDevice } from "./device.lifecycle";
import { checkHousehold, createHousehold } from "./household.service";
import { AllocationStatus, DeviceStatus } from "./programme.enums";
import type { CharterNotSignedError, InvalidAllocationTransitionError } from "./programme.errors";
import { InvalidDeviceTransitionError } from "./programme.errors";
import { DeviceWave } from "./wave.entity";
import { type IdempotencyClaim } from "../idempotency/idempotency";

export type AllocationOutcome =
  | Allocation
  | ValidationError
  | NotFoundError
  | ConflictError
  | InvalidAllocationTransitionError
  | InvalidDeviceTransitionError
  | CharterNotSignedError;

/**
 * A member (or the token) of the accompanying structure lends an in-stock device to a household,
 * with the family's consent: the device becomes ALLOCATED in the same transaction.
 */
export async function createAllocation(
  ctx: Context,
  input: CreateAllocationInput,
  claim?: IdempotencyClaim,
): Promise<AllocationOutcome> {
  assertUuid(input.accompanyingStructureId, "input.accompanyingStructureId");
  assertUuid(input.deviceId, "input.deviceId");
  assertUuid(input.waveId, "input.waveId");
  assertAccompanies(ctx.viewer, { accompanyingStructureId: input.accompanyingStructureId });
  const { errors, values } = checkCreateAllocation(input);
  const structure = await ctx.dataSource
    .getRepository(Structure)
    .findOneBy({ id: input.accompanyingStructureId });
  if (!structure) return new NotFoundError("Accompanying structure");
  if (structure.archivedAt)
    errors.add("accompanyingStructureId", "ARCHIVED", "Cette structure a quitté l'annuaire.");
  const districtCode = input.resident.districtCode ?? null;
  if (districtCode && !(await ctx.loaders.districtByCode.load(districtCode)))
    errors.add("resident.districtCode", "UNKNOWN_DISTRICT", "Quartier inconnu.");
  if (!(await ctx.dataSource.getRepository(DeviceWave).existsBy({ id: input.waveId })))
    errors.add("waveId", "UNKNOWN_WAVE", "Vague inconnue.");
  if (input.householdId) await checkHousehold(ctx, errors, "householdId", input.householdId);
  const invalid = errors.result();
  if (invalid) return invalid;

  return ctx.dataSource.transaction(async (em) => {
    const device = await lockDevice(em, input.deviceId);
    if (!device) return new NotFoundError("Device");
    if (!allows("allocate", device.status))
      return new InvalidDeviceTransitionError(device.status, DeviceStatus.ALLOCATED);
    const householdId =
      input.householdId ??
      (await createHousehold(em, ctx.viewer, ctx.ip, structure.id, districtCode)).id;
    const allocation = await insertAllocation(em, ctx, input, values, householdId, districtCode);
    await moveDevice(em, ctx, device, "allocate", {
      allocationId: allocation.id,
      structureId: structure.id,
    });
    await audit(em, ctx.viewer, ctx.ip, {
      action: "resident.recorded",
      subjectType: "allocation",
      subjectId: allocation.id,
      structureId: structure.id,
      details: { deviceId: device.id, charterSigned: values.charter !== null },
    });
    await claim?.record(em, allocation.id);
    return allocation;
  });
}

function insertAllocation(
  em: EntityManager,
  ctx: Context,
  input: CreateAllocationInput,
  values: ReturnType<typeof checkCreateAllocation>["values"],
  householdId: string,
  districtCode: string | null,
): Promise<Allocation> {
  const now = new Date();
  const userId = ctx.viewer.kind === "user" ? ctx.viewer.user.id : null;
  const { resident, charter } = values;
  const repo = em.getRepository(Allocation);
  return repo.save(
    repo.create({
      status: AllocationStatus.PLANNED,
      version: 1,
      deviceId: input.deviceId,
      waveId: input.waveId,
      householdId,
      accompanyingStructureId: input.accompanyingStructureId,
      createdByUserId: userId,
      districtCode,
      schoolName: values.schoolName,
      schoolNetwork: input.schoolNetwork,
      residentFirstName: resident.firstName,
      residentLastName: resident.lastName,
      residentContactChannel: resident.contactChannel,
      residentContactValue: resident.contactValue,
      residentLanguages: resident.languages,
      residentAccessibilityNeeds: resident.accessibilityNeeds,
      consentGivenAt: now,
      consentWordingVersion: input.consent.wordingVersion,
      consentRecordedBy: userId,
      ...(charter ? { ...charter, charterRecordedBy: userId, charterRecordedAt: now } : {}),
      createdAt: now,
      updatedAt: now,
    }),
  );
}
