import type { Context } from "../../graphql/context";
import type { DistrictTicketFlow, StructureTicketFlow, TicketFlows } from "./indicators.type";
import { assertYear } from "./programme-target.service";

/** Issued: by issuing structure and day of issue; redeemed: by redeeming structure and time (Paris). */
const BY_STRUCTURE_SQL = `
  WITH issued AS (
    SELECT b.issuer_structure_id AS structure_id, count(*)::int AS tickets, sum(t.value_cents)::int AS value
      FROM pass_booklet b JOIN pass_ticket t ON t.booklet_id = b.id
     WHERE b.issued_on >= make_date($1, 1, 1) AND b.issued_on < make_date($1 + 1, 1, 1)
     GROUP BY 1
  ), redeemed AS (
    SELECT redeemed_structure_id AS structure_id, count(*)::int AS tickets, sum(value_cents)::int AS value
      FROM pass_ticket
     WHERE redeemed_at >= make_date($1, 1, 1)::timestamp AT TIME ZONE 'Europe/Paris'
       AND redeemed_at < make_date($1 + 1, 1, 1)::timestamp AT TIME ZONE 'Europe/Paris'
     GROUP BY 1
  )
  SELECT s.id, s.name, s.district_code,
         coalesce(i.tickets, 0) AS issued_tickets, coalesce(i.value, 0) AS issued_value,
         coalesce(r.tickets, 0) AS redeemed_tickets, coalesce(r.value, 0) AS redeemed_value
    FROM structure s
    LEFT JOIN issued i ON i.structure_id = s.id
    LEFT JOIN redeemed r ON r.structure_id = s.id
   WHERE i.structure_id IS NOT NULL OR r.structure_id IS NOT NULL
   ORDER BY s.name, s.id`;

interface Row {
  id: string;
  name: string;
  district_code: string | null;
  issued_tickets: number;
  issued_value: number;
  redeemed_tickets: number;
  redeemed_value: number;
}

const zero = () => ({
  issuedTickets: 0,
  issuedValueCents: 0,
  redeemedTickets: 0,
  redeemedValueCents: 0,
});

function add(into: ReturnType<typeof zero>, r: Row) {
  into.issuedTickets += r.issued_tickets;
  into.issuedValueCents += r.issued_value;
  into.redeemedTickets += r.redeemed_tickets;
  into.redeemedValueCents += r.redeemed_value;
}

/** Tickets issued and redeemed in a year, per structure and per the structures' district. */
export async function ticketFlows(ctx: Context, year: number): Promise<TicketFlows> {
  assertYear(year);
  const rows: Row[] = await ctx.dataSource.query(BY_STRUCTURE_SQL, [year]);
  const totals = zero();
  const districts = new Map<string | null, DistrictTicketFlow>();
  const byStructure: StructureTicketFlow[] = rows.map((r) => {
    add(totals, r);
    const d = districts.get(r.district_code) ?? { districtCode: r.district_code, ...zero() };
    add(d, r);
    districts.set(r.district_code, d);
    return {
      structureId: r.id,
      structureName: r.name,
      districtCode: r.district_code,
      issuedTickets: r.issued_tickets,
      issuedValueCents: r.issued_value,
      redeemedTickets: r.redeemed_tickets,
      redeemedValueCents: r.redeemed_value,
    };
  });
  const byDistrict = [...districts.values()].sort((a, b) =>
    (a.districtCode ?? "~").localeCompare(b.districtCode ?? "~"),
  );
  return { year, ...totals, byStructure, byDistrict };
}
