import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Sign-in with ProConnect (OpenID Connect): how each session was opened (and, for ProConnect,
 * its `acr`/`amr` and the ID token for the logout hint), the login attempts in flight (state,
 * PKCE verifier, nonce: one-time, 10 minutes), the last SIRET the provider gave for a person,
 * and structures whose members must sign in with ProConnect.
 */
export class Oidc1764260000000 implements MigrationInterface {
  name = "Oidc1764260000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE user_session
        ADD COLUMN auth_method text NOT NULL DEFAULT 'password'
          CHECK (auth_method IN ('password', 'oidc')),
        ADD COLUMN acr text,
        ADD COLUMN amr text[],
        ADD COLUMN id_token text`);
    await q.query(`
      CREATE TABLE oidc_login (
        state text PRIMARY KEY,
        code_verifier text NOT NULL,
        nonce text NOT NULL,
        return_to text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE app_user ADD COLUMN siret text`);
    await q.query(`ALTER TABLE structure ADD COLUMN require_oidc boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE structure DROP COLUMN require_oidc`);
    await q.query(`ALTER TABLE app_user DROP COLUMN siret`);
    await q.query(`DROP TABLE oidc_login`);
    await q.query(
      `ALTER TABLE user_session DROP COLUMN auth_method, DROP COLUMN acr, DROP COLUMN amr, DROP COLUMN id_token`,
    );
  }
}
