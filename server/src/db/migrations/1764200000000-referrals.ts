import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Referrals of residents between structures, with their append-only history. The resident's
 * data lives in `resident_*` columns that the retention job (or an erasure request) clears.
 */
export class Referrals1764200000000 implements MigrationInterface {
  name = "Referrals1764200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referral (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        status text NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED', 'EXPIRED', 'COMPLETED', 'NO_SHOW')),
        version integer NOT NULL DEFAULT 1,
        need text NOT NULL,
        sender_structure_id uuid NOT NULL REFERENCES structure(id),
        sender_user_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        receiver_structure_id uuid NOT NULL REFERENCES structure(id),
        receiver_offer_id uuid REFERENCES service_offer(id) ON DELETE SET NULL,
        resident_first_name text CHECK (length(resident_first_name) <= 100),
        resident_last_name text CHECK (length(resident_last_name) <= 100),
        resident_contact_channel text CHECK (resident_contact_channel IN ('PHONE', 'EMAIL')),
        resident_contact_value text CHECK (length(resident_contact_value) <= 254),
        resident_district_code text REFERENCES district(code) ON UPDATE CASCADE ON DELETE SET NULL,
        resident_languages text[] NOT NULL DEFAULT '{}',
        resident_accessibility_needs text[] NOT NULL DEFAULT '{}',
        situation text CHECK (length(situation) <= 1000),
        consent_given_at timestamptz NOT NULL,
        consent_wording_version text NOT NULL,
        consent_recorded_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        decline_reason text CHECK (decline_reason IN ('NO_CAPACITY', 'NOT_THE_RIGHT_SERVICE', 'RESIDENT_UNREACHABLE', 'OTHER')),
        decline_comment text CHECK (length(decline_comment) <= 1000),
        outcome text CHECK (outcome IN ('NEED_MET', 'PARTIALLY_MET', 'NOT_MET', 'REFERRED_ELSEWHERE')),
        outcome_comment text CHECK (length(outcome_comment) <= 1000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        answered_at timestamptz,
        closed_at timestamptz,
        expires_at timestamptz NOT NULL,
        reminder_due_at timestamptz NOT NULL,
        reminder_flagged_at timestamptz,
        anonymised_at timestamptz,
        CHECK (sender_structure_id <> receiver_structure_id),
        CHECK (anonymised_at IS NOT NULL OR (resident_first_name IS NOT NULL AND resident_contact_channel IS NOT NULL
                                            AND resident_contact_value IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX referral_receiver_idx ON referral (receiver_structure_id, created_at DESC)`,
    );
    await q.query(
      `CREATE INDEX referral_sender_idx ON referral (sender_structure_id, created_at DESC)`,
    );
    await q.query(
      `CREATE INDEX referral_pending_idx ON referral (expires_at) WHERE status = 'PENDING'`,
    );
    await q.query(
      `CREATE INDEX referral_retention_idx ON referral (closed_at) WHERE anonymised_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE referral_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        referral_id uuid NOT NULL REFERENCES referral(id),
        type text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        actor_type text NOT NULL CHECK (actor_type IN ('user', 'token', 'anonymous', 'system')),
        actor_id uuid,
        at timestamptz NOT NULL DEFAULT now(),
        sender_structure_id uuid NOT NULL,
        receiver_structure_id uuid NOT NULL
      )`);
    await q.query(`CREATE INDEX referral_event_referral_idx ON referral_event (referral_id, id)`);
    await q.query(
      `CREATE INDEX referral_event_sender_idx ON referral_event (sender_structure_id, id)`,
    );
    await q.query(
      `CREATE INDEX referral_event_receiver_idx ON referral_event (receiver_structure_id, id)`,
    );
    await q.query(`
      CREATE FUNCTION referral_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'referral_event is append-only: % refused', TG_OP;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER referral_event_no_change BEFORE UPDATE OR DELETE ON referral_event
      FOR EACH ROW EXECUTE FUNCTION referral_event_append_only()`);
    await q.query(`
      CREATE TRIGGER referral_event_no_truncate BEFORE TRUNCATE ON referral_event
      FOR EACH STATEMENT EXECUTE FUNCTION referral_event_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referral_event`);
    await q.query(`DROP FUNCTION referral_event_append_only`);
    await q.query(`DROP TABLE referral`);
  }
}
