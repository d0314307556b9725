import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { ContactChannel } from "../referral/referral.enums";
import type { SpecificSupport } from "../vocabulary/vocabulary.enums";
import type { AllocationStatus, SchoolNetwork } from "./programme.enums";

/**
 * A device lent to a household. No GraphQL decorators: `allocation.type.ts` exposes it, with the
 * resident's data (and the family signatory's name) behind the rule and audit of
 * `allocation-access.ts`, as for referrals.
 */
@Entity("allocation")
export class Allocation {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("text") status: AllocationStatus;
  @Column("integer") version: number;
  @Column("uuid", { name: "device_id" }) deviceId: string;
  @Column("uuid", { name: "wave_id" }) waveId: string;
  @Column("uuid", { name: "household_id" }) householdId: string;
  @Column("uuid", { name: "accompanying_structure_id" }) accompanyingStructureId: string;
  @Column("uuid", { name: "created_by_user_id", nullable: true }) createdByUserId: string | null;
  @Column("text", { name: "district_code", nullable: true }) districtCode: string | null;
  @Column("text", { name: "school_name", nullable: true }) schoolName: string | null;
  @Column("text", { name: "school_network" }) schoolNetwork: SchoolNetwork;
  @Column("text", { name: "resident_first_name", nullable: true }) residentFirstName: string | null;
  @Column("text", { name: "resident_last_name", nullable: true }) residentLastName: string | null;
  @Column("text", { name: "resident_contact_channel", nullable: true })
  residentContactChannel: ContactChannel | null;
  @Column("text", { name: "resident_contact_value", nullable: true }) residentContactValue:
    string | null;
  @Column("text", { name: "resident_languages", array: true }) residentLanguages: string[];
  @Column("text", { name: "resident_accessibility_needs", array: true })
  residentAccessibilityNeeds: SpecificSupport[];
  @Column("timestamptz", { name: "consent_given_at" }) consentGivenAt: Date;
  @Column("text", { name: "consent_wording_version" }) consentWordingVersion: string;
  @Column("uuid", { name: "consent_recorded_by", nullable: true }) consentRecordedBy: string | null;
  @Column("date", { name: "charter_signed_on", nullable: true }) charterSignedOn: string | null;
  @Column("text", { name: "charter_family_signatory", nullable: true })
  charterFamilySignatory: string | null;
  @Column("text", { name: "charter_city_signatory", nullable: true })
  charterCitySignatory: string | null;
  @Column("text", { name: "charter_association_signatory", nullable: true })
  charterAssociationSignatory: string | null;
  @Column("uuid", { name: "charter_recorded_by", nullable: true }) charterRecordedBy: string | null;
  @Column("timestamptz", { name: "charter_recorded_at", nullable: true })
  charterRecordedAt: Date | null;
  @Column("date", { name: "delivered_on", nullable: true }) deliveredOn: string | null;
  @Column("date", { name: "returned_on", nullable: true }) returnedOn: string | null;
  @Column("timestamptz", { name: "created_at" }) createdAt: Date;
  @Column("timestamptz", { name: "updated_at" }) updatedAt: Date;
  /** When it was returned or cancelled: retention counts from here. */
  @Column("timestamptz", { name: "closed_at", nullable: true }) closedAt: Date | null;
  @Column("timestamptz", { name: "anonymised_at", nullable: true }) anonymisedAt: Date | null;
}
