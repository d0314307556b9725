import { forbidden } from "../../graphql/auth";
import { type ConnectionShape, newestFirstPage, pageSize } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { badInput, notFound } from "../../graphql/errors";
import { visibleStructures } from "../identity/visible-structures";
import { assertUuid } from "../structure/structure.service";
import { canSeeAllocation } from "./allocation-access";
import { Allocation } from "./allocation.entity";
import type { AllocationFilter } from "./allocation.input";

export async function getAllocation(ctx: Context, id: string): Promise<Allocation> {
  assertUuid(id);
  const allocation = await ctx.dataSource.getRepository(Allocation).findOneBy({ id });
  if (!allocation) throw notFound("Allocation", id);
  if (!canSeeAllocation(ctx.viewer, allocation))
    throw forbidden("This loan is followed by another structure");
  return allocation;
}

/** Loans accompanied by the viewer's structures, newest first. */
export async function listAllocations(
  ctx: Context,
  filter: AllocationFilter | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<ConnectionShape<Allocation>> {
  const size = pageSize(first);
  const f = filter ?? {};
  if (f.statuses && f.statuses.length > 10)
    throw badInput("at most 10 statuses", "filter.statuses");
  const structures = visibleStructures(ctx.viewer, f.structureId, "loans");
  const qb = ctx.dataSource.getRepository(Allocation).createQueryBuilder("a");
  if (structures !== "all")
    qb.andWhere(structures.length ? "a.accompanyingStructureId IN (:...structures)" : "false", {
      structures,
    });
  if (f.statuses?.length) qb.andWhere("a.status IN (:...statuses)", { statuses: f.statuses });
  if (f.waveId) {
    assertUuid(f.waveId, "filter.waveId");
    qb.andWhere("a.waveId = :waveId", { waveId: f.waveId });
  }
  return newestFirstPage(qb, size, after);
}
