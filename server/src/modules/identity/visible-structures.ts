import { forbidden } from "../../graphql/auth";
import { assertUuid } from "../structure/structure.service";
import { isAdmin, type Viewer } from "./viewer";

/**
 * The structures whose records (referrals, loans…) a viewer may list: its own (a token's
 * structure, a person's memberships), or for admins all of them or the one asked.
 * `what` names the records in the refusal ("referrals").
 */
export function visibleStructures(
  viewer: Viewer,
  structureId: string | null | undefined,
  what: string,
): string[] | "all" {
  const own =
    viewer.kind === "token"
      ? [viewer.structureId]
      : viewer.kind === "user"
        ? viewer.memberships.map((m) => m.structureId)
        : [];
  if (structureId) {
    assertUuid(structureId, "filter.structureId");
    if (!own.includes(structureId) && !isAdmin(viewer))
      throw forbidden(`You may only list your own structures' ${what}`);
    return [structureId];
  }
  return isAdmin(viewer) ? "all" : own;
}
