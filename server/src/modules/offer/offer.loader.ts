import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { hydrate, selectColumns } from "../../db/hydrate";
import { type FollowUp, readQuery } from "../../db/read-query";
import { ServiceOffer } from "./offer.entity";

/** The statement behind the loaders: offers of the structures `$1`, by title. */
function offersSql(
  dataSource: DataSource,
  includeSuspended: boolean,
  columns?: readonly string[],
): string {
  // Plain SQL with the entity's columns: TypeORM's query builder costs about a millisecond here,
  // its query runner a tenth of one.
  return `SELECT ${selectColumns(dataSource, ServiceOffer, undefined, columns)} FROM service_offer
           WHERE structure_id = ANY($1::uuid[]) ${includeSuspended ? "" : "AND active"}
           ORDER BY title, id`;
}

function byStructure(dataSource: DataSource, rows: Record<string, unknown>[]) {
  const grouped = new Map<string, ServiceOffer[]>();
  for (const offer of hydrate(dataSource, ServiceOffer, rows)) {
    const list = grouped.get(offer.structureId);
    if (list) list.push(offer);
    else grouped.set(offer.structureId, [offer]);
  }
  return grouped;
}

/**
 * Offers of each structure, ordered by title, one statement per batch: the active ones, or all
 * of them (suspended included) for the people who edit the structure.
 */
export function createOffersByStructureLoader(dataSource: DataSource, includeSuspended = false) {
  const sql = offersSql(dataSource, includeSuspended);
  return new DataLoader<string, ServiceOffer[]>(async (structureIds) => {
    const grouped = byStructure(dataSource, await readQuery(dataSource, sql, [structureIds]));
    return structureIds.map((id) => grouped.get(id) ?? []);
  });
}

/**
 * Offers prefetched with some columns only, for the page's structures alone (never in a loader
 * other fields share): see `StructurePagePlan` (directory-columns.ts).
 */
const prefetched = new WeakMap<object, Promise<ServiceOffer[]>>();

/** The active offers prefetched for `structure` with its page, if they were kept apart. */
export function prefetchedOffers(structure: object): Promise<ServiceOffer[]> | undefined {
  return prefetched.get(structure);
}

/**
 * The active offers of a page of structures, asked for on the page's own connection as soon as
 * its rows are in (see `readQuery`'s follow-up): the statement travels while the page is
 * hydrated and walked, instead of after. Same statement as the loader's; with every column they
 * are handed to `loader`, with `columns` only they are kept for the page's structures, which
 * `keep` later receives (`prefetchedOffers`).
 */
export function prefetchOffers(
  dataSource: DataSource,
  loader: DataLoader<string, ServiceOffer[]>,
  structureIds: string[],
  columns?: readonly string[],
): FollowUp & { keep(structures: { id: string }[]): void } {
  const byId = new Map<string, Promise<ServiceOffer[]>>();
  return {
    sql: offersSql(dataSource, false, columns),
    parameters: [structureIds],
    use(rows) {
      const grouped = rows.then((r) => byStructure(dataSource, r));
      for (const id of structureIds) {
        const offers = grouped.then((g) => g.get(id) ?? []);
        offers.catch(() => {}); // a failure reaches whoever reads these offers, once
        if (columns) byId.set(id, offers);
        else loader.prime(id, offers as unknown as ServiceOffer[]);
      }
    },
    keep(structures) {
      for (const s of structures) {
        const offers = byId.get(s.id);
        if (offers) prefetched.set(s, offers);
      }
    },
  };
}
