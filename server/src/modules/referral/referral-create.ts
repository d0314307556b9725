import type { DataSource } from "typeorm";
import { hydrate, selectColumns } from "../../db/hydrate";
import { StatementParams, type StatementPart } from "../../db/statement-params";
import { eventWrite, type Actor } from "./referral-events";
import { Referral } from "./referral.entity";
import { ReferralEventType, ReferralStatus } from "./referral.enums";

export interface NewReferralWrites {
  /** The audit entry, written once per row of `created` (see auditInsert). */
  audit: (from: string) => StatementPart;
  /** The idempotency key's row (see IdempotencyClaim.insert), when the request has a key. */
  idempotencyKey?: StatementPart;
  actor: Actor;
}

/**
 * A new referral and everything its creation writes, in one statement and so one implicit
 * transaction: the key (when there is one), the row, its audit entry, its CREATED event with
 * the e-mails and notifications (see eventWrite). Each write reads from the one before it, so
 * when another request holds the key nothing at all is written, and null comes back.
 *
 * One statement rather than START, six writes and COMMIT: the event lock is held only until the
 * statement ends, and a waiting key is waited for before the lock is taken.
 */
export async function insertReferral(
  dataSource: DataSource,
  values: Partial<Referral> & Pick<Referral, "id" | "senderStructureId" | "receiverStructureId">,
  writes: NewReferralWrites,
): Promise<{ referral: Referral; eventId: string } | null> {
  const p = new StatementParams();
  const ctes: string[] = [];
  const key = writes.idempotencyKey?.(p);
  if (key) ctes.push(`claimed AS (${key})`);
  // Typed placeholders (INSERT … SELECT does not infer them), from the entity's columns.
  const columns = dataSource
    .getMetadata(Referral)
    .columns.filter((c) => values[c.propertyName as keyof Referral] !== undefined);
  const names = columns.map((c) => `"${c.databaseName}"`).join(", ");
  const placeholders = columns
    .map((c) =>
      p.add(values[c.propertyName as keyof Referral], `${c.type}${c.isArray ? "[]" : ""}`),
    )
    .join(", ");
  ctes.push(`created AS (
      INSERT INTO referral (${names}) SELECT ${placeholders}${key ? " FROM claimed" : ""}
      RETURNING ${selectColumns(dataSource, Referral)})`);
  ctes.push(`audited AS (${writes.audit("created")(p)})`);
  const event = eventWrite(p, {
    referral: values,
    type: ReferralEventType.CREATED,
    from: null,
    to: ReferralStatus.PENDING,
    actor: writes.actor,
    onlyIf: "created",
    referralSource: "created",
  });
  ctes.push(event.ctes);
  const rows = (await dataSource.query(
    `WITH ${ctes.join(",\n    ")}
     SELECT created.*, ${event.columns} FROM created, event`,
    p.values,
  )) as Record<string, unknown>[];
  if (rows.length === 0) return null;
  const [referral] = hydrate(dataSource, Referral, rows);
  return { referral, eventId: rows[0].event_id as string };
}
