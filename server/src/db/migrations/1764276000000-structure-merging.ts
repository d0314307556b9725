import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Merging duplicates. A structure keeps every record id it was imported from (`structure_source`,
 * backfilled from `structure.source_ref`, with a hash of what the record said last time); imports compare names and addresses by trigrams
 * (`pg_trgm`, on an accent- and case-insensitive form); doubtful pairs wait for a coordinator in
 * `possible_duplicate`; a structure merged into another is archived and points to it.
 */
export class StructureMerging1764276000000 implements MigrationInterface {
  name = "StructureMerging1764276000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // unaccent() is STABLE (its dictionary could change); fixed to ours it can back an index.
    await q.query(`
      CREATE FUNCTION match_text(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
        SELECT btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, value)),
                                    '[^a-z0-9]+', ' ', 'g'))
      $$`);
    // Stored: computed once per write, not for every candidate an import compares.
    await q.query(
      `ALTER TABLE structure ADD COLUMN match_name text GENERATED ALWAYS AS (match_text(name)) STORED`,
    );
    await q.query(`
      CREATE INDEX structure_match_name_idx ON structure USING gin (match_name gin_trgm_ops)
      WHERE archived_at IS NULL`);
    // A located record is compared with the structures around it, and with those of its postal
    // code without a location (a trigram index scan costs more than comparing them all).
    await q.query(`
      CREATE INDEX structure_match_unlocated_idx ON structure (postal_code)
      WHERE archived_at IS NULL AND latitude IS NULL`);

    await q.query(`
      CREATE TABLE structure_source (
        source text NOT NULL,
        source_ref text NOT NULL,
        structure_id uuid NOT NULL REFERENCES structure(id) ON DELETE CASCADE,
        first_imported_at timestamptz NOT NULL DEFAULT now(),
        last_imported_at timestamptz NOT NULL DEFAULT now(),
        record_hash text,
        PRIMARY KEY (source, source_ref)
      )`);
    await q.query(`CREATE INDEX structure_source_structure_idx ON structure_source (structure_id)`);
    await q.query(`
      INSERT INTO structure_source (source, source_ref, structure_id, first_imported_at, last_imported_at)
      SELECT source, source_ref, id, created_at, updated_at FROM structure WHERE source_ref IS NOT NULL`);

    await q.query(`
      ALTER TABLE structure ADD COLUMN merged_into_id uuid REFERENCES structure(id) ON DELETE SET NULL`);

    // One row per pair, the smaller id first, whatever the order the import met them in.
    await q.query(`
      CREATE TABLE possible_duplicate (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        first_id uuid NOT NULL REFERENCES structure(id) ON DELETE CASCADE,
        second_id uuid NOT NULL REFERENCES structure(id) ON DELETE CASCADE,
        score real NOT NULL CHECK (score BETWEEN 0 AND 1),
        reasons text[] NOT NULL DEFAULT '{}',
        source text,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'MERGED', 'DISMISSED')),
        detected_at timestamptz NOT NULL DEFAULT now(),
        decided_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        decided_at timestamptz,
        CHECK (first_id < second_id),
        CHECK ((status = 'OPEN') = (decided_at IS NULL)),
        UNIQUE (first_id, second_id)
      )`);
    await q.query(
      `CREATE INDEX possible_duplicate_open_idx ON possible_duplicate (detected_at) WHERE status = 'OPEN'`,
    );
    await q.query(`CREATE INDEX possible_duplicate_second_idx ON possible_duplicate (second_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE possible_duplicate`);
    await q.query(`ALTER TABLE structure DROP COLUMN merged_into_id`);
    await q.query(`DROP TABLE structure_source`);
    await q.query(`DROP INDEX structure_match_unlocated_idx`);
    await q.query(`DROP INDEX structure_match_name_idx`);
    await q.query(`ALTER TABLE structure DROP COLUMN match_name`);
    await q.query(`DROP FUNCTION match_text`);
  }
}
