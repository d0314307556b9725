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

/** Resolves credentials; unknown, expired or revoked ones give the anonymous viewer. */
export async function authenticate(
  dataSource: DataSource,
  credentials: Credentials,
): Promise<Viewer> {
  if (credentials.bearerToken) return authenticateToken(dataSource, credentials.bearerToken);
  if (credentials.sessionToken) return authenticateSession(dataSource, credentials.sessionToken);
  return ANONYMOUS;
}

async function authenticateToken(dataSource: DataSource, secret: string): Promise<Viewer> {
  if (!secret.startsWith(API_TOKEN_PREFIX) || secret.length > 200) return ANONYMOUS;
  const repo = dataSource.getRepository(ApiToken);
  const token = await repo.findOneBy({ tokenHash: hashSecret(secret) });
  if (!token || token.revokedAt) return ANONYMOUS;
  if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await repo.update({ id: token.id }, { lastUsedAt: new Date() });
  }
  return { kind: "token", tokenId: token.id, structureId: token.structureId };
}

// One statement: the live session, its user and the user's memberships.
const SESSION_VIEWER_SQL = `
  SELECT s.id AS session_id, u.id, u.email, u.display_name, u.global_role, u.created_at,
         coalesce(json_agg(json_build_object('id', m.id, 'structureId', m.structure_id, 'role', m.role, 'createdAt', m.created_at))
                  FILTER (WHERE m.id IS NOT NULL), '[]') AS memberships
    FROM user_session s
    JOIN app_user u ON u.id = s.user_id
    LEFT JOIN membership m ON m.user_id = u.id
   WHERE s.revoked_at IS NULL AND s.expires_at > now() AND %WHERE%
   GROUP BY s.id, u.id`;

async function authenticateSession(dataSource: DataSource, secret: string): Promise<Viewer> {
  if (secret.length > 200) return ANONYMOUS;
  return sessionViewer(dataSource, "s.token_hash = $1", [hashSecret(secret)]);
}

/** The viewer of a session just opened (login, accepted invitation). */
export function authenticateUserById(dataSource: DataSource, userId: string, sessionId: string) {
  return sessionViewer(dataSource, "s.id = $1 AND u.id = $2", [sessionId, userId]);
}

async function sessionViewer(
  dataSource: DataSource,
  where: string,
  params: unknown[],
): Promise<Viewer> {
  const rows: (Record<string, unknown> & { session_id: string })[] = await dataSource.query(
    SESSION_VIEWER_SQL.replace("%WHERE%", where),
    params,
  );
  const row = rows[0];
  if (!row) return ANONYMOUS;
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
  return { kind: "user", user, sessionId: row.session_id, memberships };
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
