import type { EntityManager } from "typeorm";

/** The plan's waves (Nantes, 660 computers); shares by district where the plan gives them. */
const WAVES = [
  {
    name: "Cité éducative Bellevue",
    schoolNetwork: "Cité éducative de Bellevue",
    startMonth: "2026-02-01",
    plannedCount: 160,
    districts: [{ code: "bellevue-chantenay-sainte-anne", planned: 160 }],
  },
  {
    name: "Écoles de la Bottière et de Nantes Nord",
    schoolNetwork: "Écoles de la Bottière et de Nantes Nord",
    startMonth: "2026-03-01",
    plannedCount: 150,
    districts: [
      { code: "doulon-bottiere", planned: null },
      { code: "nantes-nord", planned: null },
    ],
  },
  {
    name: "Autres réseaux scolaires, puis REP et REP+",
    schoolNetwork: "Réseaux d'éducation prioritaire REP et REP+",
    startMonth: "2026-09-01",
    plannedCount: 350,
    districts: [],
  },
];

const ORIGINS = ["Nantes Métropole", "Mécénat d'entreprise", "Université (parc renouvelé)"];

/**
 * Demo waves and a stock of devices, for the Programme section to show something: created when
 * missing (by wave name and inventory number), never changed afterwards. No loan, no family.
 */
export async function seedDemoProgramme(em: EntityManager): Promise<void> {
  for (const w of WAVES) {
    const created: { id: string }[] = await em.query(
      `INSERT INTO device_wave (name, school_network, start_month, planned_count) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO NOTHING RETURNING id`,
      [w.name, w.schoolNetwork, w.startMonth, w.plannedCount],
    );
    if (!created[0]) continue;
    for (const d of w.districts) {
      await em.query(
        `INSERT INTO device_wave_district (wave_id, district_code, planned_count)
         SELECT $1, code, $3 FROM district WHERE code = $2`,
        [created[0].id, d.code, d.planned],
      );
    }
  }
  const devices = Array.from({ length: 30 }, (_, i) => ({
    inventoryId: `DEMO-PC-${String(i + 1).padStart(3, "0")}`,
    kind: i % 6 === 5 ? "DESKTOP" : "LAPTOP",
    origin: ORIGINS[i % ORIGINS.length],
  }));
  await em.query(
    `INSERT INTO device (inventory_id, kind, origin)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (inventory_id) DO NOTHING`,
    [devices.map((d) => d.inventoryId), devices.map((d) => d.kind), devices.map((d) => d.origin)],
  );
}
