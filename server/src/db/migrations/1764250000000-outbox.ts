import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * E-mail: the transactional outbox (a message is written in the transaction of the change that
 * causes it and sent afterwards by any instance), one-time password reset tokens, each person's
 * notification choice and language, and a structure's shared notification address.
 */
export class Outbox1764250000000 implements MigrationInterface {
  name = "Outbox1764250000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        kind text NOT NULL,
        recipient text NOT NULL,
        user_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        locale text NOT NULL DEFAULT 'fr',
        -- The facts the message is written from (never a resident's data); rendered when sent.
        payload jsonb NOT NULL,
        state text NOT NULL DEFAULT 'PENDING'
          CHECK (state IN ('PENDING', 'SENT', 'FAILED', 'DIGEST', 'DIGESTED')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        dedupe_key text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE state = 'PENDING'`,
    );
    await q.query(`CREATE INDEX outbox_digest_idx ON outbox (recipient) WHERE state = 'DIGEST'`);
    await q.query(`CREATE INDEX outbox_state_idx ON outbox (state, created_at)`);
    await q.query(`
      CREATE TABLE password_reset (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX password_reset_user_idx ON password_reset (user_id, created_at)`);
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN notification_mode text NOT NULL DEFAULT 'EACH_EVENT'
          CHECK (notification_mode IN ('EACH_EVENT', 'DAILY_DIGEST', 'NONE')),
        ADD COLUMN locale text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en'))`);
    await q.query(`ALTER TABLE structure ADD COLUMN notification_email text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE structure DROP COLUMN notification_email`);
    await q.query(`ALTER TABLE app_user DROP COLUMN notification_mode, DROP COLUMN locale`);
    await q.query(`DROP TABLE password_reset`);
    await q.query(`DROP TABLE outbox`);
  }
}
