import type { EntityManager, EntityTarget } from "typeorm";
import type { WeeklyInterval } from "../../modules/structure/opening-hours";

/** Who an import acts as, in the audit trail. */
export interface Actor {
  type: "user" | "token" | "anonymous" | "system";
  id: string | null;
}

export interface AuditRow {
  action: string;
  subjectType: string;
  subjectId: string;
  structureId: string | null;
  details: Record<string, unknown>;
}

/** Appends audit entries in one statement (the trail of a 20,000-row import stays one query per batch). */
export async function auditMany(
  em: EntityManager,
  actor: Actor,
  ip: string | null,
  rows: AuditRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await em.query(
    `INSERT INTO audit_entry (actor_type, actor_id, action, subject_type, subject_id, structure_id, ip, details)
     SELECT $1, $2::uuid, r.action, r.subject_type, r.subject_id, r.structure_id, $3, r.details
       FROM jsonb_to_recordset($4::jsonb)
         AS r(action text, subject_type text, subject_id text, structure_id uuid, details jsonb)`,
    [
      actor.type,
      actor.id,
      ip,
      JSON.stringify(
        rows.map((r) => ({
          action: r.action,
          subject_type: r.subjectType,
          subject_id: r.subjectId,
          structure_id: r.structureId,
          details: r.details,
        })),
      ),
    ],
  );
}

/** Replaces the weekly opening intervals of several structures in two statements. */
export async function replaceIntervals(
  em: EntityManager,
  byStructure: Map<string, WeeklyInterval[]>,
  hadIntervals: string[],
): Promise<void> {
  if (hadIntervals.length > 0) {
    await em.query(`DELETE FROM structure_opening_interval WHERE structure_id = ANY($1::uuid[])`, [
      hadIntervals,
    ]);
  }
  const ids: string[] = [];
  const opens: number[] = [];
  const closes: number[] = [];
  for (const [id, intervals] of byStructure) {
    for (const i of intervals) {
      ids.push(id);
      opens.push(i.opensAt);
      closes.push(i.closesAt);
    }
  }
  if (ids.length === 0) return;
  await em.query(
    `INSERT INTO structure_opening_interval (structure_id, opens_at, closes_at)
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[])`,
    [ids, opens, closes],
  );
}

/**
 * Inserts entity rows in one statement whatever their number: the rows travel as one JSON
 * parameter read by `jsonb_to_recordset` (TypeORM's multi-row insert binds every value, and its
 * parameter handling grows with their count). Columns are the entity's, for the keys of the first
 * row. Returns the columns asked in `returning`, in no particular order.
 */
export async function insertRows<T extends object>(
  em: EntityManager,
  entity: EntityTarget<T>,
  rows: Partial<T>[],
  returning: string[],
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const metadata = em.connection.getMetadata(entity);
  const columns = metadata.columns.filter((c) => c.propertyName in rows[0]);
  const definitions = columns
    .map((c) => `"${c.databaseName}" ${String(c.type)}${c.isArray ? "[]" : ""}`)
    .join(", ");
  const names = columns.map((c) => `"${c.databaseName}"`).join(", ");
  const json = rows.map((row) =>
    Object.fromEntries(
      columns.map((c) => [
        c.databaseName,
        (row as Record<string, unknown>)[c.propertyName] ?? null,
      ]),
    ),
  );
  return em.query(
    `INSERT INTO "${metadata.tableName}" (${names})
     SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${definitions})
     RETURNING ${returning.map((r) => `"${r}"`).join(", ")}`,
    [JSON.stringify(json)],
  );
}
