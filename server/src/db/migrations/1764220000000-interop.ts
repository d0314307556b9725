import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Interoperability: what an imported record says that the directory's own columns cannot hold
 * (the producer's update date, its typology codes, who collected it, the parent's name), so that
 * exports give the records back; and uploaded files waiting for their import.
 */
export class Interop1764220000000 implements MigrationInterface {
  name = "Interop1764220000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE structure_interop (
        structure_id uuid PRIMARY KEY REFERENCES structure(id) ON DELETE CASCADE,
        format text NOT NULL,
        source_updated_on date NOT NULL,
        synced_version integer NOT NULL,
        typologies text[] NOT NULL DEFAULT '{}',
        collected_by text,
        parent_name text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE import_upload (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        file_name text,
        size integer NOT NULL CHECK (size >= 0),
        content bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX import_upload_expires_idx ON import_upload (expires_at)`);

    // A structure's search document includes its offers' titles. The row-level trigger recomputed
    // it once per offer written (three times for a structure with three offers imported at once);
    // per statement, with transition tables, it is recomputed once per structure touched. The
    // insert trigger keeps the old name, which bulk loaders disable (bench/directory).
    await q.query(`DROP TRIGGER offer_search_touch ON service_offer`);
    await q.query(`DROP FUNCTION offer_search_touch`);
    await q.query(`
      CREATE FUNCTION offer_search_touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE structure SET search_vector = NULL WHERE id IN (SELECT structure_id FROM new_offers);
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE structure SET search_vector = NULL WHERE id IN (SELECT structure_id FROM old_offers);
        ELSE
          UPDATE structure SET search_vector = NULL
           WHERE id IN (SELECT structure_id FROM old_offers UNION SELECT structure_id FROM new_offers);
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER offer_search_touch AFTER INSERT ON service_offer
      REFERENCING NEW TABLE AS new_offers FOR EACH STATEMENT EXECUTE FUNCTION offer_search_touch()`);
    await q.query(`
      CREATE TRIGGER offer_search_touch_update AFTER UPDATE ON service_offer
      REFERENCING OLD TABLE AS old_offers NEW TABLE AS new_offers
      FOR EACH STATEMENT EXECUTE FUNCTION offer_search_touch()`);
    await q.query(`
      CREATE TRIGGER offer_search_touch_delete AFTER DELETE ON service_offer
      REFERENCING OLD TABLE AS old_offers FOR EACH STATEMENT EXECUTE FUNCTION offer_search_touch()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER offer_search_touch_delete ON service_offer`);
    await q.query(`DROP TRIGGER offer_search_touch_update ON service_offer`);
    await q.query(`DROP TRIGGER offer_search_touch ON service_offer`);
    await q.query(`DROP FUNCTION offer_search_touch`);
    await q.query(`
      CREATE FUNCTION offer_search_touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          UPDATE structure SET search_vector = NULL WHERE id = OLD.structure_id;
        END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.structure_id <> OLD.structure_id) THEN
          UPDATE structure SET search_vector = NULL WHERE id = NEW.structure_id;
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER offer_search_touch AFTER INSERT OR UPDATE OR DELETE ON service_offer
      FOR EACH ROW EXECUTE FUNCTION offer_search_touch()`);
    await q.query(`DROP TABLE import_upload`);
    await q.query(`DROP TABLE structure_interop`);
  }
}
