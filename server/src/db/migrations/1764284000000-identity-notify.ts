import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Every instance keeps the viewers it resolved in memory (see viewer-cache.ts). Whatever changes
 * who a viewer is (a session revoked or deleted, a membership granted, changed or removed, a
 * person's role or name, a token revoked) announces it on `maillage_identity`, with the person's
 * id (sessions, memberships, people) or the token's id, once the change commits; a truncation
 * announces '' ("forget everything"). Done by triggers so that no write path can forget it: the
 * cascades of a deleted structure or person included.
 *
 * Not announced, because no cached viewer can depend on them: new sessions, people and tokens
 * (only viewers that were found are kept, so a new row replaces nothing), and a token's
 * `last_used_at`, written once a minute per token in use. PostgreSQL sends a payload once per
 * transaction, so a statement touching many rows of one person announces that person once.
 */
export class IdentityNotify1764284000000 implements MigrationInterface {
  name = "IdentityNotify1764284000000";

  async up(q: QueryRunner): Promise<void> {
    // TG_ARGV[0]: the column that names whom the row concerns.
    await q.query(`
      CREATE FUNCTION identity_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_LEVEL = 'STATEMENT' THEN
          PERFORM pg_notify('maillage_identity', '');
          RETURN NULL;
        END IF;
        IF TG_OP <> 'INSERT' THEN
          PERFORM pg_notify('maillage_identity', to_jsonb(OLD) ->> TG_ARGV[0]);
        END IF;
        IF TG_OP <> 'DELETE' THEN
          PERFORM pg_notify('maillage_identity', to_jsonb(NEW) ->> TG_ARGV[0]);
        END IF;
        RETURN NULL;
      END
      $$`);
    const triggers: [table: string, column: string, events: string, when?: string][] = [
      ["user_session", "user_id", "UPDATE OR DELETE"],
      ["membership", "user_id", "INSERT OR UPDATE OR DELETE"],
      ["app_user", "id", "UPDATE OR DELETE"],
      ["api_token", "id", "DELETE"],
      [
        "api_token",
        "id",
        "UPDATE",
        `(to_jsonb(OLD) - 'last_used_at') IS DISTINCT FROM (to_jsonb(NEW) - 'last_used_at')`,
      ],
    ];
    for (const [table, column, events, when] of triggers) {
      const name = `${table}_identity_notify${events === "UPDATE" ? "_update" : ""}`;
      await q.query(`
        CREATE TRIGGER ${name} AFTER ${events} ON ${table} FOR EACH ROW
        ${when ? `WHEN (${when})` : ""} EXECUTE FUNCTION identity_notify('${column}')`);
    }
    for (const table of ["user_session", "membership", "app_user", "api_token"]) {
      await q.query(`
        CREATE TRIGGER ${table}_identity_notify_truncate AFTER TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION identity_notify()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ["user_session", "membership", "app_user", "api_token"]) {
      await q.query(`DROP TRIGGER ${table}_identity_notify ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_identity_notify_truncate ON ${table}`);
    }
    await q.query(`DROP TRIGGER api_token_identity_notify_update ON api_token`);
    await q.query(`DROP FUNCTION identity_notify`);
  }
}
