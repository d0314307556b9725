import type { EntityManager } from "typeorm";
import type { Context } from "../../graphql/context";
import { notFound } from "../../graphql/errors";
import type { FieldErrors } from "../../graphql/results";
import type { Viewer } from "../identity/viewer";
import { audit } from "../audit/audit.service";
import { assertUuid } from "../structure/structure.service";
import { newHouseholdReference, normaliseHouseholdReference } from "./codes";
import { Household } from "./household.entity";

/**
 * Creates a household with a fresh random reference, in the caller's transaction. A collision
 * (one in 10^12 per pair) is retried rather than trusted to never happen.
 */
export async function createHousehold(
  em: EntityManager,
  viewer: Viewer,
  ip: string | null,
  structureId: string,
  districtCode: string | null,
): Promise<Household> {
  for (let attempt = 0; ; attempt++) {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO household (reference, district_code, created_by_structure_id)
       VALUES ($1, $2, $3) ON CONFLICT (reference) DO NOTHING RETURNING id`,
      [newHouseholdReference(), districtCode, structureId],
    );
    if (rows[0]) {
      await audit(em, viewer, ip, {
        action: "household.created",
        subjectType: "household",
        subjectId: rows[0].id,
        structureId,
      });
      return (await em.getRepository(Household).findOneBy({ id: rows[0].id }))!;
    }
    if (attempt >= 5) throw new Error("could not draw a free household reference");
  }
}

/** Checks that `householdId` names a household; adds UNKNOWN_HOUSEHOLD at `path` otherwise. */
export async function checkHousehold(
  ctx: Context,
  errors: FieldErrors,
  path: string,
  householdId: string,
): Promise<Household | null> {
  assertUuid(householdId, `input.${path}`);
  const household = await ctx.dataSource.getRepository(Household).findOneBy({ id: householdId });
  if (!household) errors.add(path, "UNKNOWN_HOUSEHOLD", "Foyer inconnu.");
  return household;
}

/** The household a family's reference names; typing variants (spaces, O for 0…) are accepted. */
export async function householdByReference(ctx: Context, raw: string): Promise<Household> {
  const reference = normaliseHouseholdReference(raw.slice(0, 40));
  const household = reference
    ? await ctx.dataSource.getRepository(Household).findOneBy({ reference })
    : null;
  if (!household) throw notFound("Household", raw.slice(0, 40));
  return household;
}
