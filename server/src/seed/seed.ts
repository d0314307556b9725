import type { DataSource, EntityManager } from "typeorm";
import { District, type MultiPolygon } from "../modules/district/district.entity";
import quartiers from "./data/nantes-quartiers.geo.json";
import { seedDemoAccounts } from "./demo-accounts";
import { seedDemoNetwork } from "./demo-network";
import { seedDemoProgramme } from "./demo-programme";
import { directoryWritten } from "../db/directory-writes";

interface QuartierFeature {
  properties: { code: string; name: string; city: string; priorityNeighbourhoods: string[] };
  geometry: MultiPolygon;
}

/**
 * Priority education networks by quartier. The open data set gives the QPV; REP / REP+ are a
 * demo approximation from the QPV list, for coordinators to correct.
 */
const EDUCATION_PRIORITY: Record<string, "REP" | "REP+"> = {
  "bellevue-chantenay-sainte-anne": "REP+",
  "nantes-nord": "REP+",
  "doulon-bottiere": "REP+",
  "malakoff-saint-donatien": "REP+",
  "dervallieres-zola": "REP+",
  "breil-barberie": "REP",
  "nantes-erdre": "REP",
  "nantes-sud": "REP",
};

export interface SeedReport {
  districtsCreated: number;
  structuresCreated: number;
  offersCreated: number;
  accountsCreated: number;
}

/** Creates the missing Nantes districts; existing rows (maybe corrected by hand) are kept. */
async function seedDistricts(em: EntityManager): Promise<number> {
  const features = (quartiers as unknown as { features: QuartierFeature[] }).features;
  const rows = features.map(({ properties: p, geometry }) => ({
    code: p.code,
    name: p.name,
    city: p.city,
    geometry,
    priorityNeighbourhoods: p.priorityNeighbourhoods,
    qpv: p.priorityNeighbourhoods.length > 0,
    rep: EDUCATION_PRIORITY[p.code] === "REP",
    repPlus: EDUCATION_PRIORITY[p.code] === "REP+",
  }));
  const result = await em
    .createQueryBuilder()
    .insert()
    .into(District)
    .values(rows)
    .orIgnore()
    .returning("code")
    .execute();
  return result.raw.length;
}

/** Idempotent: creates what is missing, never overwrites or deletes. */
export async function seed(
  dataSource: DataSource,
  options: { demo: boolean },
): Promise<SeedReport> {
  return dataSource.transaction(async (em) => {
    directoryWritten(em); // told after the commit
    const districtsCreated = await seedDistricts(em);
    const demo = options.demo ? await seedDemoNetwork(em) : { structures: 0, offers: 0 };
    const accountsCreated = options.demo ? await seedDemoAccounts(em) : 0;
    if (options.demo) await seedDemoProgramme(em);
    return {
      districtsCreated,
      structuresCreated: demo.structures,
      offersCreated: demo.offers,
      accountsCreated,
    };
  });
}

/** True when the database has no district yet, i.e. it was just created. */
export async function isEmpty(dataSource: DataSource): Promise<boolean> {
  return (await dataSource.getRepository(District).count()) === 0;
}
