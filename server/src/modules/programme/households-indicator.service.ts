import type { Context } from "../../graphql/context";
import type { HouseholdsIndicator } from "./indicators.type";
import { assertYear, householdsTarget } from "./programme-target.service";

/*
 * A household counts once in a year when at least one of these happened to it that year (Paris
 * time): a referral completed, a device delivered, a ticket redeemed. Its key is its household;
 * a referral without one is a household of its own ("r:" + its id), and so is a booklet issued
 * for such a referral. Its district is the household's, else the referral's district of residence;
 * its month is the month of its first event of the year.
 */
const HOUSEHOLDS_SQL = `
  WITH bounds AS (
    SELECT make_date($1, 1, 1) AS d0, make_date($1 + 1, 1, 1) AS d1,
           make_date($1, 1, 1)::timestamp AT TIME ZONE 'Europe/Paris' AS t0,
           make_date($1 + 1, 1, 1)::timestamp AT TIME ZONE 'Europe/Paris' AS t1
  ), events AS (
    SELECT coalesce(r.household_id::text, 'r:' || r.id) AS key,
           coalesce(h.district_code, r.resident_district_code) AS district,
           (r.closed_at AT TIME ZONE 'Europe/Paris')::date AS day, 'REFERRAL' AS source
      FROM referral r CROSS JOIN bounds
      LEFT JOIN household h ON h.id = r.household_id
     WHERE r.status = 'COMPLETED' AND r.closed_at >= bounds.t0 AND r.closed_at < bounds.t1
    UNION ALL
    SELECT a.household_id::text, coalesce(h.district_code, a.district_code), a.delivered_on, 'DEVICE'
      FROM allocation a CROSS JOIN bounds
      JOIN household h ON h.id = a.household_id
     WHERE a.delivered_on >= bounds.d0 AND a.delivered_on < bounds.d1
    UNION ALL
    SELECT coalesce(coalesce(b.household_id, r.household_id)::text, 'r:' || b.referral_id),
           coalesce(h.district_code, r.resident_district_code),
           (t.redeemed_at AT TIME ZONE 'Europe/Paris')::date, 'TICKET'
      FROM pass_ticket t CROSS JOIN bounds
      JOIN pass_booklet b ON b.id = t.booklet_id
      LEFT JOIN referral r ON r.id = b.referral_id
      LEFT JOIN household h ON h.id = coalesce(b.household_id, r.household_id)
     WHERE t.redeemed_at >= bounds.t0 AND t.redeemed_at < bounds.t1
  ), households AS (
    SELECT key, min(district) AS district, extract(month FROM min(day))::int AS month,
           bool_or(source = 'REFERRAL') AS by_referral, bool_or(source = 'DEVICE') AS by_device,
           bool_or(source = 'TICKET') AS by_ticket
      FROM events GROUP BY key
  )
  SELECT GROUPING(district, month) AS grouping, district, month, count(*)::int AS households,
         count(*) FILTER (WHERE by_referral)::int AS with_referral,
         count(*) FILTER (WHERE by_device)::int AS with_device,
         count(*) FILTER (WHERE by_ticket)::int AS with_ticket
    FROM households
   GROUP BY GROUPING SETS ((), (district), (month))
   ORDER BY district NULLS LAST, month`;

interface Row {
  grouping: number;
  district: string | null;
  month: number | null;
  households: number;
  with_referral: number;
  with_device: number;
  with_ticket: number;
}

/** One statement for the counts, one for the target; never a person, only counts. */
export async function householdsIndicator(
  ctx: Context,
  year: number,
): Promise<HouseholdsIndicator> {
  assertYear(year);
  const [rows, target] = await Promise.all([
    ctx.dataSource.query(HOUSEHOLDS_SQL, [year]) as Promise<Row[]>,
    householdsTarget(ctx.dataSource, year),
  ]);
  // GROUPING(district, month): 3 = the grand total, 1 = by district, 2 = by month.
  const total = rows.find((r) => r.grouping === 3);
  const perMonth = new Map(
    rows.filter((r) => r.grouping === 2).map((r) => [r.month, r.households]),
  );
  let cumulative = 0;
  const byMonth = Array.from({ length: 12 }, (_, i) => {
    const newHouseholds = perMonth.get(i + 1) ?? 0;
    cumulative += newHouseholds;
    return { month: `${year}-${String(i + 1).padStart(2, "0")}`, newHouseholds, cumulative };
  });
  const households = total?.households ?? 0;
  return {
    year,
    target: target.target,
    targetIsDefault: target.isDefault,
    households,
    progress: households / target.target,
    withReferral: total?.with_referral ?? 0,
    withDevice: total?.with_device ?? 0,
    withTicket: total?.with_ticket ?? 0,
    byDistrict: rows
      .filter((r) => r.grouping === 1)
      .map((r) => ({ districtCode: r.district, households: r.households })),
    byMonth,
  };
}
