import type { EntityManager } from "typeorm";
import { audit } from "../audit/audit.service";
import type { Viewer } from "../identity/viewer";
import { Device } from "./device.entity";
import { DeviceStatus } from "./programme.enums";

const { IN_STOCK, ALLOCATED, DELIVERED, RETURNED, RETIRED } = DeviceStatus;

/**
 * IN_STOCK → ALLOCATED → DELIVERED → RETURNED → IN_STOCK | RETIRED, and ALLOCATED → IN_STOCK when
 * a loan is cancelled. Loans move devices (allocation-lifecycle.service.ts); coordinators
 * restock and retire them (device.service.ts).
 */
export const DEVICE_MOVES = {
  allocate: { from: [IN_STOCK], to: ALLOCATED },
  deliver: { from: [ALLOCATED], to: DELIVERED },
  unallocate: { from: [ALLOCATED], to: IN_STOCK },
  giveBack: { from: [DELIVERED], to: RETURNED },
  restock: { from: [RETURNED], to: IN_STOCK },
  retire: { from: [IN_STOCK, RETURNED], to: RETIRED },
} as const satisfies Record<string, { from: readonly DeviceStatus[]; to: DeviceStatus }>;

export type DeviceMove = keyof typeof DEVICE_MOVES;

export function allows(move: DeviceMove, from: DeviceStatus): boolean {
  return (DEVICE_MOVES[move].from as readonly DeviceStatus[]).includes(from);
}

/** The device row, locked until the transaction ends. */
export function lockDevice(em: EntityManager, id: string): Promise<Device | null> {
  return em.findOne(Device, { where: { id }, lock: { mode: "pessimistic_write" } });
}

/**
 * Moves a locked device (the caller checked `allows`), bumping its version, with an audit entry
 * in the same transaction.
 */
export async function moveDevice(
  em: EntityManager,
  who: { viewer: Viewer; ip: string | null },
  device: Device,
  move: DeviceMove,
  context: { allocationId?: string; structureId?: string } = {},
): Promise<Device> {
  const from = device.status;
  Object.assign(device, {
    status: DEVICE_MOVES[move].to,
    version: device.version + 1,
    updatedAt: new Date(),
  });
  await em.getRepository(Device).save(device);
  await audit(em, who.viewer, who.ip, {
    action: "device.status_changed",
    subjectType: "device",
    subjectId: device.id,
    structureId: context.structureId ?? null,
    details: { from, to: device.status, allocationId: context.allocationId ?? null },
  });
  return device;
}
