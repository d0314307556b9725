import type { EntityManager, ObjectLiteral, EntityTarget } from "typeorm";
import { forbidden } from "../../graphql/auth";
import { ConflictError } from "../../graphql/conflict-error";
import type { Context } from "../../graphql/context";
import { FieldErrors, NotFoundError, type ValidationError } from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { locateDistrict } from "../district/district-locator";
import { District } from "../district/district.entity";
import { type Viewer, isAdmin, isCoordinator, isManagerOf } from "../identity/viewer";
import { Fee, RecordSource } from "../vocabulary/vocabulary.enums";
import { storeOpeningIntervals } from "./opening-hours";
import {
  archivedError,
  type CheckedStructure,
  checkStructureInput,
  STRUCTURE_DEFAULTS,
  type StructureValues,
} from "./structure-edit.validation";
import { Structure } from "./structure.entity";
import type { CreateStructureInput, UpdateStructureInput } from "./structure.input";
import { assertUuid } from "./structure.service";
import { directoryWritten } from "../../db/directory-writes";

export type StructureEditResult = Structure | ValidationError | NotFoundError | ConflictError;

/** Coordinators and admins edit every structure; managers edit their own. */
export function assertMayEditStructure(viewer: Viewer, structureId: string): void {
  if (!isAdmin(viewer) && !isCoordinator(viewer) && !isManagerOf(viewer, structureId)) {
    throw forbidden("Only coordinators, admins and the structure's managers edit it");
  }
}

/** The row, locked until the transaction ends: concurrent edits of it wait, then see its new version. */
export function lockStructure(em: EntityManager, id: string): Promise<Structure | null> {
  return em.findOne(Structure, { where: { id }, lock: { mode: "pessimistic_write" } });
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** The entries of `next` that differ from `current`. */
export function changes<T extends object>(current: T, next: Partial<T>): Partial<T> {
  const changed: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (!sameValue(current[key], next[key])) changed[key] = next[key];
  }
  return changed;
}

/**
 * Writes `changed` if the row is still at `expectedVersion`, bumping the version; false when
 * it is not (the caller's lock makes that a safeguard rather than the usual path).
 */
export async function writeVersioned<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  id: string,
  expectedVersion: number,
  changed: Partial<T>,
): Promise<boolean> {
  const result = await em
    .createQueryBuilder()
    .update(target)
    .set({ ...changed, version: () => "version + 1" } as never)
    .where("id = :id AND version = :expectedVersion", { id, expectedVersion })
    .execute();
  directoryWritten(em);
  return result.affected === 1;
}

/** Known district, existing parent, no cycle, Pass numérique still needed by offers. */
async function checkReferences(
  em: EntityManager,
  errors: FieldErrors,
  current: Structure | null,
  { values, district }: CheckedStructure,
): Promise<void> {
  if (district && district !== "derive") {
    const [known] = await em.query(`SELECT 1 FROM district WHERE code = $1`, [district.code]);
    if (!known) {
      errors.add("districtCode", "UNKNOWN_DISTRICT", `Quartier inconnu : « ${district.code} ».`);
    }
  }
  const parentId = values.parentId;
  if (parentId && parentId !== current?.parentId) {
    // Two concurrent re-parentings could close a loop that neither sees: one at a time.
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('structure.parent_id'))`);
    if (parentId === current?.id) {
      errors.add("parentId", "PARENT_CYCLE", "Une structure ne peut pas être sa propre parente.");
    } else if (!(await em.existsBy(Structure, { id: parentId }))) {
      errors.add("parentId", "UNKNOWN_PARENT", "La structure parente n'existe pas.");
    } else if (current && (await isAncestor(em, current.id, parentId))) {
      errors.add(
        "parentId",
        "PARENT_CYCLE",
        "Cette structure fait partie du réseau de la structure choisie : cela formerait une boucle.",
      );
    }
  }
  if (current?.passNumerique && values.passNumerique === false) {
    const [inUse] = await em.query(
      `SELECT 1 FROM service_offer WHERE structure_id = $1 AND $2 = ANY(fees) LIMIT 1`,
      [current.id, Fee.PASS_NUMERIQUE],
    );
    if (inUse) {
      errors.add(
        "passNumerique",
        "IN_USE",
        "Des offres acceptent encore le Pass numérique : retirez-le d'abord de leurs tarifs.",
      );
    }
  }
}

/** True when `ancestorId` is `id` or one of its parents, grand-parents… */
async function isAncestor(em: EntityManager, ancestorId: string, id: string): Promise<boolean> {
  const rows = await em.query(
    `WITH RECURSIVE up(id, parent_id) AS (
       SELECT id, parent_id FROM structure WHERE id = $1
       UNION
       SELECT s.id, s.parent_id FROM structure s JOIN up ON s.id = up.parent_id
     )
     SELECT 1 FROM up WHERE id = $2 LIMIT 1`,
    [id, ancestorId],
  );
  return rows.length > 0;
}

/**
 * The district after an edit: a hand-set one wins until `derive` is asked; otherwise it follows
 * the location (on creation, on a change of location, or when going back to derivation).
 */
async function districtAfter(
  em: EntityManager,
  current: Structure | null,
  intent: CheckedStructure["district"],
  next: Pick<Structure, "latitude" | "longitude">,
): Promise<Pick<Structure, "districtCode" | "districtOverridden"> | null> {
  if (intent && intent !== "derive") return { districtCode: intent.code, districtOverridden: true };
  const moved =
    !current || current.latitude !== next.latitude || current.longitude !== next.longitude;
  if (intent !== "derive" && (current?.districtOverridden || !moved)) return null;
  if (next.latitude === null || next.longitude === null) {
    return { districtCode: null, districtOverridden: false };
  }
  const districts = await em
    .getRepository(District)
    .find({ select: { code: true, geometry: true } });
  return {
    districtCode: locateDistrict(districts, next.latitude, next.longitude),
    districtOverridden: false,
  };
}

/** Adds a structure to the network: coordinators and admins only. */
export async function createStructure(
  ctx: Context,
  input: CreateStructureInput,
): Promise<Structure | ValidationError> {
  if (!isAdmin(ctx.viewer) && !isCoordinator(ctx.viewer)) {
    throw forbidden("Only coordinators and admins add structures to the network");
  }
  const errors = new FieldErrors();
  const checked = checkStructureInput(input, errors);
  const result = await ctx.dataSource.transaction(async (em) => {
    await checkReferences(em, errors, null, checked);
    if (!errors.empty) return errors.result()!;
    const values = { ...STRUCTURE_DEFAULTS, ...checked.values } as Required<StructureValues>;
    const district = await districtAfter(em, null, checked.district, values);
    const repo = em.getRepository(Structure);
    const { id } = await repo.save(
      repo.create({ ...values, ...district, source: RecordSource.MANUAL }),
    );
    directoryWritten(em);
    await storeOpeningIntervals(em, id, values.openingHours);
    await audit(em, ctx.viewer, ctx.ip, {
      action: "structure.created",
      subjectType: "structure",
      subjectId: id,
      structureId: id,
      details: { name: values.name },
    });
    return repo.findOneByOrFail({ id });
  });
  if (result instanceof Structure)
    ctx.loaders.structureById.clear(result.id).prime(result.id, result);
  return result;
}

/**
 * Applies the fields given, if the structure is still at `expectedVersion` (ConflictError
 * otherwise). Archived structures are refused with a ValidationError coded ARCHIVED.
 */
export async function updateStructure(
  ctx: Context,
  id: string,
  expectedVersion: number,
  input: UpdateStructureInput,
): Promise<StructureEditResult> {
  assertUuid(id);
  const errors = new FieldErrors();
  const checked = checkStructureInput(input, errors);
  const result = await ctx.dataSource.transaction(async (em) => {
    const current = await lockStructure(em, id);
    if (!current) return new NotFoundError("Structure");
    assertMayEditStructure(ctx.viewer, id);
    if (current.archivedAt) return archivedError("id");
    await checkReferences(em, errors, current, checked);
    if (!errors.empty) return errors.result()!;
    if (current.version !== expectedVersion) {
      return new ConflictError("Structure", current.version);
    }
    const next = { ...current, ...checked.values };
    const district = await districtAfter(em, current, checked.district, next);
    // Coordinates entered (or confirmed) by hand settle a location an import flagged "to check".
    const checkedByHand = checked.values.latitude !== undefined ? { locationToCheck: false } : {};
    const changed = changes<Structure>(current, {
      ...checked.values,
      ...district,
      ...checkedByHand,
    });
    const fields = Object.keys(changed);
    if (fields.length === 0) return current;
    if (!(await writeVersioned(em, Structure, id, expectedVersion, changed))) {
      const now = await em.findOneByOrFail(Structure, { id });
      return new ConflictError("Structure", now.version);
    }
    if ("openingHours" in changed) await storeOpeningIntervals(em, id, next.openingHours);
    await audit(em, ctx.viewer, ctx.ip, {
      action: "structure.updated",
      subjectType: "structure",
      subjectId: id,
      structureId: id,
      details: { fields, version: expectedVersion + 1 },
    });
    return em.findOneByOrFail(Structure, { id });
  });
  if (result instanceof Structure) ctx.loaders.structureById.clear(id).prime(id, result);
  return result;
}

/**
 * Takes a structure out of the directory; its history (offers, members, referrals) stays.
 * Archiving an archived structure returns it unchanged.
 */
export async function archiveStructure(
  ctx: Context,
  id: string,
  expectedVersion: number,
): Promise<StructureEditResult> {
  assertUuid(id);
  const result = await ctx.dataSource.transaction(async (em) => {
    const current = await lockStructure(em, id);
    if (!current) return new NotFoundError("Structure");
    assertMayEditStructure(ctx.viewer, id);
    if (current.archivedAt) return current;
    if (current.version !== expectedVersion) {
      return new ConflictError("Structure", current.version);
    }
    const archivedAt = () => "now()";
    if (!(await writeVersioned(em, Structure, id, expectedVersion, { archivedAt } as never))) {
      return new ConflictError("Structure", (await em.findOneByOrFail(Structure, { id })).version);
    }
    await audit(em, ctx.viewer, ctx.ip, {
      action: "structure.archived",
      subjectType: "structure",
      subjectId: id,
      structureId: id,
      details: { name: current.name, version: expectedVersion + 1 },
    });
    return em.findOneByOrFail(Structure, { id });
  });
  if (result instanceof Structure) ctx.loaders.structureById.clear(id).prime(id, result);
  return result;
}
