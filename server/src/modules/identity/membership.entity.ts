import { Field, ID, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import { MembershipRole } from "./identity.enums";

/** A user's role in one structure; `structure` and `user` are resolved by loaders. */
@ObjectType()
@Entity("membership")
export class Membership {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column("uuid", { name: "user_id" })
  userId: string;

  @Column("uuid", { name: "structure_id" })
  structureId: string;

  @Field(() => MembershipRole)
  @Column("text")
  role: MembershipRole;

  @Field()
  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;
}
