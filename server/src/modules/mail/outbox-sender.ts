/**
 * Sends what the outbox holds. Every instance runs one sender, woken by `pg_notify` at each
 * commit that wrote mail and every `MAIL_POLL_SECONDS` (for retries). Due rows are claimed with
 * FOR UPDATE SKIP LOCKED and leased, so two instances never send one message twice; a message
 * whose sending fails waits with exponential back-off and is marked FAILED after
 * `MAIL_MAX_ATTEMPTS`, or at once when the SMTP server refuses it for good (5xx). An SMTP outage
 * only delays mail: the changes that caused it were committed long before. A message committed
 * but not yet sent when the process dies is sent by the next instance to start (or, if it was
 * already claimed, once its lease ends): never lost, at worst sent twice when the process died
 * between the SMTP server's acceptance and the marking.
 */
import type { DataSource } from "typeorm";
import type { Database } from "../../db/data-source";
import { logBackgroundFailure } from "../../db/unavailable";
import type { AppLogger } from "../../logger";
import type { MailConfig } from "./mail.config";
import { OUTBOX_CHANNEL, SECRET_KINDS } from "./outbox";
import { renderOutboxMail } from "./render-outbox";
import { isPermanentMailError, type MailTransport, mailErrorReason } from "./transport";

const BATCH = 10;
/** A claimed message is someone's for this long; if its sender dies, another takes it after. */
const LEASE_MS = 10 * 60_000;

/** 30 s, 1 min, 2 min, … at most 1 h. */
export const mailRetryDelayMs = (attempts: number) => Math.min(30_000 * 2 ** attempts, 3_600_000);

export interface SendReport {
  sent: number;
  retried: number;
  failed: number;
}

interface DueRow {
  id: string;
  kind: string;
  recipient: string;
  locale: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * One pass: sends every due message (in batches) and returns what happened. Each batch is
 * claimed in a short transaction (its rows leased for `LEASE_MS`), sent outside any transaction,
 * then marked; a slow SMTP server thus never holds a database connection or a lock.
 */
export async function sendDueMail(
  dataSource: DataSource,
  transport: MailTransport,
  config: Pick<MailConfig, "maxAttempts">,
  publicUrl: string,
  now: () => Date = () => new Date(),
): Promise<SendReport> {
  const report: SendReport = { sent: 0, retried: 0, failed: 0 };
  for (;;) {
    const rows: DueRow[] = await dataSource.query(
      `WITH due AS (
         SELECT id FROM outbox WHERE state = 'PENDING' AND next_attempt_at <= $1
          ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE outbox o SET next_attempt_at = $2 FROM due WHERE o.id = due.id
         RETURNING o.id::text, o.kind, o.recipient, o.locale, o.payload, o.attempts)
       SELECT * FROM claimed ORDER BY id::bigint`,
      [now(), new Date(now().getTime() + LEASE_MS)],
    );
    for (const [index, row] of rows.entries()) {
      try {
        const mail = renderOutboxMail(row.kind, row.payload, row.locale, publicUrl);
        await transport.send({ to: row.recipient, ...mail });
      } catch (error) {
        const permanent = isPermanentMailError(error) || isTemplateError(error);
        const attempts = row.attempts + 1;
        const giveUp = permanent || attempts >= config.maxAttempts;
        await dataSource.query(
          `UPDATE outbox SET attempts = $2, last_error = $3, state = $4, next_attempt_at = $5 WHERE id = $1`,
          [
            row.id,
            attempts,
            mailErrorReason(error),
            giveUp ? "FAILED" : "PENDING",
            new Date(now().getTime() + mailRetryDelayMs(row.attempts)),
          ],
        );
        if (giveUp) report.failed++;
        else report.retried++;
        if (!permanent) {
          // The server cannot be reached or says "later": the rest of the batch waits too.
          await release(dataSource, rows.slice(index + 1));
          return report;
        }
        continue;
      }
      await dataSource.query(
        `UPDATE outbox SET state = 'SENT', sent_at = $2, attempts = attempts + 1, last_error = NULL,
                payload = CASE WHEN $3 THEN payload - 'link' ELSE payload END
          WHERE id = $1`,
        [row.id, now(), SECRET_KINDS.has(row.kind)],
      );
      report.sent++;
    }
    if (rows.length < BATCH) return report;
  }
}

/** A claimed message not sent yet: due again at once. */
async function release(dataSource: DataSource, rows: DueRow[]): Promise<void> {
  if (!rows.length) return;
  await dataSource.query(`UPDATE outbox SET next_attempt_at = now() WHERE id = ANY($1::bigint[])`, [
    rows.map((r) => r.id),
  ]);
}

/** A message our own templates cannot write: retrying would not help. */
const isTemplateError = (error: unknown) =>
  error instanceof Error && error.message.startsWith("no template for e-mail kind");

/** The sender loop of one instance. */
export class OutboxSender {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly transport: MailTransport,
    private readonly config: MailConfig,
    private readonly publicUrl: string,
    private readonly logger: AppLogger,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(OUTBOX_CHANNEL, {
      onNotification: () => this.kick(),
      onConnected: () => this.kick(),
    });
    this.timer = setInterval(() => this.kick(), this.config.pollSeconds * 1000);
    this.timer.unref();
  }

  /** Runs a pass now, or right after the one in progress. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          const report = await sendDueMail(
            this.db.dataSource,
            this.transport,
            this.config,
            this.publicUrl,
          );
          if (report.retried || report.failed)
            this.logger.warn(report, "some e-mails were not sent");
        } catch (error) {
          logBackgroundFailure(this.logger, error, "sending e-mail failed; will retry");
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.unlisten?.();
    this.transport.close();
  }
}
