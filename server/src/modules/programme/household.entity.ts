import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/**
 * A family followed by the programme, without any personal data: what identifies it is a random
 * reference the family keeps (on its charter or booklet), so that structures count it once.
 */
@ObjectType({
  description:
    "A household followed by the programme: no personal data, a reference the family keeps.",
})
@Entity("household")
export class Household {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field({ description: "Pseudonymous reference, e.g. F-7K3Q-9XPD, to find the household again." })
  @Column("text")
  reference: string;

  @Field(() => String, { nullable: true, description: "District of residence." })
  @Column("text", { name: "district_code", nullable: true })
  districtCode: string | null;

  @Column("uuid", { name: "created_by_structure_id", nullable: true })
  createdByStructureId: string | null;

  @Field()
  @Column("timestamptz", { name: "created_at" })
  createdAt: Date;
}
