import DataLoader from "dataloader";
import { type DataSource, In } from "typeorm";
import { Structure } from "./structure.entity";

/** Structures by id (parents, referral ends…), one statement per batch. */
export function createStructureLoader(dataSource: DataSource) {
  return new DataLoader<string, Structure | null>(async (ids) => {
    const rows = await dataSource.getRepository(Structure).findBy({ id: In([...ids]) });
    const byId = new Map(rows.map((s) => [s.id, s]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
