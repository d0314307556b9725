import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { hydrate, selectColumns } from "../../db/hydrate";
import { District } from "./district.entity";

/** Districts by code, one statement per batch. */
export function createDistrictLoader(dataSource: DataSource) {
  const sql = `SELECT ${selectColumns(dataSource, District)} FROM district WHERE code = ANY($1::text[])`;
  return new DataLoader<string, District | null>(async (codes) => {
    const rows = hydrate(dataSource, District, await dataSource.query(sql, [codes]));
    const byCode = new Map(rows.map((d) => [d.code, d]));
    return codes.map((code) => byCode.get(code) ?? null);
  });
}
