import type { Context } from "../../graphql/context";
import {
  type ConnectionShape,
  decodeCursor,
  encodeCursor,
  invalidCursor,
  pageSize,
  toConnection,
} from "../../graphql/connection";
import { badInput, notFound } from "../../graphql/errors";
import { assertDistrictCode } from "../district/district-code";
import { Structure } from "./structure.entity";
import type { StructureFilter } from "./structure.type";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function assertUuid(id: string, argument = "id"): void {
  if (!UUID.test(id))
    throw badInput(`${argument} must be a UUID, got "${id.slice(0, 60)}"`, argument);
}

/** Collects SQL conditions with numbered parameters. */
class Conditions {
  readonly sql: string[] = [];
  readonly params: unknown[] = [];
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

function filterConditions(filter: StructureFilter | null | undefined): Conditions {
  const c = new Conditions();
  if (filter?.districtCodes) {
    for (const code of filter.districtCodes) assertDistrictCode(code, "filter");
    c.sql.push(`s.district_code = ANY(${c.param(filter.districtCodes)}::text[])`);
  }
  if (filter?.categories) {
    c.sql.push(
      `EXISTS (SELECT 1 FROM service_offer o WHERE o.structure_id = s.id AND o.active
         AND o.category = ANY(${c.param(filter.categories)}::text[]))`,
    );
  }
  return c;
}

/** Turns snake_case rows into entities using TypeORM's metadata. */
function hydrate(ctx: Context, rows: Record<string, unknown>[]): Structure[] {
  const meta = ctx.dataSource.getMetadata(Structure);
  return rows.map((row) => {
    const entity = meta.create() as Structure & Record<string, unknown>;
    for (const column of meta.columns) entity[column.propertyName] = row[column.databaseName];
    return entity;
  });
}

export async function getStructure(ctx: Context, id: string): Promise<Structure> {
  assertUuid(id);
  const structure = await ctx.loaders.structureById.load(id);
  if (!structure) throw notFound("Structure", id);
  return structure;
}

/**
 * One page of the directory in a single statement: the window count gives `totalCount` over
 * every match while the keyset (name, id) condition picks the page.
 */
export async function findStructures(
  ctx: Context,
  filter: StructureFilter | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<ConnectionShape<Structure>> {
  const size = pageSize(first);
  const c = filterConditions(filter);
  const where = c.sql.length ? `WHERE ${c.sql.join(" AND ")}` : "";
  let keyset = "";
  if (after) {
    const [name, id] = decodeCursor(after, ["string", "string"] as const);
    if (!UUID.test(id)) throw invalidCursor();
    keyset = `WHERE (m.name, m.id) > (${c.param(name)}, ${c.param(id)}::uuid)`;
  }
  const rows: Record<string, unknown>[] = await ctx.dataSource.query(
    `SELECT * FROM (
       SELECT s.*, count(*) OVER () AS total_count FROM structure s ${where}
     ) m ${keyset}
     ORDER BY m.name, m.id
     LIMIT ${c.param(size + 1)}`,
    c.params,
  );
  // An empty page past the end still needs the total: count it only in that rare case.
  const total =
    rows.length > 0 ? Number(rows[0].total_count) : after ? await countStructures(ctx, filter) : 0;
  const nodes = hydrate(ctx, rows);
  for (const node of nodes) ctx.loaders.structureById.prime(node.id, node);
  return toConnection(nodes, size, total, Boolean(after), (s) => encodeCursor([s.name, s.id]));
}

async function countStructures(ctx: Context, filter: StructureFilter | null | undefined) {
  const c = filterConditions(filter);
  const where = c.sql.length ? `WHERE ${c.sql.join(" AND ")}` : "";
  const [row] = await ctx.dataSource.query(
    `SELECT count(*) AS n FROM structure s ${where}`,
    c.params,
  );
  return Number(row.n);
}
