import { Field, ID, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A partner integration's credential, scoped to one structure. Only its hash is stored. */
@ObjectType()
@Entity("api_token")
export class ApiToken {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column("uuid", { name: "structure_id" })
  structureId: string;

  @Field()
  @Column("text")
  name: string;

  @Column("text", { name: "token_hash" })
  tokenHash: string;

  @Field({ description: "First characters of the token, to recognise it." })
  @Column("text")
  prefix: string;

  @Column("uuid", { name: "created_by", nullable: true })
  createdBy: string | null;

  @Field()
  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column("timestamptz", { name: "last_used_at", nullable: true })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column("timestamptz", { name: "revoked_at", nullable: true })
  revokedAt: Date | null;
}
