import type { Context } from "../../graphql/context";
import { forbidden } from "../../graphql/auth";
import { FieldErrors, NotFoundError, type ValidationError } from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { Structure } from "../structure/structure.entity";
import { assertUuid } from "../structure/structure.service";
import { ApiToken } from "./api-token.entity";
import { checkName } from "./identity.validation";
import { hashSecret, newSecret } from "./secrets";
import { API_TOKEN_PREFIX, type Viewer, isAdmin, isManagerOf } from "./viewer";

/** Tokens of a structure are managed by its managers (and admins). */
function assertMayManageTokens(viewer: Viewer, structureId: string): void {
  if (!isAdmin(viewer) && !isManagerOf(viewer, structureId)) {
    throw forbidden("Only the structure's managers manage its API tokens");
  }
}

export async function listApiTokens(ctx: Context, structureId: string): Promise<ApiToken[]> {
  assertUuid(structureId, "structureId");
  assertMayManageTokens(ctx.viewer, structureId);
  return ctx.dataSource
    .getRepository(ApiToken)
    .find({ where: { structureId }, order: { createdAt: "DESC" } });
}

export async function createApiToken(
  ctx: Context,
  structureId: string,
  name: string,
): Promise<{ token: string; apiToken: ApiToken } | ValidationError | NotFoundError> {
  assertUuid(structureId, "structureId");
  assertMayManageTokens(ctx.viewer, structureId);
  const invalid = new FieldErrors();
  checkName(invalid, "name", name, 80);
  if (!invalid.empty) return invalid.result()!;
  if (!(await ctx.dataSource.getRepository(Structure).existsBy({ id: structureId }))) {
    return new NotFoundError("Structure");
  }
  const token = newSecret(API_TOKEN_PREFIX);
  const apiToken = await ctx.dataSource.transaction(async (em) => {
    const saved = await em.getRepository(ApiToken).save({
      structureId,
      name: name.trim(),
      tokenHash: hashSecret(token),
      prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      createdBy: ctx.viewer.kind === "user" ? ctx.viewer.user.id : null,
    });
    await audit(em, ctx.viewer, ctx.ip, {
      action: "api_token.created",
      subjectType: "api_token",
      subjectId: saved.id,
      structureId,
      details: { name: saved.name, prefix: saved.prefix },
    });
    return saved;
  });
  return { token, apiToken };
}

export async function revokeApiToken(ctx: Context, id: string): Promise<ApiToken | NotFoundError> {
  assertUuid(id);
  const repo = ctx.dataSource.getRepository(ApiToken);
  const token = await repo.findOneBy({ id });
  if (!token) return new NotFoundError("API token");
  assertMayManageTokens(ctx.viewer, token.structureId);
  if (token.revokedAt) return token;
  const revoked = await ctx.dataSource.transaction(async (em) => {
    token.revokedAt = new Date();
    await em.update(ApiToken, { id }, { revokedAt: token.revokedAt });
    await audit(em, ctx.viewer, ctx.ip, {
      action: "api_token.revoked",
      subjectType: "api_token",
      subjectId: id,
      structureId: token.structureId,
      details: { name: token.name, prefix: token.prefix },
    });
    return token;
  });
  ctx.viewers.forget(id);
  return revoked;
}
