import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Idempotency keys of create mutations: per account (user or API token) and operation, the key a
 * client sent and the row its first request created, kept 24 h. The primary key makes two
 * concurrent requests with one key create one row: the second waits for the first to commit.
 */
export class Idempotency1764240000000 implements MigrationInterface {
  name = "Idempotency1764240000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_key (
        actor text NOT NULL,
        operation text NOT NULL,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
        fingerprint text NOT NULL,
        result_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor, operation, key)
      )`);
    await q.query(`CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key`);
  }
}
