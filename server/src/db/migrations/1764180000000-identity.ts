import type { MigrationInterface, QueryRunner } from "typeorm";

/** People, roles, sessions, login throttling, API tokens, invitations and the audit trail. */
export class Identity1764180000000 implements MigrationInterface {
  name = "Identity1764180000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email ~ '^[^@\\s]+@[^@\\s]+$' AND length(email) <= 254),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
        password_hash text NOT NULL,
        global_role text CHECK (global_role IN ('ADMIN', 'COORDINATOR')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email))`);
    await q.query(`
      CREATE TABLE membership (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        structure_id uuid NOT NULL REFERENCES structure(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('MANAGER', 'STAFF')),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (user_id, structure_id)
      )`);
    await q.query(`CREATE INDEX membership_structure_idx ON membership (structure_id)`);
    await q.query(`
      CREATE TABLE user_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX user_session_user_idx ON user_session (user_id)`);
    await q.query(`
      CREATE TABLE login_attempt (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email_key text NOT NULL,
        ip text NOT NULL,
        succeeded boolean NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_attempt_email_idx ON login_attempt (email_key, at)`);
    await q.query(`CREATE INDEX login_attempt_ip_idx ON login_attempt (ip, at)`);
    await q.query(`
      CREATE TABLE api_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        structure_id uuid NOT NULL REFERENCES structure(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        token_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX api_token_structure_idx ON api_token (structure_id)`);
    await q.query(`
      CREATE TABLE invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        email text NOT NULL,
        global_role text CHECK (global_role IN ('ADMIN', 'COORDINATOR')),
        structure_id uuid REFERENCES structure(id) ON DELETE CASCADE,
        membership_role text CHECK (membership_role IN ('MANAGER', 'STAFF')),
        invited_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_user_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        CHECK ((global_role IS NOT NULL) OR (structure_id IS NOT NULL AND membership_role IS NOT NULL)),
        CHECK ((structure_id IS NULL) = (membership_role IS NULL))
      )`);
    await q.query(`
      CREATE TABLE audit_entry (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_type text NOT NULL CHECK (actor_type IN ('user', 'token', 'anonymous', 'system')),
        actor_id uuid,
        action text NOT NULL,
        subject_type text,
        subject_id text,
        structure_id uuid,
        ip text,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_entry_subject_idx ON audit_entry (subject_type, subject_id)`);
    await q.query(`CREATE INDEX audit_entry_actor_idx ON audit_entry (actor_id)`);
    // The trail is append-only at the database level, whatever the application does.
    await q.query(`
      CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry
      FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_entry`);
    await q.query(`DROP FUNCTION audit_entry_append_only`);
    for (const t of [
      "invitation",
      "api_token",
      "login_attempt",
      "user_session",
      "membership",
      "app_user",
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
