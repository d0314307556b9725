import type { DataSource } from "typeorm";
import { District } from "../../../server/src/modules/district/district.entity";
import { locateDistrict } from "../../../server/src/modules/district/district-locator";
import { ServiceOffer } from "../../../server/src/modules/offer/offer.entity";
import { storeOpeningIntervals } from "../../../server/src/modules/structure/opening-hours";
import { Structure } from "../../../server/src/modules/structure/structure.entity";
import {
  type AccessMode,
  type Fee,
  type Programme,
  type Public,
  ServiceCategory,
  StructureKind,
  type SupportMode,
} from "../../../server/src/modules/vocabulary/vocabulary.enums";

export interface OfferFixture {
  title?: string;
  description?: string;
  category?: `${ServiceCategory}`;
  publics?: `${Public}`[];
  fees?: `${Fee}`[];
  supportModes?: `${SupportMode}`[];
  accessModes?: `${AccessMode}`[];
  active?: boolean;
}

export interface StructureFixture {
  name: string;
  lat?: number;
  lon?: number;
  summary?: string;
  openingHours?: string | null;
  programmes?: `${Programme}`[];
  passNumerique?: boolean;
  archived?: boolean;
  offers?: OfferFixture[];
}

let counter = 0;

/** Inserts a structure with its offers and opening intervals, as the app's writes do. */
export async function addStructure(ds: DataSource, f: StructureFixture): Promise<Structure> {
  const districts = await ds
    .getRepository(District)
    .find({ select: { code: true, geometry: true } });
  return ds.transaction(async (em) => {
    const lat = f.lat ?? 47.2184;
    const lon = f.lon ?? -1.5536;
    const s = await em.getRepository(Structure).save({
      name: f.name,
      kind: StructureKind.ASSOCIATION,
      pivot: `W44${String(++counter).padStart(7, "0")}`,
      city: "Nantes",
      postalCode: "44000",
      latitude: lat,
      longitude: lon,
      districtCode: locateDistrict(districts, lat, lon),
      summary: f.summary ?? null,
      openingHours: f.openingHours ?? null,
      programmes: (f.programmes ?? []) as Programme[],
      passNumerique: f.passNumerique ?? false,
      archivedAt: f.archived ? new Date() : null,
      source: "test",
    });
    await storeOpeningIntervals(em, s.id, s.openingHours);
    for (const o of f.offers ?? []) {
      await em.getRepository(ServiceOffer).save({
        structureId: s.id,
        title: o.title ?? "Atelier",
        description: o.description ?? null,
        category: (o.category as ServiceCategory) ?? ServiceCategory.EVERYDAY_DIGITAL_TOOLS,
        publics: (o.publics ?? []) as Public[],
        fees: (o.fees ?? []) as Fee[],
        supportModes: (o.supportModes ?? []) as SupportMode[],
        accessModes: (o.accessModes ?? []) as AccessMode[],
        active: o.active ?? true,
      });
    }
    return s;
  });
}
