/**
 * The daily digest: accounts that chose one e-mail a day get their notifications written as
 * DIGEST rows; once a day (the first jobs run after `DIGEST_HOUR` in Paris) they are gathered into
 * one message per recipient. One instance at a time composes (an advisory lock); a recipient gets
 * at most one digest per day (its dedupe key).
 */
import type { DataSource } from "typeorm";
import { renderOutboxMail } from "./render-outbox";
import { OUTBOX_CHANNEL } from "./outbox";

export const DIGEST_HOUR = 8;
const DIGEST_LOCK = 7_301_002;

const PARIS_HOUR = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Paris",
  hour: "2-digit",
  hourCycle: "h23",
});
const PARIS_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" });

interface DigestItem {
  id: string;
  recipient: string;
  user_id: string | null;
  locale: string;
  kind: string;
  payload: Record<string, unknown>;
}

/** Returns how many digests were written. */
export async function composeDigests(
  dataSource: DataSource,
  publicUrl: string,
  now = new Date(),
): Promise<number> {
  if (Number(PARIS_HOUR.format(now)) < DIGEST_HOUR) return 0;
  const day = PARIS_DAY.format(now);
  return dataSource.transaction(async (em) => {
    const [{ locked }] = await em.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
      DIGEST_LOCK,
    ]);
    if (!locked) return 0;
    const items: DigestItem[] = await em.query(
      `SELECT o.id::text, o.recipient, o.user_id, o.locale, o.kind, o.payload FROM outbox o
        WHERE o.state = 'DIGEST'
          AND NOT EXISTS (SELECT 1 FROM outbox d WHERE d.dedupe_key = 'digest:' || o.recipient || ':' || $1)
        ORDER BY o.id`,
      [day],
    );
    const byRecipient = new Map<string, DigestItem[]>();
    for (const item of items) {
      const list = byRecipient.get(item.recipient) ?? [];
      list.push(item);
      byRecipient.set(item.recipient, list);
    }
    for (const [recipient, list] of byRecipient) {
      const last = list[list.length - 1];
      const subjects = list.map(
        (i) => renderOutboxMail(i.kind, i.payload, i.locale, publicUrl).subject,
      );
      await em.query(
        `INSERT INTO outbox (kind, recipient, user_id, locale, payload, dedupe_key)
         VALUES ('digest', $1, $2, $3, $4, $5)`,
        [
          recipient,
          last.user_id,
          last.locale,
          JSON.stringify({ subjects }),
          `digest:${recipient}:${day}`,
        ],
      );
      await em.query(`UPDATE outbox SET state = 'DIGESTED' WHERE id = ANY($1::bigint[])`, [
        list.map((i) => i.id),
      ]);
    }
    if (byRecipient.size) await em.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return byRecipient.size;
  });
}
