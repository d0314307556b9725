import type { EntityManager } from "typeorm";
import { StatementParams } from "../../db/statement-params";
import { OUTBOX_CHANNEL } from "../mail/outbox";
import { referralMailInsert } from "../mail/referral-mail";
import type { Referral } from "./referral.entity";
import type { ReferralEventType, ReferralStatus } from "./referral.enums";

export const REFERRAL_EVENT_CHANNEL = "referral_event";
const EVENT_ORDER_LOCK = 7_301_001;

export interface Actor {
  type: string;
  id: string | null;
}

export const SYSTEM: Actor = { type: "system", id: null };

type Ends = Pick<Referral, "id" | "senderStructureId" | "receiverStructureId">;

/**
 * Appends one history row and notifies listeners with its id only (never personal data), in the
 * caller's transaction: the event exists, and is announced, exactly when the change commits;
 * so do the e-mails it causes (the outbox rows, and the outbox's wake-up). One statement.
 */
export async function recordEvent(
  em: EntityManager,
  referral: Ends,
  type: ReferralEventType,
  from: ReferralStatus | null,
  to: ReferralStatus,
  actor: Actor,
): Promise<string> {
  const p = new StatementParams();
  const write = eventWrite(p, { referral, type, from, to, actor });
  const [row] = (await em.query(
    `WITH ${write.ctes} SELECT ${write.columns} FROM event`,
    p.values,
  )) as {
    event_id: string;
  }[];
  return row.event_id;
}

export interface EventWrite {
  referral: Ends;
  type: ReferralEventType;
  from: ReferralStatus | null;
  to: ReferralStatus;
  actor: Actor;
  /** A CTE of the same statement that yields one row if the event is to be written, none if not. */
  onlyIf?: string;
  /** Where the mail's recipients read the referral: the table, or the CTE that inserted it. */
  referralSource?: string;
}

/**
 * An event's writes as parts of one statement: `ctes` (named `ordered`, `event`, `mail`) to put
 * after WITH, and `columns` to select FROM event (its id as `event_id`, and the notifications,
 * which PostgreSQL delivers at commit). The global lock below is held from here to commit, so
 * whatever the transaction does after this statement delays every other writer of events: make
 * it the last one.
 */
export function eventWrite(p: StatementParams, e: EventWrite): { ctes: string; columns: string } {
  // Held until commit, and taken before the id is drawn (the insert reads from `ordered`, a
  // separate step since it calls a volatile function): events commit in id order, so "every
  // event after id N" is a safe cursor for replays and catch-ups (no lower id can appear later).
  const ordered = `SELECT pg_advisory_xact_lock(${p.add(EVENT_ORDER_LOCK, "bigint")})${
    e.onlyIf ? ` FROM ${e.onlyIf}` : ""
  }`;
  const event = `INSERT INTO referral_event (referral_id, type, from_status, to_status, actor_type,
                                             actor_id, sender_structure_id, receiver_structure_id)
    SELECT ${p.add(e.referral.id, "uuid")}, ${p.add(e.type, "text")}, ${p.add(e.from, "text")},
           ${p.add(e.to, "text")}, ${p.add(e.actor.type, "text")}, ${p.add(e.actor.id, "uuid")},
           ${p.add(e.referral.senderStructureId, "uuid")}, ${p.add(e.referral.receiverStructureId, "uuid")}
      FROM ordered
    RETURNING id`;
  // The e-mails the event causes: rows written with it, and the senders woken at commit when
  // one of them is to be sent now (most new referrals mail nobody, and a digest's rows wait
  // for the digest job, which wakes the senders itself): an idle wake-up costs each instance a
  // claiming statement that finds nothing.
  const mail = referralMailInsert(
    p,
    e.type,
    "(SELECT id::text FROM event)",
    e.referral.id,
    e.referralSource,
  );
  return {
    ctes: `ordered AS MATERIALIZED (${ordered}),
      event AS (${event})${mail ? `,\n      mail AS (${mail})` : ""}`,
    columns: `event.id::text AS event_id,
      pg_notify(${p.add(REFERRAL_EVENT_CHANNEL, "text")}, event.id::text) AS announced${
        mail
          ? `,\n      (SELECT pg_notify(${p.add(OUTBOX_CHANNEL, "text")}, '')
                WHERE EXISTS (SELECT 1 FROM mail WHERE state = 'PENDING')) AS mailed`
          : ""
      }`,
  };
}
