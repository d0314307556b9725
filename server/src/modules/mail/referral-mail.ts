/**
 * Which referral events send an e-mail, to whom, written into the outbox by the event's own
 * transaction (referral-events.ts calls this). Recipients are chosen in one statement:
 * - a new referral, a reminder, a cancellation: the members of the receiving structure (each as
 *   they chose: every event, a daily digest, or none) and the structure's notification address;
 * - an answer or an outcome: the person who referred, or the sending structure's notification
 *   address when a token (an integration) referred.
 * The payload names the need and the structures, never the resident.
 */
import type { EntityManager } from "typeorm";
import { OUTBOX_CHANNEL } from "./outbox";

const TO_RECEIVER = new Set(["CREATED", "REMINDER_DUE", "CANCELLED"]);
const TO_REFERRER = new Set(["ACCEPTED", "DECLINED", "COMPLETED", "NO_SHOW", "EXPIRED"]);

/** The facts of a referral every message is written from. */
const FACTS = `jsonb_build_object(
    'referralId', r.id, 'need', r.need, 'declineReason', r.decline_reason,
    'senderStructureId', r.sender_structure_id, 'receiverStructureId', r.receiver_structure_id,
    'senderName', sender.name, 'receiverName', receiver.name)`;

const FROM_REFERRAL = `FROM referral r
  JOIN structure sender ON sender.id = r.sender_structure_id
  JOIN structure receiver ON receiver.id = r.receiver_structure_id`;

const stateFor = (mode: string) =>
  `CASE ${mode} WHEN 'DAILY_DIGEST' THEN 'DIGEST' ELSE 'PENDING' END`;

export async function enqueueReferralMail(
  em: EntityManager,
  eventId: string,
  referralId: string,
  type: string,
): Promise<void> {
  const kind = `referral.${type}`;
  if (TO_RECEIVER.has(type)) {
    await em.query(
      `INSERT INTO outbox (kind, recipient, user_id, locale, payload, state, dedupe_key)
       SELECT $1, u.email, u.id, u.locale, ${FACTS} || '{"viaShared": false}', ${stateFor("u.notification_mode")},
              'event:' || $2 || ':' || u.id
         ${FROM_REFERRAL}
         JOIN membership m ON m.structure_id = r.receiver_structure_id
         JOIN app_user u ON u.id = m.user_id
        WHERE r.id = $3 AND u.notification_mode <> 'NONE'
       UNION ALL
       SELECT $1, receiver.notification_email, NULL, 'fr', ${FACTS} || '{"viaShared": true}', 'PENDING',
              'event:' || $2 || ':structure'
         ${FROM_REFERRAL}
        WHERE r.id = $3 AND receiver.notification_email IS NOT NULL
          AND NOT EXISTS (
            SELECT 1 FROM membership m JOIN app_user u ON u.id = m.user_id
             WHERE m.structure_id = r.receiver_structure_id
               AND lower(u.email) = lower(receiver.notification_email))
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [kind, eventId, referralId],
    );
  } else if (TO_REFERRER.has(type)) {
    await em.query(
      `INSERT INTO outbox (kind, recipient, user_id, locale, payload, state, dedupe_key)
       SELECT $1, u.email, u.id, u.locale, ${FACTS} || '{"viaShared": false}', ${stateFor("u.notification_mode")},
              'event:' || $2 || ':' || u.id
         ${FROM_REFERRAL}
         JOIN app_user u ON u.id = r.sender_user_id
        WHERE r.id = $3 AND u.notification_mode <> 'NONE'
       UNION ALL
       SELECT $1, sender.notification_email, NULL, 'fr', ${FACTS} || '{"viaShared": true}', 'PENDING',
              'event:' || $2 || ':structure'
         ${FROM_REFERRAL}
        WHERE r.id = $3 AND r.sender_user_id IS NULL AND sender.notification_email IS NOT NULL
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [kind, eventId, referralId],
    );
  } else return;
  await em.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
}
