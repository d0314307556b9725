import { forbidden } from "../../graphql/auth";
import { isAdmin, isManagerOf, roleIn, type Viewer } from "../identity/viewer";
import type { Allocation } from "./allocation.entity";

type Owned = Pick<Allocation, "accompanyingStructureId">;

/** A member (or the token) of the accompanying structure: who records and follows the loan. */
export const accompanies = (viewer: Viewer, a: Owned) =>
  roleIn(viewer, a.accompanyingStructureId) !== null;

/**
 * Who sees a loan, and the family's data in it: the accompanying structure and admins. Unlike
 * referrals there is no second end, and coordinators follow the programme through indicators.
 */
export const canSeeAllocation = (viewer: Viewer, a: Owned) =>
  accompanies(viewer, a) || isAdmin(viewer);

export const canSeeResident = canSeeAllocation;

export function assertAccompanies(viewer: Viewer, a: Owned): void {
  if (!accompanies(viewer, a))
    throw forbidden("Only the accompanying structure records a loan and its steps");
}

export function assertMayErase(viewer: Viewer, a: Owned): void {
  if (!isAdmin(viewer) && !isManagerOf(viewer, a.accompanyingStructureId))
    throw forbidden(
      "Only the accompanying structure's managers (or an admin) erase a family's data",
    );
}
