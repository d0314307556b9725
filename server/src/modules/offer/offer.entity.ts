import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from "typeorm";
import {
  AccessMode,
  Fee,
  Public,
  ServiceCategory,
  SupportMode,
} from "../vocabulary/vocabulary.enums";

@ObjectType("ServiceOffer", { description: "A service a structure offers to residents." })
@Entity("service_offer")
export class ServiceOffer {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column("uuid", { name: "structure_id" })
  structureId: string;

  @Field()
  @Column("text")
  title: string;

  @Field(() => String, { nullable: true })
  @Column("text", { nullable: true })
  description: string | null;

  @Field(() => ServiceCategory, { description: "The need this offer answers." })
  @Column("text")
  category: ServiceCategory;

  @Field(() => [Public], { description: "Publics specifically addressed; empty means everyone." })
  @Column("text", { array: true, default: () => "'{}'" })
  publics: Public[];

  @Field(() => [SupportMode])
  @Column("text", { name: "support_modes", array: true, default: () => "'{}'" })
  supportModes: SupportMode[];

  @Field(() => [AccessMode])
  @Column("text", { name: "access_modes", array: true, default: () => "'{}'" })
  accessModes: AccessMode[];

  @Field(() => [Fee])
  @Column("text", { array: true, default: () => "'{}'" })
  fees: Fee[];

  @Field(() => Int, { nullable: true, description: "Residents the offer can take per week." })
  @Column("integer", { name: "capacity_per_week", nullable: true })
  capacityPerWeek: number | null;

  @Field({ description: "False while the offer is suspended." })
  @Column("boolean", { default: true })
  active: boolean;

  @Field(() => Int, {
    description: "Incremented by every change; send it back as `expectedVersion`.",
  })
  @Column("integer", { default: 1 })
  version: number;

  @Field(() => Float, {
    nullable: true,
    description: "Distance of its structure from `filter.near`, in metres.",
  })
  distanceMeters?: number;

  /** Stable key of the record in its source (demo key, import id), for idempotent loads. */
  @Column("text", { name: "source_ref", nullable: true })
  sourceRef: string | null;

  @Field()
  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;
}
