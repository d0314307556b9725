import type { MigrationInterface, QueryRunner } from "typeorm";

/** A pending invitation can be revoked (its link then opens nothing) and is listed by state. */
export class InvitationRevocation1764264000000 implements MigrationInterface {
  name = "InvitationRevocation1764264000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE invitation
        ADD COLUMN revoked_at timestamptz,
        ADD COLUMN revoked_by uuid`);
    await q.query(`
      CREATE INDEX invitation_pending_idx ON invitation (structure_id, created_at DESC)
        WHERE accepted_at IS NULL AND revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX invitation_pending_idx`);
    await q.query(`ALTER TABLE invitation DROP COLUMN revoked_at, DROP COLUMN revoked_by`);
  }
}
