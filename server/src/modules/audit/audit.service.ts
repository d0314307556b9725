import DataLoader from "dataloader";
import type { DataSource, EntityManager } from "typeorm";
import { StatementParams, type StatementPart } from "../../db/statement-params";
import type { Viewer } from "../identity/viewer";

/** What the audit trail records; never a secret (no password, token or hash). */
export interface AuditEvent {
  action: string;
  subjectType?: string;
  subjectId?: string;
  structureId?: string | null;
  details?: Record<string, unknown>;
}

/** Who acts, as stored in audit and history rows. */
export function actorOf(viewer: Viewer): { type: string; id: string | null } {
  switch (viewer.kind) {
    case "user":
      return { type: "user", id: viewer.user.id };
    case "token":
      return { type: "token", id: viewer.tokenId };
    default:
      return { type: "anonymous", id: null };
  }
}

/**
 * Appends one entry to the trail, with the caller's transaction manager so that the entry and
 * the change it describes commit or roll back together.
 */
export async function audit(
  em: EntityManager,
  viewer: Viewer,
  ip: string | null,
  event: AuditEvent,
): Promise<void> {
  const p = new StatementParams();
  await em.query(auditInsert(viewer, ip, event)(p), p.values);
}

/**
 * The same entry as a part of a larger write (a create writes its row and its entry at once):
 * written once, or once per row of `from` (a CTE: none when it has none).
 */
export function auditInsert(
  viewer: Viewer,
  ip: string | null,
  event: AuditEvent,
  from?: string,
): StatementPart {
  const actor = actorOf(viewer);
  return (p) =>
    `INSERT INTO audit_entry (actor_type, actor_id, action, subject_type, subject_id, structure_id, ip, details)
     SELECT ${p.add(actor.type, "text")}, ${p.add(actor.id, "uuid")}, ${p.add(event.action, "text")},
            ${p.add(event.subjectType ?? null, "text")}, ${p.add(event.subjectId ?? null, "text")},
            ${p.add(event.structureId ?? null, "uuid")}, ${p.add(ip, "text")},
            ${p.add(JSON.stringify(event.details ?? {}), "jsonb")}${from ? ` FROM ${from}` : ""}`;
}

/**
 * Audits reads of personal data: one `resident.read` entry per record read, written in one
 * statement per request whatever the page size. Build one per request.
 */
export function createReadAuditor(
  dataSource: DataSource,
  viewer: Viewer,
  ip: string | null,
  subjectType: string,
) {
  return new DataLoader<string, true>(async (ids) => {
    const actor = actorOf(viewer);
    await dataSource.query(
      `INSERT INTO audit_entry (actor_type, actor_id, action, subject_type, subject_id, ip)
       SELECT $1, $2, 'resident.read', $3, id, $4 FROM unnest($5::text[]) AS id`,
      [actor.type, actor.id, subjectType, ip, [...ids]],
    );
    return ids.map(() => true as const);
  });
}
