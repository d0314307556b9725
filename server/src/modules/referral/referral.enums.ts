import { registerEnumType } from "type-graphql";

export enum ReferralStatus {
  PENDING = "PENDING",
  ACCEPTED = "ACCEPTED",
  DECLINED = "DECLINED",
  CANCELLED = "CANCELLED",
  EXPIRED = "EXPIRED",
  COMPLETED = "COMPLETED",
  NO_SHOW = "NO_SHOW",
}

export enum DeclineReason {
  NO_CAPACITY = "NO_CAPACITY",
  NOT_THE_RIGHT_SERVICE = "NOT_THE_RIGHT_SERVICE",
  RESIDENT_UNREACHABLE = "RESIDENT_UNREACHABLE",
  OTHER = "OTHER",
}

export enum ReferralOutcome {
  NEED_MET = "NEED_MET",
  PARTIALLY_MET = "PARTIALLY_MET",
  NOT_MET = "NOT_MET",
  REFERRED_ELSEWHERE = "REFERRED_ELSEWHERE",
}

export enum ContactChannel {
  PHONE = "PHONE",
  EMAIL = "EMAIL",
}

export enum ReferralDirection {
  SENT = "SENT",
  RECEIVED = "RECEIVED",
}

/** What happened: a transition, or a flag on a pending referral. */
export enum ReferralEventType {
  CREATED = "CREATED",
  ACCEPTED = "ACCEPTED",
  DECLINED = "DECLINED",
  CANCELLED = "CANCELLED",
  EXPIRED = "EXPIRED",
  COMPLETED = "COMPLETED",
  NO_SHOW = "NO_SHOW",
  REMINDER_DUE = "REMINDER_DUE",
  RESIDENT_DATA_ERASED = "RESIDENT_DATA_ERASED",
}

registerEnumType(ReferralStatus, { name: "ReferralStatus" });
registerEnumType(DeclineReason, { name: "DeclineReason" });
registerEnumType(ReferralOutcome, { name: "ReferralOutcome" });
registerEnumType(ContactChannel, { name: "ContactChannel" });
registerEnumType(ReferralDirection, { name: "ReferralDirection" });
registerEnumType(ReferralEventType, { name: "ReferralEventType" });
