import type { EntityManager } from "typeorm";
import type { Context, SessionCookie } from "../../graphql/context";
import { ApiError, ErrorCode } from "../../graphql/errors";
import { newSecret, hashSecret } from "./secrets";

export const SESSION_LIFETIME_MS = 14 * 24 * 3600 * 1000;

/** Where a session comes from: the client's address, its cookie, and how the person signed in. */
export interface SessionOrigin {
  ip: string | null;
  cookie: SessionCookie | null;
  method?: "password" | "oidc";
  acr?: string | null;
  amr?: string[] | null;
  /** Kept for the provider's logout (`id_token_hint`). */
  idToken?: string | null;
}

/** Opens a session for `userId` and hands its token to the cookie; returns the session's id. */
export async function startSession(
  em: EntityManager,
  userId: string,
  origin: SessionOrigin,
): Promise<string> {
  const token = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
  const [row] = await em.query(
    `INSERT INTO user_session (token_hash, user_id, expires_at, ip, auth_method, acr, amr, id_token)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      hashSecret(token),
      userId,
      expiresAt,
      origin.ip,
      origin.method ?? "password",
      origin.acr ?? null,
      origin.amr ?? null,
      origin.idToken ?? null,
    ],
  );
  origin.cookie?.set(token, expiresAt);
  return row.id as string;
}

/** Opens a password session for `userId` in a GraphQL exchange. */
export function openSession(ctx: Context, em: EntityManager, userId: string): Promise<string> {
  return startSession(em, userId, { ip: ctx.ip, cookie: ctx.sessionCookie });
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
