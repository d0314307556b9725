import type { DataSource } from "typeorm";
import type { Config } from "../../config";
import { recordEvent, SYSTEM } from "./referral-events";
import { anonymise } from "./referral.service";
import { Referral } from "./referral.entity";
import { ReferralEventType, ReferralStatus } from "./referral.enums";

const BATCH = 100;

export interface JobReport {
  expired: number;
  reminded: number;
  anonymised: number;
}

/**
 * Picks due referrals in batches with FOR UPDATE SKIP LOCKED: several instances running the
 * same job at once share the work and never handle a referral twice. Every job only touches
 * rows still in the state it looks for, so running it again changes nothing.
 */
async function inBatches(
  dataSource: DataSource,
  dueSql: string,
  params: unknown[],
  apply: (em: import("typeorm").EntityManager, referral: Referral) => Promise<void>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await dataSource.transaction(async (em) => {
      const rows = await em
        .getRepository(Referral)
        .createQueryBuilder("r")
        .where(dueSql, Object.fromEntries(params.map((p, i) => [`p${i}`, p])))
        .orderBy("r.createdAt")
        .limit(BATCH)
        .setLock("pessimistic_write")
        .setOnLocked("skip_locked")
        .getMany();
      for (const referral of rows) await apply(em, referral);
      return rows.length;
    });
    total += done;
    if (done < BATCH) return total;
  }
}

export async function expireReferrals(dataSource: DataSource, now = new Date()): Promise<number> {
  return inBatches(
    dataSource,
    "r.status = 'PENDING' AND r.expiresAt <= :p0",
    [now],
    async (em, r) => {
      Object.assign(r, {
        status: ReferralStatus.EXPIRED,
        version: r.version + 1,
        closedAt: now,
        updatedAt: now,
      });
      await em.getRepository(Referral).save(r);
      await recordEvent(
        em,
        r,
        ReferralEventType.EXPIRED,
        ReferralStatus.PENDING,
        ReferralStatus.EXPIRED,
        SYSTEM,
      );
    },
  );
}

export async function flagReminders(dataSource: DataSource, now = new Date()): Promise<number> {
  return inBatches(
    dataSource,
    "r.status = 'PENDING' AND r.reminderFlaggedAt IS NULL AND r.reminderDueAt <= :p0",
    [now],
    async (em, r) => {
      Object.assign(r, { reminderFlaggedAt: now, version: r.version + 1, updatedAt: now });
      await em.getRepository(Referral).save(r);
      await recordEvent(
        em,
        r,
        ReferralEventType.REMINDER_DUE,
        ReferralStatus.PENDING,
        ReferralStatus.PENDING,
        SYSTEM,
      );
    },
  );
}

export async function anonymiseClosedReferrals(
  dataSource: DataSource,
  retentionDays: number,
  now = new Date(),
) {
  const limit = new Date(now.getTime() - retentionDays * 24 * 3600_000);
  return inBatches(
    dataSource,
    "r.anonymisedAt IS NULL AND r.closedAt <= :p0",
    [limit],
    async (em, r) => {
      await anonymise(em, r);
      await recordEvent(em, r, ReferralEventType.RESIDENT_DATA_ERASED, r.status, r.status, SYSTEM);
    },
  );
}

export async function runReferralJobs(
  dataSource: DataSource,
  config: Pick<Config, "retentionDays">,
  now = new Date(),
): Promise<JobReport> {
  return {
    expired: await expireReferrals(dataSource, now),
    reminded: await flagReminders(dataSource, now),
    anonymised: await anonymiseClosedReferrals(dataSource, config.retentionDays, now),
  };
}
