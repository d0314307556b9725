import type { Context } from "../../graphql/context";
import { forbidden } from "../../graphql/auth";
import { FieldErrors, NotFoundError, type ValidationError } from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { checkEmail } from "../identity/identity.validation";
import { isAdmin, isManagerOf } from "../identity/viewer";
import { Structure } from "../structure/structure.entity";
import {
  MailLocale,
  NotificationMode,
  type NotificationSettings,
  OutboxMessage,
  OutboxState,
} from "./mail.types";
import { OUTBOX_CHANNEL } from "./outbox";
import { renderOutboxMail } from "./render-outbox";
import { directoryWritten } from "../../db/directory-writes";

function signedInUserId(ctx: Context): string {
  if (ctx.viewer.kind !== "user")
    throw forbidden("Only a signed-in person has notification settings");
  return ctx.viewer.user.id;
}

export async function notificationSettings(ctx: Context): Promise<NotificationSettings> {
  const [row] = await ctx.dataSource.query(
    `SELECT notification_mode AS mode, locale FROM app_user WHERE id = $1`,
    [signedInUserId(ctx)],
  );
  return { mode: row.mode, locale: row.locale };
}

export async function updateNotificationSettings(
  ctx: Context,
  mode: NotificationMode,
  locale: MailLocale | null | undefined,
): Promise<NotificationSettings> {
  // An UPDATE … RETURNING answers [rows, count] through TypeORM.
  const [rows]: [NotificationSettings[], number] = await ctx.dataSource.query(
    `UPDATE app_user SET notification_mode = $2, locale = coalesce($3, locale), updated_at = now()
      WHERE id = $1 RETURNING notification_mode AS mode, locale`,
    [signedInUserId(ctx), mode, locale ?? null],
  );
  return rows[0];
}

/** Members (and admins, coordinators) see a structure's notification address; others see null. */
export function canSeeNotificationEmail(ctx: Context, structureId: string): boolean {
  const v = ctx.viewer;
  if (v.kind !== "user") return false;
  return v.user.globalRole !== null || v.memberships.some((m) => m.structureId === structureId);
}

export async function setStructureNotificationEmail(
  ctx: Context,
  structureId: string,
  email: string | null | undefined,
): Promise<Structure | ValidationError | NotFoundError> {
  if (!isAdmin(ctx.viewer) && !isManagerOf(ctx.viewer, structureId))
    throw forbidden("Only the structure's managers and admins set its notification address");
  const value = email?.trim() || null;
  const errors = new FieldErrors();
  if (value) checkEmail(errors, "email", value);
  const invalid = errors.result();
  if (invalid) return invalid;
  return ctx.dataSource.transaction(async (em) => {
    const repo = em.getRepository(Structure);
    const structure = await repo.findOneBy({ id: structureId });
    if (!structure) return new NotFoundError("Structure");
    structure.notificationEmail = value;
    await repo.update({ id: structureId }, { notificationEmail: value });
    directoryWritten(em); // its updatedAt is shown in the directory
    await audit(em, ctx.viewer, ctx.ip, {
      action: "structure.notification_email_set",
      subjectType: "structure",
      subjectId: structureId,
      structureId,
      details: { set: value !== null },
    });
    return structure;
  });
}

interface OutboxRow {
  id: string;
  kind: string;
  recipient: string;
  locale: string;
  payload: Record<string, unknown>;
  state: OutboxState;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  next_attempt_at: Date | null;
  sent_at: Date | null;
}

const COLUMNS = `id::text, kind, recipient, locale, payload, state, attempts, last_error, created_at,
  CASE WHEN state = 'PENDING' THEN next_attempt_at END AS next_attempt_at, sent_at`;

function toMessage(ctx: Context, row: OutboxRow): OutboxMessage {
  let subject: string;
  try {
    subject = renderOutboxMail(row.kind, row.payload, row.locale, ctx.config.publicUrl).subject;
  } catch {
    subject = row.kind;
  }
  return Object.assign(new OutboxMessage(), {
    id: row.id,
    kind: row.kind,
    recipient: row.recipient,
    subject,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    sentAt: row.sent_at,
  });
}

export async function outboxOverview(ctx: Context, failedFirst: number) {
  const counts: { state: OutboxState; count: number }[] = await ctx.dataSource.query(
    `SELECT state, count(*)::int AS count FROM outbox GROUP BY state ORDER BY state`,
  );
  const failed: OutboxRow[] = await ctx.dataSource.query(
    `SELECT ${COLUMNS} FROM outbox WHERE state = 'FAILED' ORDER BY created_at DESC, id DESC LIMIT $1`,
    [Math.min(Math.max(failedFirst, 1), 200)],
  );
  return { counts, failed: failed.map((r) => toMessage(ctx, r)) };
}

/** Puts a failed message back in line, with its attempts counted from zero. */
export async function retryOutboxMessage(ctx: Context, id: string) {
  if (!/^\d{1,18}$/.test(id)) return new NotFoundError("Outbox message");
  return ctx.dataSource.transaction(async (em) => {
    const rows: OutboxRow[] = await em.query(
      `WITH retried AS (
         UPDATE outbox SET state = 'PENDING', attempts = 0, next_attempt_at = now()
          WHERE id = $1 AND state = 'FAILED' RETURNING *)
       SELECT ${COLUMNS} FROM retried`,
      [id],
    );
    if (!rows.length) return new NotFoundError("Failed outbox message");
    await audit(em, ctx.viewer, ctx.ip, {
      action: "outbox.retried",
      subjectType: "outbox",
      subjectId: id,
    });
    await em.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return toMessage(ctx, rows[0]);
  });
}
