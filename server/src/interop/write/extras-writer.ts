import type { EntityManager } from "typeorm";
import type { InteropExtras } from "../candidate";

/** One structure written by an import: its id, version after the write, and what the file said. */
export interface ExtrasPlan {
  id: string;
  version: number;
  extras: InteropExtras;
  /** The structure was there before this import. */
  existed: boolean;
}

interface StoredExtras {
  structure_id: string;
  format: string;
  updated_on: string;
  synced_version: number;
  typologies: string[];
  collected_by: string | null;
  parent_name: string | null;
}

const sameArray = (a: string[], b: string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Keeps what the structure columns cannot hold (producer's date, typologies, collector, parent's
 * name) and the version it describes; returns the existing structures whose record changed.
 */
export async function writeExtras(
  em: EntityManager,
  format: string,
  plans: ExtrasPlan[],
): Promise<Set<string>> {
  const ids = plans.map((p) => p.id);
  const stored = new Map<string, StoredExtras>(
    (
      (await em.query(
        `SELECT structure_id, format, to_char(source_updated_on, 'YYYY-MM-DD') AS updated_on, synced_version,
                  typologies, collected_by, parent_name
             FROM structure_interop WHERE structure_id = ANY($1::uuid[])`,
        [ids],
      )) as StoredExtras[]
    ).map((row) => [row.structure_id, row]),
  );
  const rows: StoredExtras[] = [];
  const changed = new Set<string>();
  for (const plan of plans) {
    const id = plan.id;
    const before = stored.get(id);
    const extras: InteropExtras = plan.extras;
    const next: StoredExtras = {
      structure_id: id,
      format,
      updated_on: extras.updatedOn,
      synced_version: plan.version,
      typologies: extras.typologies ?? before?.typologies ?? [],
      collected_by:
        extras.collectedBy !== undefined ? extras.collectedBy : (before?.collected_by ?? null),
      parent_name:
        extras.parentName !== undefined ? extras.parentName : (before?.parent_name ?? null),
    };
    const same =
      before &&
      before.format === next.format &&
      before.updated_on === next.updated_on &&
      before.synced_version === next.synced_version &&
      sameArray(before.typologies, next.typologies) &&
      before.collected_by === next.collected_by &&
      before.parent_name === next.parent_name;
    if (same) continue;
    rows.push(next);
    if (before && plan.existed) changed.add(id);
  }
  if (rows.length > 0) {
    await em.query(
      `INSERT INTO structure_interop (structure_id, format, source_updated_on, synced_version, typologies, collected_by, parent_name)
         SELECT r.structure_id, r.format, r.updated_on, r.synced_version, r.typologies, r.collected_by, r.parent_name
           FROM jsonb_to_recordset($1::jsonb) AS r(structure_id uuid, format text, updated_on date,
                synced_version integer, typologies text[], collected_by text, parent_name text)
         ON CONFLICT (structure_id) DO UPDATE SET format = EXCLUDED.format,
           source_updated_on = EXCLUDED.source_updated_on, synced_version = EXCLUDED.synced_version,
           typologies = EXCLUDED.typologies, collected_by = EXCLUDED.collected_by,
           parent_name = EXCLUDED.parent_name, updated_at = now()`,
      [JSON.stringify(rows)],
    );
  }
  return changed;
}
