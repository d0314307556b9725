import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A Pass numérique booklet can be voided (lost, stolen, issued by mistake): when, why and by
 * whom. Its tickets not redeemed yet can no longer be redeemed; the three columns go together.
 */
export class PassBookletVoid1764268000000 implements MigrationInterface {
  name = "PassBookletVoid1764268000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE pass_booklet
        ADD COLUMN voided_at timestamptz,
        ADD COLUMN void_reason text CHECK (char_length(void_reason) BETWEEN 3 AND 500),
        ADD COLUMN voided_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        ADD CONSTRAINT pass_booklet_void_check
          CHECK ((voided_at IS NULL) = (void_reason IS NULL) AND (voided_at IS NOT NULL OR voided_by IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE pass_booklet DROP CONSTRAINT pass_booklet_void_check, DROP COLUMN voided_by, DROP COLUMN void_reason, DROP COLUMN voided_at`,
    );
  }
}
