import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A booklet of Pass numérique tickets, issued by a structure to a household or a referral. */
@Entity("pass_booklet")
export class PassBooklet {
  @PrimaryGeneratedColumn("uuid") id: string;
  /** Printed on the booklet; sequential, not secret. */
  @Column("text") number: string;
  @Column("uuid", { name: "issuer_structure_id" }) issuerStructureId: string;
  @Column("uuid", { name: "household_id", nullable: true }) householdId: string | null;
  @Column("uuid", { name: "referral_id", nullable: true }) referralId: string | null;
  @Column("integer", { name: "ticket_count" }) ticketCount: number;
  @Column("integer", { name: "ticket_value_cents" }) ticketValueCents: number;
  @Column("date", { name: "issued_on" }) issuedOn: string;
  @Column("uuid", { name: "issued_by_user_id", nullable: true }) issuedByUserId: string | null;
  @Column("timestamptz", { name: "created_at" }) createdAt: Date;
  /** Set when the booklet is voided: its tickets not redeemed yet can no longer be. */
  @Column("timestamptz", { name: "voided_at", nullable: true }) voidedAt: Date | null;
  @Column("text", { name: "void_reason", nullable: true }) voidReason: string | null;
  @Column("uuid", { name: "voided_by", nullable: true }) voidedByUserId: string | null;
}

/** One ticket of a booklet; redeemed once, at a structure labelled Pass numérique. */
@Entity("pass_ticket")
export class PassTicket {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "booklet_id" }) bookletId: string;
  @Column("integer") position: number;
  /** Printed on the ticket; a bearer value, shown to the issuer and to whoever redeems it. */
  @Column("text") code: string;
  @Column("integer", { name: "value_cents" }) valueCents: number;
  @Column("timestamptz", { name: "redeemed_at", nullable: true }) redeemedAt: Date | null;
  @Column("uuid", { name: "redeemed_structure_id", nullable: true })
  redeemedStructureId: string | null;
}
