import { GraphQLError } from "graphql";
import type { DataSource } from "typeorm";
import { ApiToken } from "./api-token.entity";
import { GlobalRole, MembershipRole } from "./identity.enums";
import { Membership } from "./membership.entity";
import { hashSecret } from "./secrets";
import { User } from "./user.entity";

/** Who is calling. Resolved from the session cookie or a Bearer token, for every operation. */
export type Viewer =
  | { kind: "anonymous" }
  | {
      kind: "user";
      user: User;
      sessionId: string;
      memberships: Pick<Membership, "id" | "structureId" | "role" | "createdAt">[];
    }
  | { kind: "token"; tokenId: string; structureId: string };

export const ANONYMOUS: Viewer = { kind: "anonymous" };

export const SESSION_COOKIE = "maillage_session";
export const API_TOKEN_PREFIX = "mlg_";

// Writing last_used_at on every request would turn every read into a write; a minute is precise enough.
const LAST_USED_PRECISION_MS = 60_000;

/** A Bearer token was presented but is unknown or revoked: an error, never a silent anonymous call. */
export const invalidToken = () =>
  new GraphQLError("Unknown or revoked API token", {
    extensions: { code: "UNAUTHENTICATED", http: { status: 401 } },
  });

export interface Credentials {
  sessionToken?: string | null;
  bearerToken?: string | null;
}

/** Which secret a request presents, by its hash: the form secrets are stored and looked up in. */
export type SecretKey = { kind: "session" | "token"; hash: string };

/** The secret to look up (a Bearer token wins over a cookie); null when none is plausible. */
export function secretKeyOf(credentials: Credentials): SecretKey | null {
  const { bearerToken, sessionToken } = credentials;
  if (bearerToken) {
    if (!bearerToken.startsWith(API_TOKEN_PREFIX) || bearerToken.length > 200) return null;
    return { kind: "token", hash: hashSecret(bearerToken) };
  }
  if (sessionToken) {
    if (sessionToken.length > 200) return null;
    return { kind: "session", hash: hashSecret(sessionToken) };
  }
  return null;
}

/** A viewer found from a secret, with what says how long it stays true without asking again. */
export interface FoundViewer {
  viewer: Exclude<Viewer, { kind: "anonymous" }>;
  /** When the session ends, in ms since the epoch; Infinity for a token. */
  expiresAt: number;
  /** A token's `last_used_at` as written, in ms since the epoch (0 for a session). */
  lastUsedAt: number;
}

/** Resolves credentials; unknown, expired or revoked ones give the anonymous viewer. */
export async function authenticate(
  dataSource: DataSource,
  credentials: Credentials,
): Promise<Viewer> {
  const key = secretKeyOf(credentials);
  if (!key) return ANONYMOUS;
  return (await findViewer(dataSource, key))?.viewer ?? ANONYMOUS;
}

/** The live session or token a secret's hash names, or null. */
export function findViewer(dataSource: DataSource, key: SecretKey): Promise<FoundViewer | null> {
  return key.kind === "token"
    ? findTokenViewer(dataSource, key.hash)
    : sessionViewer(dataSource, "s.token_hash = $1", [key.hash]);
}

async function findTokenViewer(dataSource: DataSource, hash: string): Promise<FoundViewer | null> {
  const token = await dataSource.getRepository(ApiToken).findOneBy({ tokenHash: hash });
  if (!token || token.revokedAt) return null;
  let lastUsedAt = token.lastUsedAt?.getTime() ?? 0;
  if (tokenUseIsStale(lastUsedAt)) lastUsedAt = await touchToken(dataSource, token.id);
  return {
    viewer: { kind: "token", tokenId: token.id, structureId: token.structureId },
    expiresAt: Infinity,
    lastUsedAt,
  };
}

/** Whether a token's `last_used_at` is old enough to be written again. */
export const tokenUseIsStale = (lastUsedAt: number) =>
  Date.now() - lastUsedAt > LAST_USED_PRECISION_MS;

/** Records that a token is in use now; resolves with the instant written. */
export async function touchToken(dataSource: DataSource, tokenId: string): Promise<number> {
  const now = new Date();
  await dataSource.getRepository(ApiToken).update({ id: tokenId }, { lastUsedAt: now });
  return now.getTime();
}

// One statement: the live session, its user and the user's memberships.
const SESSION_VIEWER_SQL = `
  SELECT s.id AS session_id, s.expires_at, u.id, u.email, u.display_name, u.global_role, u.created_at,
         coalesce(json_agg(json_build_object('id', m.id, 'structureId', m.structure_id, 'role', m.role, 'createdAt', m.created_at))
                  FILTER (WHERE m.id IS NOT NULL), '[]') AS memberships
    FROM user_session s
    JOIN app_user u ON u.id = s.user_id
    LEFT JOIN membership m ON m.user_id = u.id
   WHERE s.revoked_at IS NULL AND s.expires_at > now() AND %WHERE%
   GROUP BY s.id, u.id`;

/** The viewer of a session just opened (login, accepted invitation). */
export async function authenticateUserById(
  dataSource: DataSource,
  userId: string,
  sessionId: string,
): Promise<Viewer> {
  const found = await sessionViewer(dataSource, "s.id = $1 AND u.id = $2", [sessionId, userId]);
  return found?.viewer ?? ANONYMOUS;
}

async function sessionViewer(
  dataSource: DataSource,
  where: string,
  params: unknown[],
): Promise<FoundViewer | null> {
  const rows: (Record<string, unknown> & { session_id: string })[] = await dataSource.query(
    SESSION_VIEWER_SQL.replace("%WHERE%", where),
    params,
  );
  const row = rows[0];
  if (!row) return null;
  const user = Object.assign(new User(), {
    id: row.id as string,
    email: row.email as string,
    displayName: row.display_name as string,
    globalRole: row.global_role as GlobalRole | null,
    createdAt: row.created_at as Date,
  });
  const memberships = (
    row.memberships as {
      id: string;
      structureId: string;
      role: MembershipRole;
      createdAt: string;
    }[]
  ).map((m) => ({ ...m, createdAt: new Date(m.createdAt) }));
  return {
    viewer: { kind: "user", user, sessionId: row.session_id, memberships },
    expiresAt: (row.expires_at as Date).getTime(),
    lastUsedAt: 0,
  };
}

export const isAdmin = (v: Viewer) => v.kind === "user" && v.user.globalRole === GlobalRole.ADMIN;
export const isCoordinator = (v: Viewer) =>
  v.kind === "user" && v.user.globalRole === GlobalRole.COORDINATOR;

/** The viewer's role in a structure: a membership, or STAFF-like access for the structure's token. */
export function roleIn(v: Viewer, structureId: string): MembershipRole | "TOKEN" | null {
  if (v.kind === "token") return v.structureId === structureId ? "TOKEN" : null;
  if (v.kind !== "user") return null;
  return v.memberships.find((m) => m.structureId === structureId)?.role ?? null;
}

export const isManagerOf = (v: Viewer, structureId: string) =>
  roleIn(v, structureId) === MembershipRole.MANAGER;
