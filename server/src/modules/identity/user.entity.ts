import { Field, ID, ObjectType } from "type-graphql";
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from "typeorm";
import { GlobalRole } from "./identity.enums";

/** A person who uses Maillage. The password hash has no GraphQL field, on purpose. */
@ObjectType()
@Entity("app_user")
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field()
  @Column("text")
  email: string;

  @Field()
  @Column("text", { name: "display_name" })
  displayName: string;

  @Column("text", { name: "password_hash" })
  passwordHash: string;

  @Field(() => GlobalRole, { nullable: true })
  @Column("text", { name: "global_role", nullable: true })
  globalRole: GlobalRole | null;

  /** The SIRET ProConnect last gave for this person (admins see it, see UserResolver). */
  @Column("text", { nullable: true })
  siret: string | null;

  @Field()
  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;
}
