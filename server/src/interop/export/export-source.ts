import { type DataSource, In } from "typeorm";
import { ServiceOffer } from "../../modules/offer/offer.entity";
import { PARIS } from "../../modules/structure/paris-time";
import { Structure } from "../../modules/structure/structure.entity";
import { ServiceCategory } from "../../modules/vocabulary/vocabulary.enums";

/** What imports kept of a record (see migration Interop1764220000000). */
export interface ExportExtras {
  format: string;
  updatedOn: string;
  syncedVersion: number;
  typologies: string[];
  collectedBy: string | null;
  parentName: string | null;
}

export interface ExportRecord {
  structure: Structure;
  extras: ExportExtras | null;
  /** Name of the parent structure in Maillage, if any. */
  parentName: string | null;
  /** Active offers, in the order of the needs' vocabulary. */
  offers: ServiceOffer[];
}

const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: PARIS, dateStyle: "short" });

/** The Paris calendar day of an instant, YYYY-MM-DD. */
export const parisDay = (instant: Date) => dayFormat.format(instant);

/**
 * The date a record was last updated: the producer's date while the structure has not changed
 * since it was imported, else the day of its last change in Maillage.
 */
export function updatedOn(record: ExportRecord): string {
  const { extras, structure } = record;
  return extras && extras.syncedVersion === structure.version
    ? extras.updatedOn
    : parisDay(structure.updatedAt);
}

const CATEGORY_ORDER = Object.values(ServiceCategory);

/**
 * The directory's live structures (archived ones excluded) by name, a batch at a time, each
 * batch in three statements: exports stream whatever the directory's size.
 */
export async function* exportRecords(
  dataSource: DataSource,
  batchSize = 500,
): AsyncGenerator<ExportRecord[]> {
  let after: { name: string; id: string } | null = null;
  for (;;) {
    const query = dataSource
      .getRepository(Structure)
      .createQueryBuilder("s")
      .where("s.archived_at IS NULL")
      .orderBy("s.name", "ASC")
      .addOrderBy("s.id", "ASC")
      .limit(batchSize);
    if (after) query.andWhere("(s.name, s.id) > (:name, :id)", after);
    const structures = await query.getMany();
    if (structures.length === 0) return;
    const ids = structures.map((s) => s.id);
    const extras: (ExportExtras & { structureId: string })[] = await dataSource.query(
      `SELECT structure_id AS "structureId", format, to_char(source_updated_on, 'YYYY-MM-DD') AS "updatedOn",
              synced_version AS "syncedVersion", typologies, collected_by AS "collectedBy", parent_name AS "parentName"
         FROM structure_interop WHERE structure_id = ANY($1::uuid[])`,
      [ids],
    );
    const parentIds = [
      ...new Set(structures.map((s) => s.parentId).filter((id): id is string => !!id)),
    ];
    const parents: { id: string; name: string }[] =
      parentIds.length > 0
        ? await dataSource.query(`SELECT id, name FROM structure WHERE id = ANY($1::uuid[])`, [
            parentIds,
          ])
        : [];
    const offers = await dataSource.getRepository(ServiceOffer).find({
      where: { structureId: In(ids), active: true },
      order: { createdAt: "ASC", id: "ASC" },
    });
    const extrasById = new Map(extras.map((e) => [e.structureId, e]));
    const parentById = new Map(parents.map((p) => [p.id, p.name]));
    const offersById = new Map<string, ServiceOffer[]>();
    for (const offer of offers) {
      offersById.set(offer.structureId, [...(offersById.get(offer.structureId) ?? []), offer]);
    }
    yield structures.map((structure) => ({
      structure,
      extras: extrasById.get(structure.id) ?? null,
      parentName: structure.parentId ? (parentById.get(structure.parentId) ?? null) : null,
      offers: (offersById.get(structure.id) ?? []).sort(
        (a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category),
      ),
    }));
    const last = structures[structures.length - 1];
    after = { name: last.name, id: last.id };
  }
}
