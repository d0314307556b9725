import type { Context } from "../../graphql/context";
import { FieldErrors, TooManyAttemptsError, type ValidationError } from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { enqueueMail } from "../mail/outbox";
import { emailKey } from "./auth.service";
import { checkPassword } from "./identity.validation";
import { hashPassword, hashSecret, newSecret } from "./secrets";

const RESET_LIFETIME_MS = 3600 * 1000;
/** Requests per address per hour, counted whether the address has an account or not. */
export const RESET_REQUESTS_PER_HOUR = 3;

/**
 * Sends a one-time link to choose a new password. The answer is the same whether the address
 * has an account or not (nothing tells who uses Maillage); requests are counted per address,
 * known or not, so the limit tells nothing either.
 */
export async function requestPasswordReset(
  ctx: Context,
  email: string,
): Promise<true | TooManyAttemptsError> {
  const key = emailKey(email).slice(0, 254);
  const [{ recent, wait }] = await ctx.dataSource.query(
    `SELECT count(*)::int AS recent,
            extract(epoch FROM min(at) + interval '1 hour' - now()) AS wait
       FROM audit_entry
      WHERE subject_type = 'email' AND subject_id = $1 AND action = 'password_reset.requested'
        AND at > now() - interval '1 hour'`,
    [key],
  );
  if (recent >= RESET_REQUESTS_PER_HOUR)
    return new TooManyAttemptsError(Math.max(1, Math.ceil(Number(wait))));
  await ctx.dataSource.transaction(async (em) => {
    await audit(em, ctx.viewer, ctx.ip, {
      action: "password_reset.requested",
      subjectType: "email",
      subjectId: key,
    });
    const [user] = await em.query(
      `SELECT id, email, locale FROM app_user WHERE lower(email) = $1`,
      [key],
    );
    if (!user) return;
    const token = newSecret();
    await em.query(
      `INSERT INTO password_reset (user_id, token_hash, expires_at) VALUES ($1, $2, $3)`,
      [user.id, hashSecret(token), new Date(Date.now() + RESET_LIFETIME_MS)],
    );
    await enqueueMail(em, {
      kind: "password_reset",
      recipient: user.email,
      userId: user.id,
      locale: user.locale,
      payload: { link: `${ctx.config.publicUrl}/mot-de-passe/${token}` },
    });
  });
  return true;
}

/**
 * Spends a reset link: sets the new password and closes every open session of the account
 * (whoever knew the old password is signed out). Returns false for an unknown, used or expired link.
 */
export async function resetPassword(
  ctx: Context,
  token: string,
  password: string,
): Promise<boolean | ValidationError> {
  const errors = new FieldErrors();
  checkPassword(errors, "password", password);
  const invalid = errors.result();
  if (invalid) return invalid;
  const hash = await hashPassword(password);
  const userId = await ctx.dataSource.transaction(async (em) => {
    const [reset] = await em.query(
      // In a CTE so the driver returns the rows of a SELECT (an UPDATE answers [rows, count]).
      `WITH spent AS (
         UPDATE password_reset SET used_at = now()
          WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
          RETURNING user_id)
       SELECT user_id FROM spent`,
      [hashSecret(token.slice(0, 200))],
    );
    if (!reset) return null;
    await em.query(`UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1`, [
      reset.user_id,
      hash,
    ]);
    await em.query(
      `UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
      [reset.user_id],
    );
    // Other links of the account die with this one.
    await em.query(
      `UPDATE password_reset SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`,
      [reset.user_id],
    );
    await audit(em, ctx.viewer, ctx.ip, {
      action: "password_reset.done",
      subjectType: "user",
      subjectId: reset.user_id,
    });
    return reset.user_id as string;
  });
  if (!userId) return false;
  ctx.viewers.forget(userId);
  return true;
}
