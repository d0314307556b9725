/**
 * Which referral events send an e-mail, to whom, written into the outbox by the event's own
 * statement (see recordEvent in referral-events.ts). Recipients are chosen in one INSERT:
 * - a new referral, a reminder, a cancellation: the members of the receiving structure (each as
 *   they chose: every event, a daily digest, or none) and the structure's notification address;
 * - an answer or an outcome: the person who referred, or the sending structure's notification
 *   address when a token (an integration) referred.
 * The payload names the need and the structures, never the resident.
 */
import type { StatementParams } from "../../db/statement-params";

const TO_RECEIVER = new Set(["CREATED", "REMINDER_DUE", "CANCELLED"]);
const TO_REFERRER = new Set(["ACCEPTED", "DECLINED", "COMPLETED", "NO_SHOW", "EXPIRED"]);

/** The facts of a referral every message is written from. */
const FACTS = `jsonb_build_object(
    'referralId', r.id, 'need', r.need, 'declineReason', r.decline_reason,
    'senderStructureId', r.sender_structure_id, 'receiverStructureId', r.receiver_structure_id,
    'senderName', sender.name, 'receiverName', receiver.name)`;

/** `source`: the referral table, or a CTE that just inserted the row (not visible in the table yet). */
const fromReferral = (source: string) => `FROM ${source} r
  JOIN structure sender ON sender.id = r.sender_structure_id
  JOIN structure receiver ON receiver.id = r.receiver_structure_id`;

const stateFor = (mode: string) =>
  `CASE ${mode} WHEN 'DAILY_DIGEST' THEN 'DIGEST' ELSE 'PENDING' END`;

/**
 * The outbox rows an event of `type` causes, as one INSERT … SELECT for the event's own statement
 * (see eventWrite), or null when it mails nobody. `eventId` is an SQL expression (the id the
 * statement just drew); the referral is read from `source` as the statement sees it. It returns
 * the state of each row written, so that the statement wakes the senders only for mail due now.
 */
export function referralMailInsert(
  p: StatementParams,
  type: string,
  eventId: string,
  referralId: string,
  source = "referral",
): string | null {
  if (!TO_RECEIVER.has(type) && !TO_REFERRER.has(type)) return null;
  const kind = p.add(`referral.${type}`, "text");
  const referral = p.add(referralId, "uuid");
  if (TO_RECEIVER.has(type)) {
    return `INSERT INTO outbox (kind, recipient, user_id, locale, payload, state, dedupe_key)
       SELECT ${kind}, u.email, u.id, u.locale, ${FACTS} || '{"viaShared": false}', ${stateFor("u.notification_mode")},
              'event:' || ${eventId} || ':' || u.id
         ${fromReferral(source)}
         JOIN membership m ON m.structure_id = r.receiver_structure_id
         JOIN app_user u ON u.id = m.user_id
        WHERE r.id = ${referral} AND u.notification_mode <> 'NONE'
       UNION ALL
       SELECT ${kind}, receiver.notification_email, NULL, 'fr', ${FACTS} || '{"viaShared": true}', 'PENDING',
              'event:' || ${eventId} || ':structure'
         ${fromReferral(source)}
        WHERE r.id = ${referral} AND receiver.notification_email IS NOT NULL
          AND NOT EXISTS (
            SELECT 1 FROM membership m JOIN app_user u ON u.id = m.user_id
             WHERE m.structure_id = r.receiver_structure_id
               AND lower(u.email) = lower(receiver.notification_email))
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING state`;
  }
  return `INSERT INTO outbox (kind, recipient, user_id, locale, payload, state, dedupe_key)
       SELECT ${kind}, u.email, u.id, u.locale, ${FACTS} || '{"viaShared": false}', ${stateFor("u.notification_mode")},
              'event:' || ${eventId} || ':' || u.id
         ${fromReferral(source)}
         JOIN app_user u ON u.id = r.sender_user_id
        WHERE r.id = ${referral} AND u.notification_mode <> 'NONE'
       UNION ALL
       SELECT ${kind}, sender.notification_email, NULL, 'fr', ${FACTS} || '{"viaShared": true}', 'PENDING',
              'event:' || ${eventId} || ':structure'
         ${fromReferral(source)}
        WHERE r.id = ${referral} AND r.sender_user_id IS NULL AND sender.notification_email IS NOT NULL
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING state`;
}
