import { ReferralEventType, ReferralStatus } from "./referral.enums";

/** Which end of the referral may make a transition. */
export type Side = "sender" | "receiver";

export interface Transition {
  to: ReferralStatus;
  event: ReferralEventType;
  from: readonly ReferralStatus[];
  by: Side;
}

const { PENDING, ACCEPTED } = ReferralStatus;

/**
 * The closed loop: PENDING → ACCEPTED | DECLINED | CANCELLED | EXPIRED, ACCEPTED → COMPLETED |
 * NO_SHOW | CANCELLED. The receiver answers and closes; the sender may cancel; expiry is the
 * server's own (referral.jobs.ts).
 */
export const TRANSITIONS = {
  accept: { to: ACCEPTED, event: ReferralEventType.ACCEPTED, from: [PENDING], by: "receiver" },
  decline: {
    to: ReferralStatus.DECLINED,
    event: ReferralEventType.DECLINED,
    from: [PENDING],
    by: "receiver",
  },
  complete: {
    to: ReferralStatus.COMPLETED,
    event: ReferralEventType.COMPLETED,
    from: [ACCEPTED],
    by: "receiver",
  },
  noShow: {
    to: ReferralStatus.NO_SHOW,
    event: ReferralEventType.NO_SHOW,
    from: [ACCEPTED],
    by: "receiver",
  },
  cancel: {
    to: ReferralStatus.CANCELLED,
    event: ReferralEventType.CANCELLED,
    from: [PENDING, ACCEPTED],
    by: "sender",
  },
} as const satisfies Record<string, Transition>;

export type TransitionName = keyof typeof TRANSITIONS;

export const TERMINAL: ReadonlySet<ReferralStatus> = new Set([
  ReferralStatus.DECLINED,
  ReferralStatus.CANCELLED,
  ReferralStatus.EXPIRED,
  ReferralStatus.COMPLETED,
  ReferralStatus.NO_SHOW,
]);
