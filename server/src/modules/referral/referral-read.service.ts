import { forbidden } from "../../graphql/auth";
import {
  type ConnectionShape,
  decodeCursor,
  encodeCursor,
  invalidCursor,
  pageSize,
  toConnection,
} from "../../graphql/connection";
import { hydrate } from "../../db/hydrate";
import { readQuery } from "../../db/read-query";
import type { Context } from "../../graphql/context";
import { badInput, notFound } from "../../graphql/errors";
import { assertDistrictCode } from "../district/district-code";
import { visibleStructures } from "../identity/visible-structures";
import { assertUuid } from "../structure/structure.service";
import { canSeeReferral } from "./referral-access";
import { FULL_ROWS, type ListInclude } from "./referral-list-include";
import { listedWith, pageStatement } from "./referral-list-sql";
import { Referral } from "./referral.entity";
import { ReferralDirection } from "./referral.enums";
import type { ReferralFilter } from "./referral.input";
import { ReferralView } from "./referral.type";

export async function getReferral(ctx: Context, id: string): Promise<Referral> {
  assertUuid(id);
  const referral = await ctx.dataSource.getRepository(Referral).findOneBy({ id });
  if (!referral) throw notFound("Referral", id);
  if (!canSeeReferral(ctx.viewer, referral))
    throw forbidden("This referral concerns other structures");
  return referral;
}

/** The WHERE clause of a referral list and its parameters (`$1`…), from what the viewer may see. */
function listConditions(
  ctx: Context,
  f: ReferralFilter,
): { where: string[]; params: unknown[] } | null {
  const structures = visibleStructures(ctx.viewer, f.structureId, "referrals");
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (structures !== "all") {
    if (structures.length === 0) return null;
    const ids = `${param(structures)}::uuid[]`;
    const sent = `r.sender_structure_id = ANY(${ids})`;
    const received = `r.receiver_structure_id = ANY(${ids})`;
    where.push(
      f.direction === ReferralDirection.SENT
        ? sent
        : f.direction === ReferralDirection.RECEIVED
          ? received
          : `(${sent} OR ${received})`,
    );
  }
  if (f.statuses?.length) where.push(`r.status = ANY(${param(f.statuses)}::text[])`);
  if (f.createdFrom) where.push(`r.created_at >= ${param(f.createdFrom)}`);
  if (f.createdTo) where.push(`r.created_at < ${param(f.createdTo)}`);
  return { where, params };
}

/**
 * Referrals sent and/or received by the viewer's structures, newest first, by keyset on
 * (created_at, id). Plain SQL read into entities: the board asks 50 at a time, and TypeORM's
 * query builder and transformer cost more than the statement itself there. The first page
 * counts the matches in the same statement (a window over the filtered rows, before LIMIT); a
 * later page counts them beside its own statement. What else the page needs (`include`, from
 * the document's selection) comes in the same statement: see referral-list-sql.ts.
 */
export async function listReferrals(
  ctx: Context,
  filter: ReferralFilter | null | undefined,
  first: number,
  after: string | null | undefined,
  include: ListInclude = FULL_ROWS,
): Promise<ConnectionShape<ReferralView>> {
  const size = pageSize(first);
  const f = filter ?? {};
  if (f.statuses && f.statuses.length > 10)
    throw badInput("at most 10 statuses", "filter.statuses");
  const cursor = after ? decodeCursor(after, ["string", "string"] as const) : null;
  const badInstant = (at: string) => !CURSOR_INSTANT.test(at) || Number.isNaN(Date.parse(at));
  if (cursor && (badInstant(cursor[0]) || !/^[0-9a-f-]{36}$/i.test(cursor[1])))
    throw invalidCursor();
  const conditions = listConditions(ctx, f);
  if (!conditions) return toConnection([], size, 0, Boolean(after), () => "");
  const { where, params } = conditions;
  const filtered = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const countSql = `SELECT count(*)::int AS n FROM referral r ${filtered}`;
  const pageWhere = [...where];
  const pageParams = [...params];
  if (cursor) {
    const at = `$${pageParams.push(cursor[0])}::timestamptz`;
    const id = `$${pageParams.push(cursor[1])}::uuid`;
    pageWhere.push(`(r.created_at, r.id) < (${at}, ${id})`);
  }
  const limit = `$${pageParams.push(size + 1)}`;
  const [rows, counted] = await Promise.all([
    readQuery<Record<string, unknown>>(
      ctx.dataSource,
      pageStatement(ctx.dataSource, include, {
        where: pageWhere.length ? `WHERE ${pageWhere.join(" AND ")}` : "",
        limit,
        count: !cursor,
      }),
      pageParams,
    ),
    cursor ? readQuery<{ n: number }>(ctx.dataSource, countSql, params) : null,
  ]);
  // LIMIT is at least 1: a first page with rows carries the count, one without has no match.
  const count = counted ? counted[0].n : ((rows[0]?.total_count as number | undefined) ?? 0);
  const referrals = hydrate(ctx.dataSource, Referral, rows);
  const views = referrals.map((referral, i) => {
    const view = ReferralView.from(referral);
    const listed = listedWith(rows[i], include);
    if (listed) view.listed = listed;
    return view;
  });
  const cursors = new Map(rows.map((r) => [r.id as string, r.cursor_at as string]));
  return toConnection(views, size, count, Boolean(after), (node) =>
    encodeCursor([cursors.get(node.id)!, node.id]),
  );
}

/** An instant as cursors carry it (`CURSOR_AT`, or `toISOString()` in cursors made before it). */
const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

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
