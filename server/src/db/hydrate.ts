import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from "typeorm";

/**
 * Turns raw rows (snake_case columns, as `selectColumns` lists them) into entities, using
 * TypeORM's metadata: for hand-written SQL that still wants entity instances.
 */
export function hydrate<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  rows: Record<string, unknown>[],
): T[] {
  const meta = dataSource.getMetadata(target);
  return rows.map((row) => {
    const entity = meta.create() as Record<string, unknown>;
    for (const column of meta.columns) entity[column.propertyName] = row[column.databaseName];
    return entity as T;
  });
}

/**
 * The entity's columns, quoted (and qualified by `alias` when given), for a SELECT list: leaves
 * out unmapped ones such as search vectors, which nothing reads back.
 */
export function selectColumns<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  alias?: string,
): string {
  const meta = dataSource.getMetadata(target);
  let lists = columnLists.get(meta);
  if (!lists) columnLists.set(meta, (lists = new Map()));
  const key = alias ?? "";
  let list = lists.get(key);
  if (list === undefined) {
    const prefix = alias ? `${alias}.` : "";
    list = meta.columns.map((c) => `${prefix}"${c.databaseName}"`).join(", ");
    lists.set(key, list);
  }
  return list;
}

const columnLists = new WeakMap<EntityMetadata, Map<string, string>>();
