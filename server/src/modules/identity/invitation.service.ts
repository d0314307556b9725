import type { EntityManager } from "typeorm";
import type { Context } from "../../graphql/context";
import { forbidden } from "../../graphql/auth";
import {
  FieldErrors,
  InvalidCredentialsError,
  InvalidInvitationError,
  NotFoundError,
  type ValidationError,
} from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { Structure } from "../structure/structure.entity";
import { assertUuid } from "../structure/structure.service";
import { emailKey } from "./auth.service";
import { GlobalRole, MembershipRole } from "./identity.enums";
import { checkEmail, checkName, checkPassword } from "./identity.validation";
import { Invitation } from "./invitation.entity";
import { hashPassword, hashSecret, newSecret, verifyPassword } from "./secrets";
import { openSession, requireCookieTransport } from "./session.service";
import { User } from "./user.entity";
import { type Viewer, authenticateUserById, isAdmin, isManagerOf } from "./viewer";
import { enqueueMail } from "../mail/outbox";

export const INVITATION_LIFETIME_MS = 7 * 24 * 3600 * 1000;

export interface InviteInput {
  email: string;
  globalRole?: GlobalRole | null;
  structureId?: string | null;
  role?: MembershipRole | null;
}

/** Admins invite coordinators, admins and managers; a structure's managers invite its staff. */
function mayInvite(viewer: Viewer, input: InviteInput): boolean {
  if (isAdmin(viewer)) return true;
  return (
    input.role === MembershipRole.STAFF &&
    !!input.structureId &&
    isManagerOf(viewer, input.structureId)
  );
}

export async function inviteUser(
  ctx: Context,
  input: InviteInput,
): Promise<{ invitation: Invitation; link: string } | ValidationError | NotFoundError> {
  const errors = new FieldErrors();
  checkEmail(errors, "email", input.email);
  const forStructure = Boolean(input.structureId || input.role);
  if (input.globalRole && forStructure) {
    errors.add(
      "globalRole",
      "EXCLUSIVE",
      "Choisir un rôle global ou un rôle dans une structure, pas les deux.",
    );
  } else if (!input.globalRole && !(input.structureId && input.role)) {
    errors.add("role", "REQUIRED", "Choisir un rôle global, ou une structure et un rôle.");
  }
  if (input.structureId) assertUuid(input.structureId, "input.structureId");
  if (!mayInvite(ctx.viewer, input)) throw forbidden("You may not give this role");
  const invalid = errors.result();
  if (invalid) return invalid;
  if (
    input.structureId &&
    !(await ctx.dataSource.getRepository(Structure).existsBy({ id: input.structureId }))
  ) {
    return new NotFoundError("Structure");
  }

  const token = newSecret();
  const link = `${ctx.config.publicUrl}/invitation/${token}`;
  const invitation = await ctx.dataSource.transaction(async (em) => {
    const saved = await em.getRepository(Invitation).save({
      tokenHash: hashSecret(token),
      email: input.email.trim(),
      globalRole: input.globalRole ?? null,
      structureId: input.structureId ?? null,
      membershipRole: input.role ?? null,
      invitedBy: ctx.viewer.kind === "user" ? ctx.viewer.user.id : null,
      expiresAt: new Date(Date.now() + INVITATION_LIFETIME_MS),
    });
    await audit(em, ctx.viewer, ctx.ip, {
      action: "invitation.created",
      subjectType: "invitation",
      subjectId: saved.id,
      structureId: saved.structureId,
      details: { email: saved.email, globalRole: saved.globalRole, role: saved.membershipRole },
    });
    // Sent after the commit by the outbox; the link leaves the row once sent.
    await enqueueMail(em, {
      kind: "invitation",
      recipient: saved.email,
      payload: { invitationId: saved.id, link },
    });
    return saved;
  });
  return { invitation, link };
}

export interface AcceptInput {
  token: string;
  password: string;
  displayName?: string | null;
}

/**
 * Creates the account (or, for an existing one, checks its password), grants the role, spends
 * the invitation and signs the person in, in one transaction.
 */
export async function acceptInvitation(ctx: Context, input: AcceptInput) {
  requireCookieTransport(ctx);
  const invitation = await ctx.dataSource
    .getRepository(Invitation)
    .findOneBy({ tokenHash: hashSecret(input.token.slice(0, 200)) });
  if (
    !invitation ||
    invitation.acceptedAt ||
    invitation.revokedAt ||
    invitation.expiresAt.getTime() < Date.now()
  ) {
    return new InvalidInvitationError("This invitation link is unknown, already used or expired");
  }
  const existing = await ctx.dataSource
    .getRepository(User)
    .createQueryBuilder("u")
    .where("lower(u.email) = :key", { key: emailKey(invitation.email) })
    .getOne();
  const errors = new FieldErrors();
  if (existing) {
    if (!(await verifyPassword(input.password.slice(0, 200), existing.passwordHash))) {
      return new InvalidCredentialsError();
    }
  } else {
    checkName(errors, "displayName", input.displayName ?? "", 120);
    checkPassword(errors, "password", input.password);
  }
  const invalid = errors.result();
  if (invalid) return invalid;

  const result = await ctx.dataSource.transaction(async (em) => {
    const user = await spendInvitation(
      em,
      invitation,
      ctx.ip,
      async () =>
        existing ??
        (await em.getRepository(User).save({
          email: invitation.email,
          displayName: (input.displayName ?? "").trim(),
          passwordHash: await hashPassword(input.password),
          globalRole: null,
        })),
    );
    if (!user) return null;
    const sessionId = await openSession(ctx, em, user.id);
    return { userId: user.id, sessionId };
  });
  if (!result)
    return new InvalidInvitationError("This invitation link is unknown, already used or expired");
  // An existing account may hold other sessions, whose viewers now lack the granted role.
  ctx.viewers.forget(result.userId);
  return authenticateUserById(ctx.dataSource, result.userId, result.sessionId);
}

/**
 * Spends an invitation in `em`'s transaction and grants its role to the account `account()`
 * gives (found or created by the caller: password or ProConnect). Returns null when the
 * invitation was spent meanwhile: spending it first makes it one-time even when two accept at once.
 */
export async function spendInvitation(
  em: EntityManager,
  invitation: Invitation,
  ip: string | null,
  account: () => Promise<User>,
): Promise<User | null> {
  // An UPDATE … RETURNING answers [rows, count] through TypeORM.
  const [spent] = (await em.query(
    `UPDATE invitation SET accepted_at = now()
      WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id`,
    [invitation.id],
  )) as [{ id: string }[], number];
  if (spent.length === 0) return null;
  const user = await account();
  await em.query(`UPDATE invitation SET accepted_user_id = $2 WHERE id = $1`, [
    invitation.id,
    user.id,
  ]);
  const actor: Viewer = { kind: "user", user, sessionId: "", memberships: [] };
  if (invitation.globalRole && user.globalRole !== GlobalRole.ADMIN) {
    await em.update(User, { id: user.id }, { globalRole: invitation.globalRole });
    await audit(em, actor, ip, {
      action: "role.granted",
      subjectType: "user",
      subjectId: user.id,
      details: { globalRole: invitation.globalRole, invitationId: invitation.id },
    });
  }
  if (invitation.structureId && invitation.membershipRole) {
    await em.query(
      `INSERT INTO membership (user_id, structure_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, structure_id) DO UPDATE SET role = excluded.role`,
      [user.id, invitation.structureId, invitation.membershipRole],
    );
    await audit(em, actor, ip, {
      action: "role.granted",
      subjectType: "user",
      subjectId: user.id,
      structureId: invitation.structureId,
      details: { role: invitation.membershipRole, invitationId: invitation.id },
    });
  }
  return user;
}

/**
 * Invitations not yet accepted nor revoked (expired ones included, to be sent again): a
 * structure's for its managers and admins; without a structure, the network roles', for admins.
 */
export async function pendingInvitations(
  ctx: Context,
  structureId: string | null,
): Promise<Invitation[]> {
  if (structureId) {
    assertUuid(structureId, "structureId");
    if (!isAdmin(ctx.viewer) && !isManagerOf(ctx.viewer, structureId)) {
      throw forbidden("A structure's invitations are for its managers and admins");
    }
  } else if (!isAdmin(ctx.viewer)) {
    throw forbidden("Invitations to a network role are for admins");
  }
  return ctx.dataSource
    .getRepository(Invitation)
    .createQueryBuilder("i")
    .where("i.accepted_at IS NULL AND i.revoked_at IS NULL")
    .andWhere(structureId ? "i.structure_id = :structureId" : "i.structure_id IS NULL", {
      structureId,
    })
    .orderBy("i.created_at", "DESC")
    .limit(500)
    .getMany();
}

type PendingChange = { invitation: Invitation } | NotFoundError | InvalidInvitationError;

/**
 * Locks a pending invitation for a change by someone who may give its role (the same rule as
 * inviting), in `em`'s transaction.
 */
async function lockPending(em: EntityManager, ctx: Context, id: string): Promise<PendingChange> {
  assertUuid(id, "invitationId");
  const invitation = await em
    .getRepository(Invitation)
    .createQueryBuilder("i")
    .setLock("pessimistic_write")
    .where("i.id = :id", { id })
    .getOne();
  if (!invitation) return new NotFoundError("Invitation");
  const input: InviteInput = {
    email: invitation.email,
    globalRole: invitation.globalRole,
    structureId: invitation.structureId,
    role: invitation.membershipRole,
  };
  if (!mayInvite(ctx.viewer, input)) throw forbidden("You may not manage this invitation");
  if (invitation.acceptedAt || invitation.revokedAt) {
    return new InvalidInvitationError("This invitation is already accepted or revoked");
  }
  return { invitation };
}

/** A new link for a pending invitation (the old one stops working), valid 7 days, e-mailed. */
export async function resendInvitation(
  ctx: Context,
  id: string,
): Promise<{ invitation: Invitation; link: string } | NotFoundError | InvalidInvitationError> {
  const token = newSecret();
  const link = `${ctx.config.publicUrl}/invitation/${token}`;
  return ctx.dataSource.transaction(async (em) => {
    const found = await lockPending(em, ctx, id);
    if (!("invitation" in found)) return found;
    const invitation = Object.assign(found.invitation, {
      tokenHash: hashSecret(token),
      expiresAt: new Date(Date.now() + INVITATION_LIFETIME_MS),
    });
    await em.getRepository(Invitation).save(invitation);
    await audit(em, ctx.viewer, ctx.ip, {
      action: "invitation.resent",
      subjectType: "invitation",
      subjectId: invitation.id,
      structureId: invitation.structureId,
      details: { email: invitation.email },
    });
    await enqueueMail(em, {
      kind: "invitation",
      recipient: invitation.email,
      payload: { invitationId: invitation.id, link },
    });
    return { invitation, link };
  });
}

/** Revokes a pending invitation: its link then opens nothing, with a password or ProConnect. */
export async function revokeInvitation(
  ctx: Context,
  id: string,
): Promise<Invitation | NotFoundError | InvalidInvitationError> {
  return ctx.dataSource.transaction(async (em) => {
    const found = await lockPending(em, ctx, id);
    if (!("invitation" in found)) return found;
    const invitation = Object.assign(found.invitation, {
      revokedAt: new Date(),
      revokedBy: ctx.viewer.kind === "user" ? ctx.viewer.user.id : null,
    });
    await em.getRepository(Invitation).save(invitation);
    await audit(em, ctx.viewer, ctx.ip, {
      action: "invitation.revoked",
      subjectType: "invitation",
      subjectId: invitation.id,
      structureId: invitation.structureId,
      details: { email: invitation.email },
    });
    return invitation;
  });
}
