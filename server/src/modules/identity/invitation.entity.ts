import { Field, ID, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import { GlobalRole, MembershipRole } from "./identity.enums";

/** A one-time, expiring offer of a role, sent as a link; only the token's hash is stored. */
@ObjectType()
@Entity("invitation")
export class Invitation {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column("text", { name: "token_hash" })
  tokenHash: string;

  @Field()
  @Column("text")
  email: string;

  @Field(() => GlobalRole, { nullable: true })
  @Column("text", { name: "global_role", nullable: true })
  globalRole: GlobalRole | null;

  @Column("uuid", { name: "structure_id", nullable: true })
  structureId: string | null;

  @Field(() => MembershipRole, { nullable: true })
  @Column("text", { name: "membership_role", nullable: true })
  membershipRole: MembershipRole | null;

  @Column("uuid", { name: "invited_by", nullable: true })
  invitedBy: string | null;

  @Field()
  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @Field()
  @Column("timestamptz", { name: "expires_at" })
  expiresAt: Date;

  @Field(() => Date, { nullable: true })
  @Column("timestamptz", { name: "accepted_at", nullable: true })
  acceptedAt: Date | null;

  @Column("uuid", { name: "accepted_user_id", nullable: true })
  acceptedUserId: string | null;

  @Field(() => Date, { nullable: true })
  @Column("timestamptz", { name: "revoked_at", nullable: true })
  revokedAt: Date | null;

  @Column("uuid", { name: "revoked_by", nullable: true })
  revokedBy: string | null;
}
