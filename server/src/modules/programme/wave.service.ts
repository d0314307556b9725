import type { EntityManager } from "typeorm";
import { ConflictError } from "../../graphql/conflict-error";
import type { Context } from "../../graphql/context";
import { FieldErrors, NotFoundError, type ValidationError } from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { assertUuid } from "../structure/structure.service";
import { MONTH } from "./programme-dates";
import { intRange, text } from "./programme.validation";
import { DeviceWave, DeviceWaveDistrict } from "./wave.entity";
import type { CreateDeviceWaveInput, UpdateDeviceWaveInput, WaveDistrictInput } from "./wave.input";
import { type IdempotencyClaim } from "../idempotency/idempotency";

export type WaveOutcome = DeviceWave | ValidationError | NotFoundError | ConflictError;

interface WaveValues {
  name: string;
  startMonth: string;
  plannedCount: number;
  schoolNetwork: string | null;
  districts: { districtCode: string; plannedCount: number | null }[];
}

/** Checks what the input says on its own (formats, known districts); cross-field rules come later. */
async function checkFields(
  ctx: Context,
  input: UpdateDeviceWaveInput,
  errors: FieldErrors,
): Promise<Partial<WaveValues>> {
  const values: Partial<WaveValues> = {};
  if (input.name !== undefined && input.name !== null)
    values.name = text(errors, "name", input.name, 120, true) ?? "";
  if (input.startMonth !== undefined && input.startMonth !== null) {
    if (!MONTH.test(input.startMonth))
      errors.add("startMonth", "INVALID_FORMAT", "Un mois au format AAAA-MM.");
    else values.startMonth = `${input.startMonth}-01`;
  }
  if (input.plannedCount !== undefined && input.plannedCount !== null) {
    intRange(errors, "plannedCount", input.plannedCount, 1, 100_000);
    values.plannedCount = input.plannedCount;
  }
  if (input.schoolNetwork !== undefined)
    values.schoolNetwork = text(errors, "schoolNetwork", input.schoolNetwork, 200, false);
  if (input.districts) values.districts = await checkDistricts(ctx, input.districts, errors);
  return values;
}

async function checkDistricts(ctx: Context, list: WaveDistrictInput[], errors: FieldErrors) {
  if (list.length > 30) errors.add("districts", "TOO_MANY", "30 quartiers au plus.");
  const codes = list.map((d) => d.districtCode);
  if (new Set(codes).size !== codes.length)
    errors.add("districts", "DUPLICATE", "Chaque quartier une seule fois.");
  const known = await Promise.all(
    codes.slice(0, 30).map((c) => (c.length <= 60 ? ctx.loaders.districtByCode.load(c) : null)),
  );
  list.slice(0, 30).forEach((d, i) => {
    if (!known[i])
      errors.add(`districts.${i}.districtCode`, "UNKNOWN_DISTRICT", "Quartier inconnu.");
    if (d.plannedCount !== null && d.plannedCount !== undefined)
      intRange(errors, `districts.${i}.plannedCount`, d.plannedCount, 0, 100_000);
  });
  return list.map((d) => ({ districtCode: d.districtCode, plannedCount: d.plannedCount ?? null }));
}

/** Rules over the whole wave: a place to deliver, shares within the plan, a unique name. */
async function checkWhole(
  em: EntityManager,
  id: string | null,
  v: WaveValues,
  errors: FieldErrors,
) {
  if (v.districts.length === 0 && !v.schoolNetwork)
    errors.add("districts", "REQUIRED", "Indiquez des quartiers ou un réseau scolaire.");
  const shares = v.districts.reduce((sum, d) => sum + (d.plannedCount ?? 0), 0);
  if (shares > v.plannedCount)
    errors.add(
      "districts",
      "OVER_PLAN",
      "La somme des parts des quartiers dépasse le nombre prévu.",
    );
  const [taken] = await em.query(
    `SELECT 1 FROM device_wave WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2`,
    [v.name, id],
  );
  if (taken) errors.add("name", "TAKEN", "Une vague porte déjà ce nom.");
}

async function writeDistricts(em: EntityManager, waveId: string, v: WaveValues) {
  await em.delete(DeviceWaveDistrict, { waveId });
  if (v.districts.length)
    await em.insert(
      DeviceWaveDistrict,
      v.districts.map((d) => ({ waveId, ...d })),
    );
}

/** The plan's waves, by start month. */
export function listWaves(ctx: Context): Promise<DeviceWave[]> {
  return ctx.dataSource
    .getRepository(DeviceWave)
    .find({ order: { startMonth: "ASC", name: "ASC" } });
}

/** Coordinators and admins plan a wave (the resolver's rule says who). */
export async function createWave(
  ctx: Context,
  input: CreateDeviceWaveInput,
  claim?: IdempotencyClaim,
): Promise<WaveOutcome> {
  const errors = new FieldErrors();
  const fields = await checkFields(
    ctx,
    { ...input, districts: input.districts ?? [], schoolNetwork: input.schoolNetwork ?? null },
    errors,
  );
  if (!errors.empty) return errors.result()!;
  const values = fields as WaveValues;
  return ctx.dataSource.transaction(async (em) => {
    await checkWhole(em, null, values, errors);
    if (!errors.empty) return errors.result()!;
    const now = new Date();
    const repo = em.getRepository(DeviceWave);
    const { districts: _districts, ...columns } = values;
    const wave = await repo.save(
      repo.create({ ...columns, version: 1, createdAt: now, updatedAt: now }),
    );
    await writeDistricts(em, wave.id, values);
    await audit(em, ctx.viewer, ctx.ip, {
      action: "wave.created",
      subjectType: "device_wave",
      subjectId: wave.id,
      details: { name: wave.name, plannedCount: wave.plannedCount },
    });
    await claim?.record(em, wave.id);
    return wave;
  });
}

export async function updateWave(
  ctx: Context,
  id: string,
  expectedVersion: number,
  input: UpdateDeviceWaveInput,
): Promise<WaveOutcome> {
  assertUuid(id);
  const errors = new FieldErrors();
  const fields = await checkFields(ctx, input, errors);
  if (!errors.empty) return errors.result()!;
  return ctx.dataSource.transaction(async (em) => {
    const wave = await em.findOne(DeviceWave, {
      where: { id },
      lock: { mode: "pessimistic_write" },
    });
    if (!wave) return new NotFoundError("Device wave");
    if (wave.version !== expectedVersion) return new ConflictError("The wave", wave.version);
    const current = await em.find(DeviceWaveDistrict, { where: { waveId: id } });
    const values: WaveValues = {
      name: wave.name,
      startMonth: wave.startMonth,
      plannedCount: wave.plannedCount,
      schoolNetwork: wave.schoolNetwork,
      districts: current.map((d) => ({
        districtCode: d.districtCode,
        plannedCount: d.plannedCount,
      })),
      ...fields,
    };
    await checkWhole(em, id, values, errors);
    if (!errors.empty) return errors.result()!;
    const { districts: _districts, ...columns } = values;
    Object.assign(wave, columns, { version: wave.version + 1, updatedAt: new Date() });
    await em.getRepository(DeviceWave).save(wave);
    if (fields.districts) await writeDistricts(em, id, values);
    await audit(em, ctx.viewer, ctx.ip, {
      action: "wave.updated",
      subjectType: "device_wave",
      subjectId: id,
      details: { fields: Object.keys(fields) },
    });
    return wave;
  });
}
