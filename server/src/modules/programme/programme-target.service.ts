import type { EntityManager } from "typeorm";
import type { Context } from "../../graphql/context";
import { badInput } from "../../graphql/errors";
import { FieldErrors, type ValidationError } from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { MAX_YEAR, MIN_YEAR } from "./programme-dates";
import { ProgrammeTarget } from "./programme-target.entity";
import { intRange } from "./programme.validation";

/** The city's commitment: at least 2,500 households accompanied a year, unless set otherwise. */
export const DEFAULT_HOUSEHOLDS_TARGET = 2500;

export function assertYear(year: number, argument = "year"): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR)
    throw badInput(`year must be from ${MIN_YEAR} to ${MAX_YEAR}`, argument);
}

export interface TargetValue {
  year: number;
  target: number;
  isDefault: boolean;
}

export async function householdsTarget(
  em: Pick<EntityManager, "getRepository">,
  year: number,
): Promise<TargetValue> {
  const row = await em.getRepository(ProgrammeTarget).findOneBy({ year });
  return row
    ? { year, target: row.householdsTarget, isDefault: false }
    : { year, target: DEFAULT_HOUSEHOLDS_TARGET, isDefault: true };
}

/** Coordinators and admins set a year's target; the change is audited with the previous value. */
export async function setHouseholdsTarget(
  ctx: Context,
  year: number,
  target: number,
): Promise<TargetValue | ValidationError> {
  const errors = new FieldErrors();
  intRange(errors, "year", year, MIN_YEAR, MAX_YEAR);
  intRange(errors, "target", target, 1, 1_000_000);
  if (!errors.empty) return errors.result()!;
  return ctx.dataSource.transaction(async (em) => {
    const before = await householdsTarget(em, year);
    await em.query(
      `INSERT INTO programme_target (year, households_target, updated_at, updated_by)
       VALUES ($1, $2, now(), $3)
       ON CONFLICT (year) DO UPDATE SET households_target = $2, updated_at = now(), updated_by = $3`,
      [year, target, ctx.viewer.kind === "user" ? ctx.viewer.user.id : null],
    );
    await audit(em, ctx.viewer, ctx.ip, {
      action: "programme.target_set",
      subjectType: "programme_target",
      subjectId: String(year),
      details: { from: before.isDefault ? null : before.target, to: target },
    });
    return { year, target, isDefault: false };
  });
}
