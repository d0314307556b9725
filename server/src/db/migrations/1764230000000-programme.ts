import type { MigrationInterface, QueryRunner } from "typeorm";

const RESIDENT_COLUMNS = `
  resident_first_name text CHECK (length(resident_first_name) <= 100),
  resident_last_name text CHECK (length(resident_last_name) <= 100),
  resident_contact_channel text CHECK (resident_contact_channel IN ('PHONE', 'EMAIL')),
  resident_contact_value text CHECK (length(resident_contact_value) <= 254),
  resident_languages text[] NOT NULL DEFAULT '{}',
  resident_accessibility_needs text[] NOT NULL DEFAULT '{}',
  consent_given_at timestamptz NOT NULL,
  consent_wording_version text NOT NULL,
  consent_recorded_by uuid REFERENCES app_user(id) ON DELETE SET NULL`;

/**
 * The programme: households (no personal data), device waves and devices, allocations of a device
 * to a household (resident data cleared by retention, the charter rule as CHECKs), Pass numérique
 * booklets and tickets (redeemed once), and the yearly households target.
 */
export class Programme1764230000000 implements MigrationInterface {
  name = "Programme1764230000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE household (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE CHECK (reference ~ '^F-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$'),
        district_code text REFERENCES district(code) ON UPDATE CASCADE ON DELETE SET NULL,
        created_by_structure_id uuid REFERENCES structure(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE referral ADD COLUMN household_id uuid REFERENCES household(id)`);
    await q.query(
      `CREATE INDEX referral_household_idx ON referral (household_id) WHERE household_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX referral_completed_idx ON referral (closed_at) WHERE status = 'COMPLETED'`,
    );

    await q.query(`
      CREATE TABLE device_wave (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
        school_network text CHECK (length(school_network) <= 200),
        start_month date NOT NULL CHECK (extract(day FROM start_month) = 1),
        planned_count integer NOT NULL CHECK (planned_count BETWEEN 1 AND 100000),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE device_wave_district (
        wave_id uuid NOT NULL REFERENCES device_wave(id) ON DELETE CASCADE,
        district_code text NOT NULL REFERENCES district(code) ON UPDATE CASCADE,
        planned_count integer CHECK (planned_count >= 0),
        PRIMARY KEY (wave_id, district_code)
      )`);
    await q.query(`
      CREATE TABLE device (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        inventory_id text NOT NULL UNIQUE CHECK (length(inventory_id) BETWEEN 1 AND 60),
        kind text NOT NULL CHECK (kind IN ('LAPTOP', 'DESKTOP', 'TABLET', 'SMARTPHONE', 'OTHER')),
        origin text NOT NULL CHECK (length(origin) BETWEEN 1 AND 200),
        status text NOT NULL DEFAULT 'IN_STOCK'
          CHECK (status IN ('IN_STOCK', 'ALLOCATED', 'DELIVERED', 'RETURNED', 'RETIRED')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX device_status_idx ON device (status, inventory_id)`);

    await q.query(`
      CREATE TABLE allocation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        status text NOT NULL CHECK (status IN ('PLANNED', 'DELIVERED', 'RETURNED', 'CANCELLED')),
        version integer NOT NULL DEFAULT 1,
        device_id uuid NOT NULL REFERENCES device(id),
        wave_id uuid NOT NULL REFERENCES device_wave(id),
        household_id uuid NOT NULL REFERENCES household(id),
        accompanying_structure_id uuid NOT NULL REFERENCES structure(id),
        created_by_user_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        district_code text REFERENCES district(code) ON UPDATE CASCADE ON DELETE SET NULL,
        school_name text CHECK (length(school_name) <= 200),
        school_network text NOT NULL CHECK (school_network IN ('REP', 'REP_PLUS', 'NONE')),
        ${RESIDENT_COLUMNS},
        charter_signed_on date,
        charter_family_signatory text CHECK (length(charter_family_signatory) <= 200),
        charter_city_signatory text CHECK (length(charter_city_signatory) <= 200),
        charter_association_signatory text CHECK (length(charter_association_signatory) <= 200),
        charter_recorded_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        charter_recorded_at timestamptz,
        delivered_on date,
        returned_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        anonymised_at timestamptz,
        -- The charter rule, here too: no delivery without a charter signed on or before that day.
        CHECK (delivered_on IS NULL OR (charter_signed_on IS NOT NULL AND delivered_on >= charter_signed_on)),
        CHECK ((status IN ('DELIVERED', 'RETURNED')) = (delivered_on IS NOT NULL)),
        CHECK ((status = 'RETURNED') = (returned_on IS NOT NULL)),
        CHECK (returned_on IS NULL OR returned_on >= delivered_on),
        CHECK ((status IN ('RETURNED', 'CANCELLED')) = (closed_at IS NOT NULL)),
        CHECK (charter_signed_on IS NULL OR (charter_city_signatory IS NOT NULL
               AND charter_association_signatory IS NOT NULL
               AND (charter_family_signatory IS NOT NULL OR anonymised_at IS NOT NULL))),
        CHECK (anonymised_at IS NOT NULL OR (resident_first_name IS NOT NULL AND resident_contact_channel IS NOT NULL
                                            AND resident_contact_value IS NOT NULL))
      )`);
    // One open allocation per device, whatever the application does.
    await q.query(
      `CREATE UNIQUE INDEX allocation_open_device_idx ON allocation (device_id) WHERE status IN ('PLANNED', 'DELIVERED')`,
    );
    await q.query(
      `CREATE INDEX allocation_structure_idx ON allocation (accompanying_structure_id, created_at DESC)`,
    );
    await q.query(`CREATE INDEX allocation_wave_idx ON allocation (wave_id, status)`);
    await q.query(
      `CREATE INDEX allocation_delivered_idx ON allocation (delivered_on) WHERE delivered_on IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX allocation_retention_idx ON allocation (closed_at) WHERE anonymised_at IS NULL`,
    );

    await q.query(`CREATE SEQUENCE pass_booklet_number_seq`);
    await q.query(`
      CREATE TABLE pass_booklet (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        issuer_structure_id uuid NOT NULL REFERENCES structure(id),
        household_id uuid REFERENCES household(id),
        referral_id uuid REFERENCES referral(id),
        ticket_count integer NOT NULL CHECK (ticket_count BETWEEN 1 AND 50),
        ticket_value_cents integer NOT NULL CHECK (ticket_value_cents BETWEEN 1 AND 10000),
        issued_on date NOT NULL,
        issued_by_user_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (household_id IS NOT NULL OR referral_id IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX pass_booklet_issuer_idx ON pass_booklet (issuer_structure_id, created_at DESC)`,
    );
    await q.query(`CREATE INDEX pass_booklet_issued_idx ON pass_booklet (issued_on)`);
    await q.query(`
      CREATE TABLE pass_ticket (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        booklet_id uuid NOT NULL REFERENCES pass_booklet(id),
        position integer NOT NULL CHECK (position >= 1),
        code text NOT NULL UNIQUE,
        value_cents integer NOT NULL CHECK (value_cents > 0),
        redeemed_at timestamptz,
        redeemed_structure_id uuid REFERENCES structure(id),
        UNIQUE (booklet_id, position),
        CHECK ((redeemed_at IS NULL) = (redeemed_structure_id IS NULL))
      )`);
    await q.query(
      `CREATE INDEX pass_ticket_redeemed_idx ON pass_ticket (redeemed_at) WHERE redeemed_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX pass_ticket_redeemer_idx ON pass_ticket (redeemed_structure_id) WHERE redeemed_structure_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE programme_target (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        households_target integer NOT NULL CHECK (households_target BETWEEN 1 AND 1000000),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      "programme_target",
      "pass_ticket",
      "pass_booklet",
      "allocation",
      "device",
      "device_wave_district",
      "device_wave",
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP SEQUENCE pass_booklet_number_seq`);
    await q.query(`DROP INDEX referral_completed_idx`);
    await q.query(`ALTER TABLE referral DROP COLUMN household_id`);
    await q.query(`DROP TABLE household`);
  }
}
