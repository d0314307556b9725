import { Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { DeviceKind, DeviceStatus } from "./programme.enums";

/** A lent device. A plain table (no personal data), so the entity is also the GraphQL type. */
@ObjectType({ description: "A refurbished device of the lending programme." })
@Entity("device")
export class Device {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field({ description: "Inventory number written on the device." })
  @Column("text", { name: "inventory_id" })
  inventoryId: string;

  @Field(() => DeviceKind)
  @Column("text")
  kind: DeviceKind;

  @Field({ description: "Who gave it for refurbishing: a company or an institution." })
  @Column("text")
  origin: string;

  @Field(() => DeviceStatus)
  @Column("text")
  status: DeviceStatus;

  @Field(() => Int, { description: "Send it back as `expectedVersion`." })
  @Column("integer")
  version: number;

  @Field()
  @Column("timestamptz", { name: "created_at" })
  createdAt: Date;

  @Field()
  @Column("timestamptz", { name: "updated_at" })
  updatedAt: Date;
}
