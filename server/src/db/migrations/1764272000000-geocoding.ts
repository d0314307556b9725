import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Geocoding: the answers of the geocoder by normalised address (a second import asks nothing),
 * and on each structure whether its location is to be checked, with the score, the address
 * found and its commune's INSEE code when an import located it.
 */
export class Geocoding1764272000000 implements MigrationInterface {
  name = "Geocoding1764272000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE geocode_cache (
        address_key text PRIMARY KEY,
        latitude double precision,
        longitude double precision,
        score double precision,
        label text,
        citycode text,
        geocoded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT geocode_cache_point_check
          CHECK ((latitude IS NULL) = (longitude IS NULL) AND (latitude IS NULL) = (score IS NULL))
      )`);
    await q.query(`
      ALTER TABLE structure
        ADD COLUMN location_to_check boolean NOT NULL DEFAULT false,
        ADD COLUMN geocode_score double precision CHECK (geocode_score BETWEEN 0 AND 1),
        ADD COLUMN geocode_label text,
        ADD COLUMN geocode_citycode text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE structure
        DROP COLUMN geocode_citycode, DROP COLUMN geocode_label,
        DROP COLUMN geocode_score, DROP COLUMN location_to_check`);
    await q.query(`DROP TABLE geocode_cache`);
  }
}
