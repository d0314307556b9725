import type { MigrationInterface, QueryRunner } from "typeorm";

/** The tables the shared directory results are computed from (graphql/shared-results/). */
const DIRECTORY_TABLES = ["structure", "service_offer", "district", "structure_opening_interval"];

/**
 * Every write to a directory table tells the processes listening on `maillage_directory`, once
 * per statement (an import of 10,000 rows sends one notification per batch statement, not one per
 * row), with the table's name as payload. PostgreSQL delivers it after the commit and merges
 * identical notifications of one transaction. The processes then stop serving the results they
 * shared from before (see graphql/shared-results/directory-generation.ts).
 */
export class DirectoryNotify1764288000000 implements MigrationInterface {
  name = "DirectoryNotify1764288000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION directory_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('maillage_directory', TG_TABLE_NAME);
        RETURN NULL;
      END
      $$`);
    for (const table of DIRECTORY_TABLES) {
      await q.query(`
        CREATE TRIGGER ${table}_directory_changed
          AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION directory_changed()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of DIRECTORY_TABLES) {
      await q.query(`DROP TRIGGER ${table}_directory_changed ON ${table}`);
    }
    await q.query(`DROP FUNCTION directory_changed()`);
  }
}
