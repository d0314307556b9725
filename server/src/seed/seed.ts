import type { DataSource, EntityManager } from "typeorm";
import { District, type MultiPolygon } from "../modules/district/district.entity";
import { locateDistrict } from "../modules/district/district-locator";
import { storeOpeningIntervals } from "../modules/structure/opening-hours";
import { ServiceOffer } from "../modules/offer/offer.entity";
import { Structure } from "../modules/structure/structure.entity";
import { RecordSource } from "../modules/vocabulary/vocabulary.enums";
import quartiers from "./data/nantes-quartiers.geo.json";
import { seedDemoAccounts } from "./demo-accounts";
import { demoNetwork } from "./demo-network";
import { seedDemoProgramme } from "./demo-programme";

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

/** Creates the demo structures and their offers that do not exist yet (by demo key). */
async function seedDemoNetwork(em: EntityManager): Promise<{ structures: number; offers: number }> {
  const existing = await em.getRepository(Structure).find({
    select: { id: true, sourceRef: true },
    where: { source: RecordSource.DEMO },
  });
  const idByKey = new Map(existing.map((s) => [s.sourceRef as string, s.id]));
  const districts = await em
    .getRepository(District)
    .find({ select: { code: true, geometry: true } });
  const missing = demoNetwork.filter((d) => !idByKey.has(d.key));
  if (missing.length === 0) return { structures: 0, offers: 0 };

  const inserted = await em.getRepository(Structure).save(
    missing.map((d) =>
      em.getRepository(Structure).create({
        name: d.name,
        kind: d.kind,
        pivot: d.pivot,
        street: d.street,
        postalCode: d.postalCode,
        city: "Nantes",
        inseeCode: "44109",
        latitude: d.lat,
        longitude: d.lon,
        districtCode: locateDistrict(districts, d.lat, d.lon),
        phone: d.phone,
        emails: d.emails,
        websites: d.websites,
        openingHours: d.openingHours,
        summary: d.summary,
        programmes: d.programmes,
        labels: d.labels,
        passNumerique: d.passNumerique,
        specificSupports: d.specificSupports,
        mobility: d.mobility,
        source: RecordSource.DEMO,
        sourceRef: d.key,
      }),
    ),
    { chunk: 50 },
  );
  for (const s of inserted) {
    idByKey.set(s.sourceRef as string, s.id);
    await storeOpeningIntervals(em, s.id, s.openingHours);
  }

  for (const d of missing.filter((d) => d.parentKey)) {
    await em.update(
      Structure,
      { id: idByKey.get(d.key) },
      { parentId: idByKey.get(d.parentKey!) ?? null },
    );
  }
  const offers = missing.flatMap((d) =>
    d.offers.map((o, i) =>
      em.getRepository(ServiceOffer).create({
        ...o,
        structureId: idByKey.get(d.key),
        sourceRef: `${d.key}#${i + 1}`,
      }),
    ),
  );
  await em.getRepository(ServiceOffer).save(offers, { chunk: 100 });
  return { structures: missing.length, offers: offers.length };
}

/** Idempotent: creates what is missing, never overwrites or deletes. */
export async function seed(
  dataSource: DataSource,
  options: { demo: boolean },
): Promise<SeedReport> {
  return dataSource.transaction(async (em) => {
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
