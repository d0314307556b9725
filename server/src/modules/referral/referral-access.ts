import { forbidden } from "../../graphql/auth";
import { isAdmin, isCoordinator, roleIn, type Viewer } from "../identity/viewer";
import type { Referral } from "./referral.entity";
import type { Side } from "./referral-lifecycle";

type Ends = Pick<Referral, "senderStructureId" | "receiverStructureId">;

/** The end(s) of the referral the viewer acts for: a membership or a token of that structure. */
export function sidesOf(viewer: Viewer, r: Ends): Side[] {
  const sides: Side[] = [];
  if (roleIn(viewer, r.senderStructureId)) sides.push("sender");
  if (roleIn(viewer, r.receiverStructureId)) sides.push("receiver");
  return sides;
}

/** Who may see a referral at all: its two ends, admins, and coordinators (never the resident). */
export function canSeeReferral(viewer: Viewer, r: Ends): boolean {
  return sidesOf(viewer, r).length > 0 || isAdmin(viewer) || isCoordinator(viewer);
}

/** The resident's data: the two ends (members or their tokens) and admins. */
export function canSeeResident(viewer: Viewer, r: Ends): boolean {
  return sidesOf(viewer, r).length > 0 || isAdmin(viewer);
}

export function assertSide(viewer: Viewer, r: Ends, side: Side): void {
  if (!sidesOf(viewer, r).includes(side)) {
    throw forbidden(
      side === "receiver"
        ? "Only the receiving structure answers a referral"
        : "Only the sending structure cancels a referral",
    );
  }
}
