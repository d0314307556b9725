import type { Context } from "../../graphql/context";
import { badInput, notFound } from "../../graphql/errors";
import { Structure } from "./structure.entity";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (id: string): boolean => UUID.test(id);

export function assertUuid(id: string, argument = "id"): void {
  if (!isUuid(id)) throw badInput(`${argument} must be a UUID, got "${id.slice(0, 60)}"`, argument);
}

export async function getStructure(ctx: Context, id: string): Promise<Structure> {
  assertUuid(id);
  const structure = await ctx.loaders.structureById.load(id);
  if (!structure) throw notFound("Structure", id);
  return structure;
}
