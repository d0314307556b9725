import type { FieldNode, GraphQLResolveInfo, OperationDefinitionNode } from "graphql";
import { childFieldNames, selectedFields } from "../../graphql/selection";
import { OFFER_FIELD_COLUMNS } from "../offer/offer.columns";
import { STRUCTURE_FIELD_COLUMNS } from "../structure/structure.columns";

type FieldColumns = Readonly<Record<string, readonly string[]>>;

/**
 * The properties that reading `fields` takes (with `always`), in a stable order; null (every
 * column) as soon as one field is not in `map`.
 */
function needed(map: FieldColumns, fields: Set<string>, always: readonly string[]) {
  const columns = new Set(always);
  for (const field of fields) {
    const read = Object.hasOwn(map, field) ? map[field] : undefined;
    if (!read) return null;
    for (const column of read) columns.add(column);
  }
  return [...columns].sort();
}

/**
 * What a page of `structures` reads, from the request's selection.
 *
 * Why entities with columns left out are safe here: they are only ever reached through the
 * page's own edges, whose selection is the one the columns come from. So a page whose structures
 * are narrowed is never primed in `structureById` (which other fields and the writes share), and
 * narrowed offers never go into `offersByStructure`: they are kept for the page's structures
 * only (`prefetchedOffers`), and only when those structures are narrowed too (a primed
 * structure could be reached again elsewhere, its `offers` asked with another selection). A
 * selection that could reach the page's structures by id again (`parent`, `offers.structure`)
 * takes every column and primes the loader, as before. Nothing narrowed is written back: the
 * search is a read.
 */
export interface StructurePagePlan {
  /** Properties of the page's structures; null for every column (the page is then primed). */
  structureColumns: string[] | null;
  /** Whether the page's active offers are fetched right behind it (default arguments only). */
  prefetchOffers: boolean;
  /** Properties of the prefetched offers; null for every column (into the shared loader). */
  offerColumns: string[] | null;
}

// Selections do not depend on variables (@skip/@include are not evaluated): one plan per field
// of each operation of the cached documents.
const structurePlans = new WeakMap<
  OperationDefinitionNode,
  WeakMap<FieldNode, StructurePagePlan>
>();
const offerPlans = new WeakMap<OperationDefinitionNode, WeakMap<FieldNode, string[] | null>>();

function cached<T>(
  cache: WeakMap<OperationDefinitionNode, WeakMap<FieldNode, T>>,
  info: GraphQLResolveInfo,
  make: () => T,
): T {
  let byField = cache.get(info.operation);
  if (!byField) cache.set(info.operation, (byField = new WeakMap()));
  const key = info.fieldNodes[0];
  let value = byField.get(key);
  if (value === undefined) byField.set(key, (value = make()));
  return value;
}

export function structurePagePlan(info: GraphQLResolveInfo): StructurePagePlan {
  return cached(structurePlans, info, () => {
    const node = childFieldNames(selectedFields(info, ["edges", "node"]), info);
    const offers = selectedFields(info, ["edges", "node", "offers"]);
    const offerFields = childFieldNames(offers, info);
    const prefetchOffers = offers.length > 0 && offers.every((f) => !f.arguments?.length);
    const reachedAgain = node.has("parent") || offerFields.has("structure");
    const structureColumns = reachedAgain
      ? null
      : needed(STRUCTURE_FIELD_COLUMNS, node, ["id", "name"]);
    const offerColumns =
      structureColumns && prefetchOffers
        ? needed(OFFER_FIELD_COLUMNS, offerFields, ["id", "structureId", "title"])
        : null;
    return { structureColumns, prefetchOffers, offerColumns };
  });
}

/**
 * Properties of a page of `offers` (the search), or null for every column. Its offers are not
 * handed to any loader, so only their own selection reads them.
 */
export function offerPageColumns(info: GraphQLResolveInfo): string[] | null {
  return cached(offerPlans, info, () =>
    needed(OFFER_FIELD_COLUMNS, childFieldNames(selectedFields(info, ["edges", "node"]), info), [
      "id",
      "structureId",
      "title",
    ]),
  );
}
