import type { Context } from "../../graphql/context";
import {
  type ConnectionShape,
  decodeCursor,
  encodeCursor,
  invalidCursor,
  pageSize,
  toConnection,
} from "../../graphql/connection";
import { hydrate, selectColumns } from "../../db/hydrate";
import { type FollowUp, readQuery } from "../../db/read-query";
import { ServiceOffer } from "../offer/offer.entity";
import { prefetchOffers } from "../offer/offer.loader";
import type { StructurePagePlan } from "./directory-columns";
import { Structure } from "../structure/structure.entity";
import {
  type DirectoryFilter,
  DirectoryOrder,
  hasOfferCriteria,
  nearExpressions,
  offerConditions,
  onlyCategories,
  Params,
  structureConditions,
  textQuery,
  validateFilter,
} from "./directory.filter";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface SearchArgs {
  filter: DirectoryFilter | null | undefined;
  orderBy: DirectoryOrder | null | undefined;
  first: number;
  after: string | null | undefined;
}

type Row = Record<string, unknown>;

/** Sort key, keyset condition and cursor for each order; `m` is the ranked subquery. */
function ordering(order: DirectoryOrder, nameColumn: string) {
  switch (order) {
    case DirectoryOrder.DISTANCE:
      return {
        orderBy: `m.distance_m, m.id`,
        after: (p: Params, [d, id]: [number, string]) =>
          `(m.distance_m, m.id) > (${p.add(d)}::float8, ${p.add(id)}::uuid)`,
        shape: ["number", "string"] as const,
        cursor: (r: Row) => encodeCursor([Number(r.distance_m), String(r.id)]),
      };
    case DirectoryOrder.RELEVANCE:
      return {
        orderBy: `m.rank DESC, m.id`,
        after: (p: Params, [rank, id]: [number, string]) =>
          `(m.rank < ${p.add(rank)}::float4 OR (m.rank = ${p.add(rank)}::float4 AND m.id > ${p.add(id)}::uuid))`,
        shape: ["number", "string"] as const,
        cursor: (r: Row) => encodeCursor([Number(r.rank), String(r.id)]),
      };
    default:
      return {
        orderBy: `m.${nameColumn}, m.id`,
        after: (p: Params, [name, id]: [string, string]) =>
          `(m.${nameColumn}, m.id) > (${p.add(name)}, ${p.add(id)}::uuid)`,
        shape: ["string", "string"] as const,
        cursor: (r: Row) => encodeCursor([String(r[nameColumn]), String(r.id)]),
      };
  }
}

/**
 * Runs `inner` (which selects `id`, the sort column, `distance_m` and `rank` only) as one
 * statement: the window count gives `totalCount` over every match, the keyset picks the page,
 * and only the page's rows are joined back to `table` for their columns. Counting narrow rows
 * keeps a national search in memory (wide rows made the window spill to disk); `OFFSET 0` keeps
 * the planner from moving the rank computation above the window.
 */
async function page(
  ctx: Context,
  p: Params,
  table: "structure" | "service_offer",
  inner: string,
  order: ReturnType<typeof ordering>,
  first: number,
  after: string | null | undefined,
  columns: readonly string[] | null,
  followUp?: (ids: string[]) => FollowUp | null,
) {
  const size = pageSize(first);
  let keyset = "";
  if (after) {
    const key = decodeCursor(after, order.shape) as [never, string];
    if (!UUID.test(key[1])) throw invalidCursor();
    keyset = `WHERE ${order.after(p, key)}`;
  }
  const entity = table === "structure" ? Structure : ServiceOffer;
  const rows = await readQuery(
    ctx.dataSource,
    `SELECT ${selectColumns(ctx.dataSource, entity, "t", columns ?? undefined)}, m.distance_m, m.rank, m.total_count
       FROM (SELECT * FROM (SELECT q.*, count(*) OVER () AS total_count FROM (${inner} OFFSET 0) q) m
              ${keyset} ORDER BY ${order.orderBy} LIMIT ${p.add(size + 1)}) m
       JOIN ${table} t ON t.id = m.id
      ORDER BY ${order.orderBy}`,
    p.values,
    followUp &&
      ((found) => {
        const ids = found.slice(0, size).map((row) => String(row.id));
        return ids.length ? followUp(ids) : null;
      }),
  );
  return { rows, size };
}

const EVERY_COLUMN: StructurePagePlan = {
  structureColumns: null,
  prefetchOffers: false,
  offerColumns: null,
};

/**
 * The directory's structures matching `filter`, in one SQL statement, reading the columns
 * `plan` names (directory-columns.ts); with `plan.prefetchOffers`, the page's active offers are
 * asked for on the same connection right behind it.
 */
export async function searchStructures(
  ctx: Context,
  args: SearchArgs,
  plan: StructurePagePlan = EVERY_COLUMN,
): Promise<ConnectionShape<Structure>> {
  const { filter, text, order } = validateFilter(args.filter, args.orderBy);
  const p = new Params();
  const near = nearExpressions(filter, p);
  const conditions = structureConditions(filter, text, p, ctx.now());
  if (near) conditions.push(near.condition);
  if (onlyCategories(filter)) {
    conditions.push(`s.offer_categories && ${p.add(filter.categories)}::text[]`);
  } else if (hasOfferCriteria(filter)) {
    conditions.push(
      `EXISTS (SELECT 1 FROM service_offer o WHERE o.structure_id = s.id AND ${offerConditions(filter, p).join(" AND ")})`,
    );
  }
  const rank = text ? `ts_rank_cd(s.search_vector, ${textQuery(p, text)})` : "0";
  const inner = `SELECT s.id, s.name, ${near ? near.distance : "NULL::float8"} AS distance_m, ${rank}::float4 AS rank
    FROM structure s WHERE ${conditions.join(" AND ")}`;
  const ordered = ordering(order, "name");
  let prefetch: ReturnType<typeof prefetchOffers> | null = null;
  const followUp = plan.prefetchOffers
    ? (ids: string[]) => {
        const columns = plan.offerColumns ?? undefined;
        prefetch = prefetchOffers(ctx.dataSource, ctx.loaders.offersByStructure, ids, columns);
        return prefetch;
      }
    : undefined;
  const connection = await connectionOf(
    ctx,
    Structure,
    "structure",
    inner,
    p,
    ordered,
    args,
    plan.structureColumns,
    followUp,
  );
  const nodes = connection.edges.map((e) => e.node);
  // Only whole structures go into the loader others share (see StructurePagePlan).
  if (plan.structureColumns === null) {
    for (const node of nodes) ctx.loaders.structureById.prime(node.id, node);
  }
  (prefetch as ReturnType<typeof prefetchOffers> | null)?.keep(nodes);
  return connection;
}

/** Active offers matching `filter` (offer criteria on the offer itself, the rest on its structure). */
export async function searchOffers(
  ctx: Context,
  args: SearchArgs,
  columns: readonly string[] | null = null,
): Promise<ConnectionShape<ServiceOffer>> {
  const { filter, text, order } = validateFilter(args.filter, args.orderBy);
  const p = new Params();
  const near = nearExpressions(filter, p);
  const conditions = [
    ...structureConditions(filter, null, p, ctx.now()),
    ...offerConditions(filter, p),
  ];
  if (near) conditions.push(near.condition);
  let rank = "0";
  if (text) {
    const q = textQuery(p, text);
    conditions.push(`(o.search_vector @@ ${q} OR to_tsvector('fr', s.name) @@ ${q})`);
    rank = `ts_rank_cd(o.search_vector, ${q})`;
  }
  const inner = `SELECT o.id, o.title, ${near ? near.distance : "NULL::float8"} AS distance_m, ${rank}::float4 AS rank
    FROM service_offer o JOIN structure s ON s.id = o.structure_id WHERE ${conditions.join(" AND ")}`;
  const ordered = ordering(order, "title");
  return connectionOf(ctx, ServiceOffer, "service_offer", inner, p, ordered, args, columns);
}

/**
 * Runs the page statement over `inner` (structures or offers) and builds the connection: the
 * total (from the page, or counted when a page after a cursor is empty), the hydrated nodes
 * with their distances, and their cursors.
 */
async function connectionOf<T extends { distanceMeters?: number }>(
  ctx: Context,
  entity: new () => T,
  table: "structure" | "service_offer",
  inner: string,
  p: Params,
  o: ReturnType<typeof ordering>,
  args: SearchArgs,
  columns: readonly string[] | null,
  followUp?: (ids: string[]) => FollowUp | null,
): Promise<ConnectionShape<T>> {
  const innerValues = [...p.values];
  const { after, first } = args;
  const { rows, size } = await page(ctx, p, table, inner, o, first, after, columns, followUp);
  const total =
    rows.length > 0
      ? Number(rows[0].total_count)
      : args.after
        ? await countAll(ctx, inner, innerValues)
        : 0;
  const nodes = hydrate(ctx.dataSource, entity, rows);
  nodes.forEach((node, i) => {
    if (rows[i].distance_m !== null) node.distanceMeters = Number(rows[i].distance_m);
  });
  const cursors = new Map(nodes.map((n, i) => [n, o.cursor(rows[i])]));
  return toConnection(nodes, size, total, Boolean(args.after), (n) => cursors.get(n)!);
}

/** An empty page past the end still reports the total: counted only in that rare case. */
async function countAll(ctx: Context, inner: string, values: unknown[]): Promise<number> {
  const [row] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM (${inner}) q`, values);
  return row.n;
}
