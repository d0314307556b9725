import { forbidden } from "../../graphql/auth";
import { type ConnectionShape, newestFirstPage, pageSize } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { badInput, notFound } from "../../graphql/errors";
import { assertDistrictCode } from "../district/district-code";
import { visibleStructures } from "../identity/visible-structures";
import { assertUuid } from "../structure/structure.service";
import { canSeeReferral } from "./referral-access";
import { Referral } from "./referral.entity";
import { ReferralDirection } from "./referral.enums";
import type { ReferralFilter } from "./referral.input";

export async function getReferral(ctx: Context, id: string): Promise<Referral> {
  assertUuid(id);
  const referral = await ctx.dataSource.getRepository(Referral).findOneBy({ id });
  if (!referral) throw notFound("Referral", id);
  if (!canSeeReferral(ctx.viewer, referral))
    throw forbidden("This referral concerns other structures");
  return referral;
}

/** Referrals sent and/or received by the viewer's structures, newest first. */
export async function listReferrals(
  ctx: Context,
  filter: ReferralFilter | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<ConnectionShape<Referral>> {
  const size = pageSize(first);
  const f = filter ?? {};
  if (f.statuses && f.statuses.length > 10)
    throw badInput("at most 10 statuses", "filter.statuses");
  const structures = visibleStructures(ctx.viewer, f.structureId, "referrals");
  const qb = ctx.dataSource.getRepository(Referral).createQueryBuilder("r");
  if (structures !== "all") {
    const sent = "r.senderStructureId IN (:...structures)";
    const received = "r.receiverStructureId IN (:...structures)";
    const side =
      f.direction === ReferralDirection.SENT
        ? sent
        : f.direction === ReferralDirection.RECEIVED
          ? received
          : `(${sent} OR ${received})`;
    qb.andWhere(structures.length ? side : "false", { structures });
  }
  if (f.statuses?.length) qb.andWhere("r.status IN (:...statuses)", { statuses: f.statuses });
  if (f.createdFrom) qb.andWhere("r.createdAt >= :from", { from: f.createdFrom });
  if (f.createdTo) qb.andWhere("r.createdAt < :to", { to: f.createdTo });
  return newestFirstPage(qb, size, after);
}

export interface StatsArgs {
  from: Date;
  to: Date;
  districtCode?: string | null;
}

/** Counts, rates and delays only: no personal data. By the resident's district of residence. */
export async function referralStats(ctx: Context, { from, to, districtCode }: StatsArgs) {
  if (!(from < to)) throw badInput("from must be before to", "from");
  if (to.getTime() - from.getTime() > 5 * 366 * 24 * 3600_000)
    throw badInput("at most five years", "to");
  if (districtCode) assertDistrictCode(districtCode, "districtCode");
  const params = [from, to, districtCode ?? null];
  const where = `r.created_at >= $1 AND r.created_at < $2 AND ($3::text IS NULL OR r.resident_district_code = $3)`;
  const [summary, byStatus, byNeed, byDistrict] = await Promise.all([
    ctx.dataSource.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE answered_at IS NOT NULL)::int AS answered,
              count(*) FILTER (WHERE answered_at IS NOT NULL AND status <> 'DECLINED')::int AS accepted,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - created_at) / 3600)
                FILTER (WHERE answered_at IS NOT NULL) AS median_hours
         FROM referral r WHERE ${where}`,
      params,
    ),
    ctx.dataSource.query(
      `SELECT status, count(*)::int AS count FROM referral r WHERE ${where} GROUP BY status ORDER BY status`,
      params,
    ),
    ctx.dataSource.query(
      `SELECT need, count(*)::int AS count,
              count(*) FILTER (WHERE answered_at IS NOT NULL AND status <> 'DECLINED')::int AS accepted,
              count(*) FILTER (WHERE status = 'DECLINED')::int AS declined
         FROM referral r WHERE ${where} GROUP BY need ORDER BY need`,
      params,
    ),
    ctx.dataSource.query(
      `SELECT resident_district_code AS district_code, count(*)::int AS count
         FROM referral r WHERE ${where} GROUP BY resident_district_code ORDER BY resident_district_code NULLS LAST`,
      params,
    ),
  ]);
  const s = summary[0];
  return {
    from,
    to,
    districtCode: districtCode ?? null,
    total: s.total,
    answered: s.answered,
    acceptanceRate: s.answered ? s.accepted / s.answered : null,
    medianHoursToAnswer: s.median_hours === null ? null : Number(s.median_hours),
    byStatus,
    byNeed,
    byDistrict: byDistrict.map((d: { district_code: string | null; count: number }) => ({
      districtCode: d.district_code,
      count: d.count,
    })),
  };
}
