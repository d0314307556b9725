import type { Context } from "../../graphql/context";
import { forbidden } from "../../graphql/auth";
import {
  InvalidCredentialsError,
  ProConnectRequiredError,
  TooManyAttemptsError,
} from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { DUMMY_PASSWORD_HASH, verifyPassword } from "./secrets";
import { openSession, requireCookieTransport } from "./session.service";
import { User } from "./user.entity";
import { type Viewer, authenticateUserById } from "./viewer";

/** Failed logins tolerated in the window, per account and per client address. */
export const LOGIN_LIMITS = { windowMinutes: 15, perAccount: 5, perIp: 20 };

export const emailKey = (email: string) => email.trim().toLowerCase();

/**
 * Failures are counted in the database, so every instance behind a load balancer agrees.
 * Returns the seconds to wait, or 0 when a new attempt is allowed.
 */
async function throttle(ctx: Context, key: string, ip: string): Promise<number> {
  const [row] = await ctx.dataSource.query(
    `SELECT count(*) FILTER (WHERE email_key = $1)::int AS by_account,
            count(*) FILTER (WHERE ip = $2)::int AS by_ip,
            extract(epoch FROM (min(at) FILTER (WHERE email_key = $1) + make_interval(mins => $3)) - now()) AS account_wait,
            extract(epoch FROM (min(at) FILTER (WHERE ip = $2) + make_interval(mins => $3)) - now()) AS ip_wait
       FROM login_attempt
      WHERE NOT succeeded AND at > now() - make_interval(mins => $3) AND (email_key = $1 OR ip = $2)`,
    [key, ip, LOGIN_LIMITS.windowMinutes],
  );
  const waits: number[] = [];
  if (row.by_account >= LOGIN_LIMITS.perAccount) waits.push(Number(row.account_wait));
  if (row.by_ip >= LOGIN_LIMITS.perIp) waits.push(Number(row.ip_wait));
  return waits.length ? Math.max(1, Math.ceil(Math.max(...waits))) : 0;
}

export async function login(
  ctx: Context,
  email: string,
  password: string,
): Promise<Viewer | InvalidCredentialsError | TooManyAttemptsError | ProConnectRequiredError> {
  requireCookieTransport(ctx);
  const key = emailKey(email).slice(0, 254);
  const ip = ctx.ip ?? "unknown";
  const wait = await throttle(ctx, key, ip);
  if (wait > 0) {
    await audit(ctx.dataSource.manager, ctx.viewer, ctx.ip, {
      action: "login.throttled",
      subjectType: "email",
      subjectId: key,
    });
    return new TooManyAttemptsError(wait);
  }
  const user = await ctx.dataSource
    .getRepository(User)
    .createQueryBuilder("u")
    .where("lower(u.email) = :key", { key })
    .getOne();
  // Same work whether the e-mail exists or not, so timing does not tell which was wrong.
  const ok = await verifyPassword(
    password.slice(0, 200),
    user?.passwordHash ?? DUMMY_PASSWORD_HASH,
  );
  if (!user || !ok) {
    await ctx.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO login_attempt (email_key, ip, succeeded) VALUES ($1, $2, false)`,
        [key, ip],
      );
      await audit(em, ctx.viewer, ctx.ip, {
        action: "login.failed",
        subjectType: "email",
        subjectId: key,
        details: { knownAccount: Boolean(user) },
      });
    });
    return new InvalidCredentialsError();
  }
  // Told only after a right password, so it says nothing to whoever tries addresses.
  if (ctx.config.oidc && (await mustUseProConnect(ctx, user.id))) {
    await audit(ctx.dataSource.manager, ctx.viewer, ctx.ip, {
      action: "login.proconnect_required",
      subjectType: "user",
      subjectId: user.id,
    });
    return new ProConnectRequiredError();
  }
  const sessionId = await ctx.dataSource.transaction(async (em) => {
    await em.query(`INSERT INTO login_attempt (email_key, ip, succeeded) VALUES ($1, $2, true)`, [
      key,
      ip,
    ]);
    const id = await openSession(ctx, em, user.id);
    await audit(em, { kind: "user", user, sessionId: id, memberships: [] }, ctx.ip, {
      action: "login.succeeded",
      subjectType: "user",
      subjectId: user.id,
    });
    return id;
  });
  return authenticateUserById(ctx.dataSource, user.id, sessionId);
}

/** Whether the person belongs to a structure whose members sign in with ProConnect only. */
async function mustUseProConnect(ctx: Context, userId: string): Promise<boolean> {
  const rows = await ctx.dataSource.query(
    `SELECT 1 FROM membership m JOIN structure s ON s.id = m.structure_id
      WHERE m.user_id = $1 AND s.require_oidc LIMIT 1`,
    [userId],
  );
  return rows.length > 0;
}

export async function logout(ctx: Context): Promise<boolean> {
  if (ctx.viewer.kind !== "user") throw forbidden("Only a signed-in person can sign out");
  await ctx.dataSource.query(
    `UPDATE user_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`,
    [ctx.viewer.sessionId],
  );
  ctx.viewers.forget(ctx.viewer.user.id);
  ctx.sessionCookie?.clear();
  return true;
}

/** Revokes every session of the viewer, this one included; returns how many were open. */
export async function logoutEverywhere(ctx: Context): Promise<number> {
  const viewer = ctx.viewer;
  if (viewer.kind !== "user") throw forbidden("Only a signed-in person can sign out");
  const revoked = await ctx.dataSource.transaction(async (em) => {
    // An UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [rows] = (await em.query(
      `UPDATE user_session SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
      [viewer.user.id],
    )) as [{ id: string }[], number];
    await audit(em, viewer, ctx.ip, {
      action: "logout.everywhere",
      subjectType: "user",
      subjectId: viewer.user.id,
      details: { sessions: rows.length },
    });
    return rows.length as number;
  });
  ctx.viewers.forget(viewer.user.id);
  ctx.sessionCookie?.clear();
  return revoked;
}
