import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Directory search: a French accent-insensitive text configuration, search vectors kept by
 * triggers, weekly opening intervals (Europe/Paris wall time) so "open at" is SQL, a distance
 * function, and the columns editing needs (version for optimistic concurrency, archiving).
 */
export class DirectorySearch1764190000000 implements MigrationInterface {
  name = "DirectorySearch1764190000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`CREATE TEXT SEARCH CONFIGURATION fr (COPY = french)`);
    await q.query(
      `ALTER TEXT SEARCH CONFIGURATION fr ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem`,
    );

    await q.query(`ALTER TABLE structure ADD COLUMN version integer NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE structure ADD COLUMN archived_at timestamptz`);
    await q.query(`ALTER TABLE structure ADD COLUMN search_vector tsvector`);
    await q.query(`ALTER TABLE service_offer ADD COLUMN version integer NOT NULL DEFAULT 1`);
    await q.query(`
      ALTER TABLE service_offer ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('fr', title), 'A') || setweight(to_tsvector('fr', coalesce(description, '')), 'C')
      ) STORED`);

    // A structure's document: its names and texts, and the titles and descriptions of its active offers.
    await q.query(`
      CREATE FUNCTION structure_search_document(s structure) RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT setweight(to_tsvector('fr', s.name), 'A')
            || setweight(to_tsvector('fr', coalesce(s.summary, '')), 'B')
            || setweight(to_tsvector('fr', coalesce(s.description, '')), 'D')
            || coalesce((SELECT setweight(to_tsvector('fr', string_agg(o.title, ' ')), 'B')
                          || setweight(to_tsvector('fr', coalesce(string_agg(o.description, ' '), '')), 'D')
                           FROM service_offer o WHERE o.structure_id = s.id AND o.active), ''::tsvector)
      $$`);
    await q.query(`
      CREATE FUNCTION structure_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector := structure_search_document(NEW);
        RETURN NEW;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER structure_search_refresh BEFORE INSERT OR UPDATE ON structure
      FOR EACH ROW EXECUTE FUNCTION structure_search_refresh()`);
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
    await q.query(`UPDATE structure SET search_vector = NULL`);
    await q.query(`CREATE INDEX structure_search_idx ON structure USING gin (search_vector)`);
    await q.query(
      `CREATE INDEX service_offer_search_idx ON service_offer USING gin (search_vector)`,
    );

    // Minutes since Monday 00:00, Europe/Paris wall time; an interval never crosses Sunday midnight.
    await q.query(`
      CREATE TABLE structure_opening_interval (
        structure_id uuid NOT NULL REFERENCES structure(id) ON DELETE CASCADE,
        opens_at smallint NOT NULL CHECK (opens_at BETWEEN 0 AND 10079),
        closes_at smallint NOT NULL CHECK (closes_at BETWEEN 1 AND 10080),
        CHECK (opens_at < closes_at)
      )`);
    await q.query(
      `CREATE INDEX structure_opening_interval_idx ON structure_opening_interval (structure_id, opens_at, closes_at)`,
    );
    await q.query(`
      CREATE FUNCTION paris_minute_of_week(t timestamptz) RETURNS integer LANGUAGE sql STABLE AS $$
        SELECT ((extract(isodow FROM t AT TIME ZONE 'Europe/Paris')::int - 1) * 1440
              + extract(hour FROM t AT TIME ZONE 'Europe/Paris')::int * 60
              + extract(minute FROM t AT TIME ZONE 'Europe/Paris')::int)
      $$`);

    // Great-circle distance in metres (haversine on the mean Earth radius): no extension needed.
    await q.query(`
      CREATE FUNCTION geo_distance_m(lat1 double precision, lon1 double precision,
                                     lat2 double precision, lon2 double precision)
      RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT 2 * 6371008.8 * asin(sqrt(
          power(sin(radians(lat2 - lat1) / 2), 2)
          + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2)))
      $$`);
    await q.query(`CREATE INDEX structure_location_idx ON structure (latitude, longitude)`);
    await q.query(
      `CREATE INDEX structure_active_name_idx ON structure (name, id) WHERE archived_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX structure_active_name_idx`);
    await q.query(`DROP INDEX structure_location_idx`);
    await q.query(`DROP FUNCTION geo_distance_m`);
    await q.query(`DROP FUNCTION paris_minute_of_week`);
    await q.query(`DROP TABLE structure_opening_interval`);
    await q.query(`DROP TRIGGER offer_search_touch ON service_offer`);
    await q.query(`DROP FUNCTION offer_search_touch`);
    await q.query(`DROP TRIGGER structure_search_refresh ON structure`);
    await q.query(`DROP FUNCTION structure_search_refresh`);
    await q.query(`DROP FUNCTION structure_search_document`);
    await q.query(`ALTER TABLE service_offer DROP COLUMN search_vector, DROP COLUMN version`);
    await q.query(
      `ALTER TABLE structure DROP COLUMN search_vector, DROP COLUMN archived_at, DROP COLUMN version`,
    );
    await q.query(`DROP TEXT SEARCH CONFIGURATION fr`);
  }
}
