import type { EntityManager } from "typeorm";
import { enqueueReferralMail } from "../mail/referral-mail";
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
 * so do the e-mails it causes.
 */
export async function recordEvent(
  em: EntityManager,
  referral: Pick<Referral, "id" | "senderStructureId" | "receiverStructureId">,
  type: ReferralEventType,
  from: ReferralStatus | null,
  to: ReferralStatus,
  actor: Actor,
): Promise<string> {
  // Held until commit: events commit in id order, so "every event after id N" is a safe cursor
  // for replays and catch-ups (no lower id can appear later).
  await em.query(`SELECT pg_advisory_xact_lock($1)`, [EVENT_ORDER_LOCK]);
  const [row] = await em.query(
    `INSERT INTO referral_event (referral_id, type, from_status, to_status, actor_type, actor_id,
                                 sender_structure_id, receiver_structure_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      referral.id,
      type,
      from,
      to,
      actor.type,
      actor.id,
      referral.senderStructureId,
      referral.receiverStructureId,
    ],
  );
  const id = String(row.id);
  await em.query(`SELECT pg_notify($1, $2)`, [REFERRAL_EVENT_CHANNEL, id]);
  // The e-mails the event causes, in the same transaction (the outbox).
  await enqueueReferralMail(em, id, referral.id, type);
  return id;
}
