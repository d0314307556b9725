import type { Context } from "../../graphql/context";
import { badInput } from "../../graphql/errors";
import { District } from "../district/district.entity";
import { ServiceCategory } from "../vocabulary/vocabulary.enums";
import type { Coverage, CoverageCell } from "./coverage.type";

interface CellRow {
  code: string;
  category: ServiceCategory;
  active_offers: number;
  structures: number;
  free_offers: number;
  pass_offers: number;
}

/** The matrix in two statements: the districts, and every cell from one grouped query. */
export async function coverage(
  ctx: Context,
  requested: ServiceCategory[] | null | undefined,
): Promise<Coverage> {
  const categories = requested?.length ? [...new Set(requested)] : Object.values(ServiceCategory);
  if (categories.length > 50) throw badInput("at most 50 categories", "categories");
  const [districts, rows] = await Promise.all([
    ctx.dataSource.getRepository(District).find({ order: { name: "ASC" } }),
    ctx.dataSource.query(
      `SELECT d.code, c.category,
              count(o.id)::int AS active_offers,
              count(DISTINCT o.structure_id)::int AS structures,
              count(o.id) FILTER (WHERE 'FREE' = ANY(o.fees))::int AS free_offers,
              count(o.id) FILTER (WHERE 'PASS_NUMERIQUE' = ANY(o.fees))::int AS pass_offers
         FROM district d
        CROSS JOIN unnest($1::text[]) AS c(category)
         LEFT JOIN (service_offer o JOIN structure s ON s.id = o.structure_id AND s.archived_at IS NULL)
                ON s.district_code = d.code AND o.active AND o.category = c.category
        GROUP BY d.code, c.category`,
      [categories],
    ) as Promise<CellRow[]>,
  ]);
  const cells = new Map(rows.map((r) => [`${r.code}|${r.category}`, r]));
  const priorityGaps: Coverage["priorityGaps"] = [];
  const result = districts.map((district) => {
    const priority = district.qpv || district.rep || district.repPlus;
    return {
      district,
      priority,
      cells: categories.map((category): CoverageCell => {
        const row = cells.get(`${district.code}|${category}`);
        const activeOffers = row?.active_offers ?? 0;
        if (priority && activeOffers === 0)
          priorityGaps.push({ districtCode: district.code, category });
        return {
          category,
          activeOffers,
          structures: row?.structures ?? 0,
          freeOffers: row?.free_offers ?? 0,
          passNumeriqueOffers: row?.pass_offers ?? 0,
          covered: activeOffers > 0,
        };
      }),
    };
  });
  for (const d of districts) ctx.loaders.districtByCode.prime(d.code, d);
  return { categories, districts: result, priorityGaps };
}
