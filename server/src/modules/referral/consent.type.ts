import { Field, ObjectType } from "type-graphql";

@ObjectType()
export class ConsentWording {
  @Field() version: string;
  @Field() text: string;
}
