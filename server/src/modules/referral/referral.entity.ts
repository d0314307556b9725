import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { SpecificSupport } from "../vocabulary/vocabulary.enums";
import type { ServiceCategory } from "../vocabulary/vocabulary.enums";
import type {
  ContactChannel,
  DeclineReason,
  ReferralOutcome,
  ReferralStatus,
} from "./referral.enums";

/**
 * A referral row. It has no GraphQL decorators: `referral.type.ts` exposes it, with the
 * resident's data behind the access rule and audit of `referral-access.ts`.
 */
@Entity("referral")
export class Referral {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("text") status: ReferralStatus;
  @Column("integer") version: number;
  @Column("text") need: ServiceCategory;
  @Column("uuid", { name: "sender_structure_id" }) senderStructureId: string;
  @Column("uuid", { name: "sender_user_id", nullable: true }) senderUserId: string | null;
  @Column("uuid", { name: "receiver_structure_id" }) receiverStructureId: string;
  @Column("uuid", { name: "receiver_offer_id", nullable: true }) receiverOfferId: string | null;
  /** The programme's household the resident belongs to, when the referrer knows it. */
  @Column("uuid", { name: "household_id", nullable: true }) householdId: string | null;
  @Column("text", { name: "resident_first_name", nullable: true }) residentFirstName: string | null;
  @Column("text", { name: "resident_last_name", nullable: true }) residentLastName: string | null;
  @Column("text", { name: "resident_contact_channel", nullable: true })
  residentContactChannel: ContactChannel | null;
  @Column("text", { name: "resident_contact_value", nullable: true }) residentContactValue:
    string | null;
  @Column("text", { name: "resident_district_code", nullable: true }) residentDistrictCode:
    string | null;
  @Column("text", { name: "resident_languages", array: true }) residentLanguages: string[];
  @Column("text", { name: "resident_accessibility_needs", array: true })
  residentAccessibilityNeeds: SpecificSupport[];
  @Column("text", { nullable: true }) situation: string | null;
  @Column("timestamptz", { name: "consent_given_at" }) consentGivenAt: Date;
  @Column("text", { name: "consent_wording_version" }) consentWordingVersion: string;
  @Column("uuid", { name: "consent_recorded_by", nullable: true }) consentRecordedBy: string | null;
  @Column("text", { name: "decline_reason", nullable: true }) declineReason: DeclineReason | null;
  @Column("text", { name: "decline_comment", nullable: true }) declineComment: string | null;
  @Column("text", { nullable: true }) outcome: ReferralOutcome | null;
  @Column("text", { name: "outcome_comment", nullable: true }) outcomeComment: string | null;
  @Column("timestamptz", { name: "created_at" }) createdAt: Date;
  @Column("timestamptz", { name: "updated_at" }) updatedAt: Date;
  @Column("timestamptz", { name: "answered_at", nullable: true }) answeredAt: Date | null;
  @Column("timestamptz", { name: "closed_at", nullable: true }) closedAt: Date | null;
  @Column("timestamptz", { name: "expires_at" }) expiresAt: Date;
  @Column("timestamptz", { name: "reminder_due_at" }) reminderDueAt: Date;
  @Column("timestamptz", { name: "reminder_flagged_at", nullable: true })
  reminderFlaggedAt: Date | null;
  @Column("timestamptz", { name: "anonymised_at", nullable: true }) anonymisedAt: Date | null;
}
