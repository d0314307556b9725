import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { hydrate, selectColumns } from "../../db/hydrate";
import { readQuery } from "../../db/read-query";
import { Structure } from "./structure.entity";

/**
 * Structures by id (parents, referral ends…), one statement per batch, in plain SQL: a board page
 * asks for both ends of 50 referrals, where TypeORM's finder cost more than the statement.
 */
export function createStructureLoader(dataSource: DataSource) {
  const sql = `SELECT ${selectColumns(dataSource, Structure)} FROM structure WHERE id = ANY($1::uuid[])`;
  return new DataLoader<string, Structure | null>(async (ids) => {
    const rows = hydrate(dataSource, Structure, await readQuery(dataSource, sql, [ids]));
    const byId = new Map(rows.map((s) => [s.id, s]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
