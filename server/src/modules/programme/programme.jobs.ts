import type { DataSource } from "typeorm";
import type { Config } from "../../config";
import { anonymiseAllocation } from "./allocation-lifecycle.service";
import { Allocation } from "./allocation.entity";

const BATCH = 100;

export interface ProgrammeJobReport {
  anonymisedAllocations: number;
}

/**
 * Clears the family's data of loans closed (device returned, or loan cancelled) more than
 * `retentionDays` ago. Batches are picked with FOR UPDATE SKIP LOCKED, so instances running it
 * at once share the work; an anonymised loan is never picked again.
 */
export async function anonymiseClosedAllocations(
  dataSource: DataSource,
  retentionDays: number,
  now = new Date(),
): Promise<number> {
  const limit = new Date(now.getTime() - retentionDays * 24 * 3600_000);
  let total = 0;
  for (;;) {
    const done = await dataSource.transaction(async (em) => {
      const rows = await em
        .getRepository(Allocation)
        .createQueryBuilder("a")
        .where("a.anonymisedAt IS NULL AND a.closedAt <= :limit", { limit })
        .orderBy("a.closedAt")
        .limit(BATCH)
        .setLock("pessimistic_write")
        .setOnLocked("skip_locked")
        .getMany();
      for (const a of rows) {
        await anonymiseAllocation(em, a);
        await em.query(
          `INSERT INTO audit_entry (actor_type, action, subject_type, subject_id, structure_id, details)
           VALUES ('system', 'resident.erased', 'allocation', $1, $2, '{"reason":"retention"}')`,
          [a.id, a.accompanyingStructureId],
        );
      }
      return rows.length;
    });
    total += done;
    if (done < BATCH) return total;
  }
}

export async function runProgrammeJobs(
  dataSource: DataSource,
  config: Pick<Config, "retentionDays">,
  now = new Date(),
): Promise<ProgrammeJobReport> {
  return {
    anonymisedAllocations: await anonymiseClosedAllocations(dataSource, config.retentionDays, now),
  };
}
