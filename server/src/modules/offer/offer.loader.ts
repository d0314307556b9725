import DataLoader from "dataloader";
import { type DataSource, In } from "typeorm";
import { ServiceOffer } from "./offer.entity";

/** Active offers of each structure, ordered by title, one statement per batch. */
export function createOffersByStructureLoader(dataSource: DataSource) {
  return new DataLoader<string, ServiceOffer[]>(async (structureIds) => {
    const rows = await dataSource.getRepository(ServiceOffer).find({
      where: { structureId: In([...structureIds]), active: true },
      order: { title: "ASC", id: "ASC" },
    });
    const byStructure = new Map<string, ServiceOffer[]>();
    for (const offer of rows) {
      const list = byStructure.get(offer.structureId) ?? [];
      list.push(offer);
      byStructure.set(offer.structureId, list);
    }
    return structureIds.map((id) => byStructure.get(id) ?? []);
  });
}
