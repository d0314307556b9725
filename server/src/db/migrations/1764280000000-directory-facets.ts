import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Indexes for the directory's national searches (issue 18). `programmes &&` was a sequential scan
 * of `structure`; the needs of a structure's active offers were an `EXISTS` over the need's offers
 * nationwide. A structure now also keeps the needs of its active offers (`offer_categories`,
 * computed by the trigger that already computes its search document, which the offers' triggers
 * wake on every offer write), and one GIN index over both arrays, for the structures not archived,
 * answers "need + programme" in one index scan; `suggestStructures` uses it to skip the
 * structures without an offer for the need.
 */
export class DirectoryFacets1764280000000 implements MigrationInterface {
  name = "DirectoryFacets1764280000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE structure ADD COLUMN offer_categories text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE OR REPLACE FUNCTION structure_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector := structure_search_document(NEW);
        NEW.offer_categories := coalesce(
          (SELECT array_agg(DISTINCT o.category ORDER BY o.category)
             FROM service_offer o WHERE o.structure_id = NEW.id AND o.active), '{}');
        RETURN NEW;
      END
      $$`);
    // The search documents are up to date: fill the new column alone.
    await q.query(`ALTER TABLE structure DISABLE TRIGGER structure_search_refresh`);
    await q.query(`
      UPDATE structure s SET offer_categories = c.categories
        FROM (SELECT structure_id, array_agg(DISTINCT category ORDER BY category) AS categories
                FROM service_offer WHERE active GROUP BY structure_id) c
       WHERE c.structure_id = s.id`);
    await q.query(`ALTER TABLE structure ENABLE TRIGGER structure_search_refresh`);
    // One GIN index over both arrays: a query on either, or both (one index scan), uses it.
    await q.query(
      `CREATE INDEX structure_facets_idx ON structure USING gin (programmes, offer_categories) WHERE archived_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX structure_facets_idx`);
    await q.query(`
      CREATE OR REPLACE FUNCTION structure_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector := structure_search_document(NEW);
        RETURN NEW;
      END
      $$`);
    await q.query(`ALTER TABLE structure DROP COLUMN offer_categories`);
  }
}
