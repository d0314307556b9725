import type { EntityManager } from "typeorm";
import { ConflictError } from "../../graphql/conflict-error";
import {
  type ConnectionShape,
  decodeCursor,
  encodeCursor,
  pageSize,
  toConnection,
} from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { badInput } from "../../graphql/errors";
import { FieldErrors, NotFoundError, type ValidationError } from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { assertUuid } from "../structure/structure.service";
import { allows, type DeviceMove, DEVICE_MOVES, lockDevice, moveDevice } from "./device.lifecycle";
import { Device } from "./device.entity";
import type { CreateDeviceInput, DeviceFilter, UpdateDeviceInput } from "./device.input";
import { DeviceStatus } from "./programme.enums";
import { InvalidDeviceTransitionError } from "./programme.errors";
import { text } from "./programme.validation";
import { type IdempotencyClaim } from "../idempotency/idempotency";

export type DeviceOutcome =
  Device | ValidationError | NotFoundError | ConflictError | InvalidDeviceTransitionError;

function checkDevice(input: UpdateDeviceInput, errors: FieldErrors) {
  const values: Partial<Pick<Device, "inventoryId" | "kind" | "origin">> = {};
  if (input.inventoryId !== undefined && input.inventoryId !== null)
    values.inventoryId = text(errors, "inventoryId", input.inventoryId, 60, true) ?? "";
  if (input.origin !== undefined && input.origin !== null)
    values.origin = text(errors, "origin", input.origin, 200, true) ?? "";
  if (input.kind) values.kind = input.kind;
  return values;
}

async function checkInventoryId(
  em: EntityManager,
  id: string | null,
  inventoryId: string | undefined,
  errors: FieldErrors,
) {
  if (inventoryId === undefined) return;
  const [taken] = await em.query(
    `SELECT 1 FROM device WHERE inventory_id = $1 AND id IS DISTINCT FROM $2`,
    [inventoryId, id],
  );
  if (taken) errors.add("inventoryId", "TAKEN", "Ce numéro d'inventaire existe déjà.");
}

/** Coordinators and admins register a device, in stock. */
export async function createDevice(
  ctx: Context,
  input: CreateDeviceInput,
  claim?: IdempotencyClaim,
): Promise<DeviceOutcome> {
  const errors = new FieldErrors();
  const values = checkDevice(input, errors);
  if (!errors.empty) return errors.result()!;
  return ctx.dataSource.transaction(async (em) => {
    await checkInventoryId(em, null, values.inventoryId, errors);
    if (!errors.empty) return errors.result()!;
    const now = new Date();
    const repo = em.getRepository(Device);
    const device = await repo.save(
      repo.create({
        ...values,
        status: DeviceStatus.IN_STOCK,
        version: 1,
        createdAt: now,
        updatedAt: now,
      }),
    );
    await audit(em, ctx.viewer, ctx.ip, {
      action: "device.created",
      subjectType: "device",
      subjectId: device.id,
      details: { inventoryId: device.inventoryId, kind: device.kind, origin: device.origin },
    });
    await claim?.record(em, device.id);
    return device;
  });
}

export async function updateDevice(
  ctx: Context,
  id: string,
  expectedVersion: number,
  input: UpdateDeviceInput,
): Promise<DeviceOutcome> {
  assertUuid(id);
  const errors = new FieldErrors();
  const values = checkDevice(input, errors);
  if (!errors.empty) return errors.result()!;
  return ctx.dataSource.transaction(async (em) => {
    const device = await lockDevice(em, id);
    if (!device) return new NotFoundError("Device");
    if (device.version !== expectedVersion) return new ConflictError("The device", device.version);
    await checkInventoryId(em, id, values.inventoryId, errors);
    if (!errors.empty) return errors.result()!;
    Object.assign(device, values, { version: device.version + 1, updatedAt: new Date() });
    await em.getRepository(Device).save(device);
    await audit(em, ctx.viewer, ctx.ip, {
      action: "device.updated",
      subjectType: "device",
      subjectId: id,
      details: values,
    });
    return device;
  });
}

/** Back in stock after a return, or retired: coordinators and admins. */
export async function changeDeviceStatus(
  ctx: Context,
  move: Extract<DeviceMove, "restock" | "retire">,
  id: string,
  expectedVersion: number,
): Promise<DeviceOutcome> {
  assertUuid(id);
  return ctx.dataSource.transaction(async (em) => {
    const device = await lockDevice(em, id);
    if (!device) return new NotFoundError("Device");
    if (device.version !== expectedVersion) return new ConflictError("The device", device.version);
    if (!allows(move, device.status))
      return new InvalidDeviceTransitionError(device.status, DEVICE_MOVES[move].to);
    return moveDevice(em, ctx, device, move);
  });
}

/** Devices by inventory number; members see them too, to choose one for a loan. */
export async function listDevices(
  ctx: Context,
  filter: DeviceFilter | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<ConnectionShape<Device>> {
  const size = pageSize(first);
  const f = filter ?? {};
  const qb = ctx.dataSource.getRepository(Device).createQueryBuilder("d");
  if (f.statuses?.length) qb.andWhere("d.status IN (:...statuses)", { statuses: f.statuses });
  if (f.kinds?.length) qb.andWhere("d.kind IN (:...kinds)", { kinds: f.kinds });
  if (f.text) {
    if (f.text.length > 100) throw badInput("at most 100 characters", "filter.text");
    const like = `%${f.text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    qb.andWhere("(d.inventoryId ILIKE :like OR d.origin ILIKE :like)", { like });
  }
  const total = await qb.clone().getCount();
  if (after) {
    const [inventoryId] = decodeCursor(after, ["string"] as const);
    qb.andWhere("d.inventoryId > :after", { after: inventoryId });
  }
  const rows = await qb
    .orderBy("d.inventoryId", "ASC")
    .limit(size + 1)
    .getMany();
  return toConnection(rows, size, total, Boolean(after), (d) => encodeCursor([d.inventoryId]));
}
