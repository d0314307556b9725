import type { EntityManager } from "typeorm";
import type { Context, SessionCookie } from "../../graphql/context";
import { ApiError, ErrorCode } from "../../graphql/errors";
import { newSecret, hashSecret } from "./secrets";
import { Session } from "./session.entity";

export const SESSION_LIFETIME_MS = 14 * 24 * 3600 * 1000;

/** Opens a session for `userId` and hands its token to the cookie of the current exchange. */
export async function openSession(
  ctx: Context,
  em: EntityManager,
  userId: string,
): Promise<string> {
  const token = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
  const session = await em.getRepository(Session).save({
    tokenHash: hashSecret(token),
    userId,
    expiresAt,
    ip: ctx.ip,
    userAgent: null,
  });
  ctx.sessionCookie?.set(token, expiresAt);
  return session.id;
}

/** Signing in sets a cookie, which only an HTTP response can carry. */
export function requireCookieTransport(ctx: Context): SessionCookie {
  if (!ctx.sessionCookie) {
    throw new ApiError(
      ErrorCode.BAD_USER_INPUT,
      "Sign in over HTTP: a WebSocket cannot set the session cookie",
    );
  }
  return ctx.sessionCookie;
}
