import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";

/**
 * Turns raw rows (snake_case columns, as `SELECT t.*` returns them) into entities, using
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

/** The entity's columns, quoted, for a SELECT list (leaves out unmapped ones such as tsvectors). */
export function selectColumns<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
): string {
  return dataSource
    .getMetadata(target)
    .columns.map((c) => `"${c.databaseName}"`)
    .join(", ");
}
