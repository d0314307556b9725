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

/**
 * Appends one history row and notifies listeners with its id only (never personal data), in the
 * caller's transaction: the event exists, and is announced, exactly when the change commits;
 * so do the e-mails it causes (the outbox rows, and the outbox's wake-up).
 *
 * All of it is one statement: the global lock below is held from here to commit, so every round
 * trip made while holding it delays every other writer of events.
 */
export async function recordEvent(
  em: EntityManager,
  referral: Pick<Referral, "id" | "senderStructureId" | "receiverStructureId">,
  type: ReferralEventType,
  from: ReferralStatus | null,
  to: ReferralStatus,
  actor: Actor,
): Promise<string> {
  const p = new StatementParams();
  // Held until commit, and taken before the id is drawn (the insert reads from `ordered`, which
  // a volatile function keeps a separate step): events commit in id order, so "every event after
  // id N" is a safe cursor for replays and catch-ups (no lower id can appear later).
  const ordered = `SELECT pg_advisory_xact_lock(${p.add(EVENT_ORDER_LOCK, "bigint")})`;
  const event = `INSERT INTO referral_event (referral_id, type, from_status, to_status, actor_type,
                                             actor_id, sender_structure_id, receiver_structure_id)
    SELECT ${p.add(referral.id, "uuid")}, ${p.add(type, "text")}, ${p.add(from, "text")},
           ${p.add(to, "text")}, ${p.add(actor.type, "text")}, ${p.add(actor.id, "uuid")},
           ${p.add(referral.senderStructureId, "uuid")}, ${p.add(referral.receiverStructureId, "uuid")}
      FROM ordered
    RETURNING id`;
  // The e-mails the event causes: rows written with it, and the senders woken at commit.
  const mail = referralMailInsert(p, type, "(SELECT id::text FROM event)", referral.id);
  const [row] = (await em.query(
    `WITH ordered AS MATERIALIZED (${ordered}),
          event AS (${event})${mail ? `,\n          mail AS (${mail})` : ""}
     SELECT event.id::text AS id,
            pg_notify(${p.add(REFERRAL_EVENT_CHANNEL, "text")}, event.id::text) AS announced
            ${mail ? `, pg_notify(${p.add(OUTBOX_CHANNEL, "text")}, '') AS mailed` : ""}
       FROM event`,
    p.values,
  )) as { id: string }[];
  return row.id;
}
