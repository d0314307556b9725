import type { MigrationInterface, QueryRunner } from "typeorm";

/** Districts, structures and their service offers. */
export class Directory1764165600000 implements MigrationInterface {
  name = "Directory1764165600000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE district (
        code text PRIMARY KEY CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name text NOT NULL,
        city text NOT NULL,
        geometry jsonb NOT NULL,
        priority_neighbourhoods text[] NOT NULL DEFAULT '{}',
        qpv boolean NOT NULL DEFAULT false,
        rep boolean NOT NULL DEFAULT false,
        rep_plus boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE structure (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL,
        pivot text NOT NULL CHECK (pivot ~ '^[a-zA-Z0-9]{9,14}$'),
        street text,
        address_complement text,
        postal_code text CHECK (postal_code ~ '^\\d{5}$'),
        city text,
        insee_code text,
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        district_code text REFERENCES district(code) ON UPDATE CASCADE ON DELETE SET NULL,
        district_overridden boolean NOT NULL DEFAULT false,
        phone text,
        emails text[] NOT NULL DEFAULT '{}',
        websites text[] NOT NULL DEFAULT '{}',
        opening_hours text,
        summary text CHECK (length(summary) <= 280),
        description text,
        programmes text[] NOT NULL DEFAULT '{}',
        labels text[] NOT NULL DEFAULT '{}',
        other_labels text,
        pass_numerique boolean NOT NULL DEFAULT false,
        specific_supports text[] NOT NULL DEFAULT '{}',
        mobility text[] NOT NULL DEFAULT '{}',
        accessibility_url text,
        appointment_url text,
        parent_id uuid REFERENCES structure(id) ON DELETE SET NULL,
        source text NOT NULL DEFAULT 'manual',
        source_ref text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((latitude IS NULL) = (longitude IS NULL))
      )`);
    await q.query(`CREATE INDEX structure_district_idx ON structure (district_code)`);
    await q.query(`CREATE INDEX structure_pivot_idx ON structure (pivot)`);
    await q.query(`CREATE INDEX structure_name_idx ON structure (name, id)`);
    await q.query(`CREATE INDEX structure_parent_idx ON structure (parent_id)`);
    await q.query(
      `CREATE UNIQUE INDEX structure_source_ref_key ON structure (source, source_ref) WHERE source_ref IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE service_offer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        structure_id uuid NOT NULL REFERENCES structure(id) ON DELETE CASCADE,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        description text,
        category text NOT NULL,
        publics text[] NOT NULL DEFAULT '{}',
        support_modes text[] NOT NULL DEFAULT '{}',
        access_modes text[] NOT NULL DEFAULT '{}',
        fees text[] NOT NULL DEFAULT '{}',
        capacity_per_week integer CHECK (capacity_per_week > 0),
        active boolean NOT NULL DEFAULT true,
        source_ref text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX service_offer_structure_idx ON service_offer (structure_id)`);
    await q.query(
      `CREATE INDEX service_offer_category_idx ON service_offer (category) WHERE active`,
    );
    await q.query(
      `CREATE UNIQUE INDEX service_offer_source_ref_key ON service_offer (structure_id, source_ref) WHERE source_ref IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE service_offer`);
    await q.query(`DROP TABLE structure`);
    await q.query(`DROP TABLE district`);
  }
}
