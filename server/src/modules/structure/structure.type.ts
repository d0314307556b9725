import { Field, InputType, ObjectType } from "type-graphql";
import { Connection } from "../../graphql/connection";
import { ServiceCategory } from "../vocabulary/vocabulary.enums";
import { Structure } from "./structure.entity";

@ObjectType()
export class StructureConnection extends Connection(Structure) {}

@InputType({ description: "Filters of the directory; every field given narrows the result." })
export class StructureFilter {
  @Field(() => [String], { nullable: true, description: "Structures in any of these districts." })
  districtCodes?: string[] | null;

  @Field(() => [ServiceCategory], {
    nullable: true,
    description: "Structures with an active offer answering any of these needs.",
  })
  categories?: ServiceCategory[] | null;
}
