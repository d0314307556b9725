import type { Context } from "../../graphql/context";
import { forbidden } from "../../graphql/auth";
import { FieldErrors, NotFoundError, type ValidationError } from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { assertUuid } from "../structure/structure.service";
import { GlobalRole, MembershipRole } from "./identity.enums";
import { Membership } from "./membership.entity";
import { User } from "./user.entity";
import { isAdmin, isCoordinator, isManagerOf, roleIn } from "./viewer";

/** Members of a structure: seen by its own members, coordinators and admins. */
export async function listMembers(ctx: Context, structureId: string): Promise<Membership[]> {
  assertUuid(structureId, "structureId");
  const v = ctx.viewer;
  const member = roleIn(v, structureId);
  if (!isAdmin(v) && !isCoordinator(v) && (member === null || member === "TOKEN")) {
    throw forbidden("Only the structure's members see its members");
  }
  return ctx.dataSource
    .getRepository(Membership)
    .find({ where: { structureId }, order: { createdAt: "ASC" } });
}

/** Admins change any role; a manager may only step down to staff (a structure's managers are named by admins). */
export async function changeMembershipRole(
  ctx: Context,
  membershipId: string,
  role: MembershipRole,
): Promise<Membership | NotFoundError> {
  assertUuid(membershipId, "membershipId");
  const membership = await ctx.dataSource.getRepository(Membership).findOneBy({ id: membershipId });
  if (!membership) return new NotFoundError("Membership");
  const v = ctx.viewer;
  const stepsDown =
    v.kind === "user" && v.user.id === membership.userId && role === MembershipRole.STAFF;
  if (!isAdmin(v) && !stepsDown) {
    throw forbidden("Only admins change roles; a manager may step down to staff");
  }
  if (membership.role === role) return membership;
  const previous = membership.role;
  membership.role = role;
  await ctx.dataSource.transaction(async (em) => {
    await em.update(Membership, { id: membershipId }, { role });
    await audit(em, ctx.viewer, ctx.ip, {
      action: "role.changed",
      subjectType: "user",
      subjectId: membership.userId,
      structureId: membership.structureId,
      details: { from: previous, to: role, membershipId },
    });
  });
  ctx.viewers.forget(membership.userId);
  return membership;
}

/** Admins remove anyone; managers remove their structure's staff; anyone may leave a structure. */
export async function removeMembership(
  ctx: Context,
  membershipId: string,
): Promise<Membership | NotFoundError> {
  assertUuid(membershipId, "membershipId");
  const membership = await ctx.dataSource.getRepository(Membership).findOneBy({ id: membershipId });
  if (!membership) return new NotFoundError("Membership");
  const v = ctx.viewer;
  const self = v.kind === "user" && v.user.id === membership.userId;
  const managerRemovesStaff =
    isManagerOf(v, membership.structureId) && membership.role === MembershipRole.STAFF;
  if (!isAdmin(v) && !managerRemovesStaff && !self) {
    throw forbidden(
      "Only admins remove managers; managers remove their structure's staff; anyone may leave",
    );
  }
  await ctx.dataSource.transaction(async (em) => {
    await em.delete(Membership, { id: membershipId });
    await audit(em, v, ctx.ip, {
      action: "role.revoked",
      subjectType: "user",
      subjectId: membership.userId,
      structureId: membership.structureId,
      details: { role: membership.role, membershipId },
    });
  });
  ctx.viewers.forget(membership.userId);
  return membership;
}

/** Admins only; an admin cannot drop their own admin role (someone must stay able to act). */
export async function setGlobalRole(
  ctx: Context,
  userId: string,
  role: GlobalRole | null,
): Promise<User | NotFoundError | ValidationError> {
  assertUuid(userId, "userId");
  if (!isAdmin(ctx.viewer)) throw forbidden();
  const user = await ctx.dataSource.getRepository(User).findOneBy({ id: userId });
  if (!user) return new NotFoundError("User");
  if (ctx.viewer.kind === "user" && ctx.viewer.user.id === userId && role !== GlobalRole.ADMIN) {
    return new FieldErrors()
      .add("role", "SELF_DEMOTION", "Un administrateur ne peut pas retirer son propre rôle.")
      .result()!;
  }
  if (user.globalRole === role) return user;
  const previous = user.globalRole;
  user.globalRole = role;
  await ctx.dataSource.transaction(async (em) => {
    await em.update(User, { id: userId }, { globalRole: role });
    await audit(em, ctx.viewer, ctx.ip, {
      action: "role.changed",
      subjectType: "user",
      subjectId: userId,
      details: { from: previous, to: role },
    });
  });
  ctx.viewers.forget(userId);
  return user;
}
