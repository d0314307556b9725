/**
 * The transactional outbox: an e-mail is a row written in the transaction of the change that
 * causes it, so it exists exactly when the change commits. `pg_notify` wakes the senders of every
 * instance at commit; they take due rows with FOR UPDATE SKIP LOCKED (see outbox-sender.ts).
 */
import type { EntityManager } from "typeorm";

export const OUTBOX_CHANNEL = "outbox";

export type OutboxState = "PENDING" | "SENT" | "FAILED" | "DIGEST" | "DIGESTED";

/** Kinds whose payload holds a one-time link: it is removed once the message is sent. */
export const SECRET_KINDS = new Set(["invitation", "password_reset"]);

export interface NewMail {
  kind: string;
  recipient: string;
  userId?: string | null;
  locale?: string;
  payload: Record<string, unknown>;
  /** A second message with the same key is never written (reminders, retries of a job). */
  dedupeKey?: string;
}

export async function enqueueMail(em: EntityManager, mail: NewMail): Promise<void> {
  await em.query(
    `INSERT INTO outbox (kind, recipient, user_id, locale, payload, dedupe_key)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      mail.kind,
      mail.recipient,
      mail.userId ?? null,
      mail.locale ?? "fr",
      JSON.stringify(mail.payload),
      mail.dedupeKey ?? null,
    ],
  );
  await em.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
}
