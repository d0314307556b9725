import type { EntityManager } from "typeorm";
import { ConflictError } from "../../graphql/conflict-error";
import type { Context } from "../../graphql/context";
import { FieldErrors, NotFoundError } from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { assertUuid } from "../structure/structure.service";
import { assertAccompanies, assertMayErase } from "./allocation-access";
import { Allocation } from "./allocation.entity";
import type { CharterInput } from "./allocation.input";
import type { AllocationOutcome } from "./allocation.service";
import { checkCharter } from "./allocation.validation";
import { checkPastDay } from "./programme.validation";
import { allows, type DeviceMove, DEVICE_MOVES, lockDevice, moveDevice } from "./device.lifecycle";
import { AllocationStatus } from "./programme.enums";
import {
  CharterNotSignedError,
  InvalidAllocationTransitionError,
  InvalidDeviceTransitionError,
} from "./programme.errors";

const { PLANNED, DELIVERED, RETURNED, CANCELLED } = AllocationStatus;

export const lockAllocation = (em: EntityManager, id: string) =>
  em.findOne(Allocation, { where: { id }, lock: { mode: "pessimistic_write" } });

interface Step {
  /** The status the loan must be in, and the one it moves to (same for the charter). */
  from: AllocationStatus;
  to: AllocationStatus;
  action: string;
  /** The device's move, when the step moves the device. */
  device?: DeviceMove;
  /** Checks specific to the step, on the locked row; a value stops the step, nothing written. */
  check?: (a: Allocation) => AllocationOutcome | null;
  changes: (a: Allocation, now: Date) => Partial<Allocation>;
}

/**
 * Applies one step of a loan: the row is locked, then the caller's structure, the expected
 * version, the status and the step's own rule are checked — any failure writes nothing. The
 * device moves in the same transaction, and both changes are audited.
 */
async function step(
  ctx: Context,
  id: string,
  expectedVersion: number,
  s: Step,
): Promise<AllocationOutcome> {
  assertUuid(id);
  return ctx.dataSource.transaction(async (em) => {
    const allocation = await lockAllocation(em, id);
    if (!allocation) return new NotFoundError("Allocation");
    assertAccompanies(ctx.viewer, allocation);
    if (allocation.version !== expectedVersion)
      return new ConflictError("The allocation", allocation.version);
    if (allocation.status !== s.from)
      return new InvalidAllocationTransitionError(allocation.status, s.to);
    const refused = s.check?.(allocation);
    if (refused) return refused;
    if (s.device) {
      const device = (await lockDevice(em, allocation.deviceId))!; // a foreign key guarantees it
      if (!allows(s.device, device.status))
        return new InvalidDeviceTransitionError(device.status, DEVICE_MOVES[s.device].to);
      await moveDevice(em, ctx, device, s.device, {
        allocationId: id,
        structureId: allocation.accompanyingStructureId,
      });
    }
    const now = new Date();
    Object.assign(allocation, s.changes(allocation, now), {
      status: s.to,
      version: allocation.version + 1,
      updatedAt: now,
    });
    await em.getRepository(Allocation).save(allocation);
    await audit(em, ctx.viewer, ctx.ip, {
      action: s.action,
      subjectType: "allocation",
      subjectId: id,
      structureId: allocation.accompanyingStructureId,
      details: { from: s.from, to: s.to },
    });
    return allocation;
  });
}

/** Records the charter's three signatures (once), before the delivery. */
export function signCharter(
  ctx: Context,
  id: string,
  expectedVersion: number,
  input: CharterInput,
): Promise<AllocationOutcome> {
  const errors = new FieldErrors();
  const values = checkCharter(errors, input);
  if (!errors.empty) return Promise.resolve(errors.result()!);
  const userId = ctx.viewer.kind === "user" ? ctx.viewer.user.id : null;
  return step(ctx, id, expectedVersion, {
    from: PLANNED,
    to: PLANNED,
    action: "allocation.charter_signed",
    check: (a) =>
      a.charterSignedOn
        ? new FieldErrors().add("signedOn", "ALREADY_SIGNED", "La charte est déjà signée.").result()
        : null,
    changes: (_a, now) => ({ ...values, charterRecordedBy: userId, charterRecordedAt: now }),
  });
}

/**
 * The charter rule: a device is delivered only under a signed charter, on or after the day it
 * was signed. Refusals are values (CharterNotSignedError, ValidationError); nothing is written.
 */
export function deliver(
  ctx: Context,
  id: string,
  expectedVersion: number,
  deliveredOn: string,
): Promise<AllocationOutcome> {
  const errors = new FieldErrors();
  checkPastDay(errors, "deliveredOn", deliveredOn);
  if (!errors.empty) return Promise.resolve(errors.result()!);
  return step(ctx, id, expectedVersion, {
    from: PLANNED,
    to: DELIVERED,
    action: "allocation.delivered",
    device: "deliver",
    check: (a) => {
      if (!a.charterSignedOn) return new CharterNotSignedError();
      if (deliveredOn < a.charterSignedOn)
        return new FieldErrors()
          .add("deliveredOn", "BEFORE_CHARTER", `La charte a été signée le ${a.charterSignedOn}.`)
          .result();
      return null;
    },
    changes: () => ({ deliveredOn }),
  });
}

/** The family gives the device back; retention of its data counts from now. */
export function giveBack(
  ctx: Context,
  id: string,
  expectedVersion: number,
  returnedOn: string,
): Promise<AllocationOutcome> {
  const errors = new FieldErrors();
  checkPastDay(errors, "returnedOn", returnedOn);
  if (!errors.empty) return Promise.resolve(errors.result()!);
  return step(ctx, id, expectedVersion, {
    from: DELIVERED,
    to: RETURNED,
    action: "allocation.returned",
    device: "giveBack",
    check: (a) =>
      returnedOn < a.deliveredOn!
        ? new FieldErrors()
            .add("returnedOn", "BEFORE_DELIVERY", `L'appareil a été remis le ${a.deliveredOn}.`)
            .result()
        : null,
    changes: (_a, now) => ({ returnedOn, closedAt: now }),
  });
}

/** A loan not delivered yet is cancelled; its device goes back in stock. */
export function cancel(ctx: Context, id: string, expectedVersion: number) {
  return step(ctx, id, expectedVersion, {
    from: PLANNED,
    to: CANCELLED,
    action: "allocation.cancelled",
    device: "unallocate",
    changes: (_a, now) => ({ closedAt: now }),
  });
}

/**
 * Clears the family's personal data; the district, the school network, the dates and the
 * statuses stay for the indicators.
 */
export async function anonymiseAllocation(em: EntityManager, a: Allocation): Promise<void> {
  Object.assign(a, {
    residentFirstName: null,
    residentLastName: null,
    residentContactChannel: null,
    residentContactValue: null,
    residentLanguages: [],
    residentAccessibilityNeeds: [],
    charterFamilySignatory: null,
    schoolName: null,
    anonymisedAt: new Date(),
    version: a.version + 1,
    updatedAt: new Date(),
  });
  await em.getRepository(Allocation).save(a);
}

/** Right to erasure: the accompanying structure's managers or an admin, at once. */
export async function eraseAllocationResidentData(
  ctx: Context,
  id: string,
): Promise<Allocation | NotFoundError> {
  assertUuid(id);
  return ctx.dataSource.transaction(async (em) => {
    const allocation = await lockAllocation(em, id);
    if (!allocation) return new NotFoundError("Allocation");
    assertMayErase(ctx.viewer, allocation);
    if (allocation.anonymisedAt) return allocation;
    await anonymiseAllocation(em, allocation);
    await audit(em, ctx.viewer, ctx.ip, {
      action: "resident.erased",
      subjectType: "allocation",
      subjectId: id,
      structureId: allocation.accompanyingStructureId,
    });
    return allocation;
  });
}
