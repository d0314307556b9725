import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { hydrate, selectColumns } from "../../db/hydrate";
import { type FollowUp, readQuery } from "../../db/read-query";
import { ServiceOffer } from "./offer.entity";

/** The statement behind the loaders: offers of the structures `$1`, by title. */
function offersSql(dataSource: DataSource, includeSuspended: boolean): string {
  // Plain SQL with the entity's columns: TypeORM's query builder costs about a millisecond here,
  // its query runner a tenth of one.
  return `SELECT ${selectColumns(dataSource, ServiceOffer)} FROM service_offer
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
 * The active offers of a page of structures, asked for on the page's own connection as soon as
 * its rows are in (see `readQuery`'s follow-up), and handed to `loader`: the statement travels
 * while the page is hydrated and walked, instead of after. Same statement as the loader's.
 */
export function prefetchOffers(
  dataSource: DataSource,
  loader: DataLoader<string, ServiceOffer[]>,
  structureIds: string[],
): FollowUp {
  return {
    sql: offersSql(dataSource, false),
    parameters: [structureIds],
    use(rows) {
      const grouped = rows.then((r) => byStructure(dataSource, r));
      for (const id of structureIds) {
        const offers = grouped.then((g) => g.get(id) ?? []);
        offers.catch(() => {}); // a failure reaches whoever reads these offers, once
        loader.prime(id, offers as unknown as ServiceOffer[]);
      }
    },
  };
}
