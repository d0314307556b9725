import DataLoader from "dataloader";
import { type DataSource, In } from "typeorm";
import { District } from "./district.entity";

/** Districts by code, one statement per batch. */
export function createDistrictLoader(dataSource: DataSource) {
  return new DataLoader<string, District | null>(async (codes) => {
    const rows = await dataSource.getRepository(District).findBy({ code: In([...codes]) });
    const byCode = new Map(rows.map((d) => [d.code, d]));
    return codes.map((code) => byCode.get(code) ?? null);
  });
}
