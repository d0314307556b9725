import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { DEMO_NETWORK_CSV, DEMO_OFFERS_CSV } from "../../server/src/seed/demo-network";
import { seed } from "../../server/src/seed/seed";
import { startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seed: "none" });
});
afterAll(() => t?.stop());

const counts = async () => {
  const [row] = await t.database.db.dataSource.query(
    `SELECT (SELECT count(*) FROM district)::int AS districts,
            (SELECT count(*) FROM structure)::int AS structures,
            (SELECT count(*) FROM service_offer)::int AS offers`,
  );
  return row as { districts: number; structures: number; offers: number };
};

describe("seed", () => {
  it("creates the districts alone without the demo flag", async () => {
    const report = await seed(t.database.db.dataSource, { demo: false });
    expect(report).toEqual({
      districtsCreated: 11,
      structuresCreated: 0,
      offersCreated: 0,
      accountsCreated: 0,
    });
    expect(await counts()).toEqual({ districts: 11, structures: 0, offers: 0 });
  });

  it("adds the demo network, then changes nothing when run again", async () => {
    const first = await seed(t.database.db.dataSource, { demo: true });
    expect(first.districtsCreated).toBe(0);
    expect(first.structuresCreated).toBeGreaterThanOrEqual(40);
    expect(first.offersCreated).toBeGreaterThanOrEqual(120);
    expect(first.accountsCreated).toBe(8);
    const after = await counts();

    const second = await seed(t.database.db.dataSource, { demo: true });
    expect(second).toEqual({
      districtsCreated: 0,
      structuresCreated: 0,
      offersCreated: 0,
      accountsCreated: 0,
    });
    expect(await counts()).toEqual(after);
  });

  it("never overwrites what a coordinator corrected", async () => {
    const ds = t.database.db.dataSource;
    await ds.query(`UPDATE district SET rep = true, rep_plus = false WHERE code = 'centre-ville'`);
    await ds.query(
      `UPDATE structure SET name = 'Nom corrigé' WHERE source_ref = (SELECT min(source_ref) FROM structure)`,
    );
    await seed(ds, { demo: true });
    const [district] = await ds.query(`SELECT rep FROM district WHERE code = 'centre-ville'`);
    expect(district.rep).toBe(true);
    const renamed = await ds.query(`SELECT 1 FROM structure WHERE name = 'Nom corrigé'`);
    expect(renamed).toHaveLength(1);
  });

  it("links network members to their parent structure", async () => {
    const rows = await t.database.db.dataSource.query(
      `SELECT count(*)::int AS n FROM structure c JOIN structure p ON p.id = c.parent_id`,
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it("takes the structures and offers from its CSV files, through the importer", async () => {
    const csv = (file: string): Record<string, string>[] =>
      parse(fs.readFileSync(file), { columns: true, bom: true });
    const structures = csv(DEMO_NETWORK_CSV);
    const offers = csv(DEMO_OFFERS_CSV);
    const [row] = await t.database.db.dataSource.query(
      `SELECT (SELECT count(*) FROM structure WHERE source = 'demo')::int AS structures,
              (SELECT count(*) FROM structure_source WHERE source = 'demo')::int AS sources,
              (SELECT count(*) FROM service_offer)::int AS offers,
              (SELECT count(*) FROM structure WHERE parent_id IS NOT NULL)::int AS children,
              (SELECT count(*) FROM structure WHERE pass_numerique)::int AS pass`,
    );
    const passKeys = new Set(
      offers.filter((o) => o.fees.split("|").includes("PASS_NUMERIQUE")).map((o) => o.structure_id),
    );
    expect(row).toEqual({
      structures: structures.length,
      sources: structures.length,
      offers: offers.length,
      children: structures.filter((s) => s.structure_parente).length,
      pass: passKeys.size,
    });
  });
});
