import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "Opening hours of a structure." })
export class OpeningHours {
  @Field({ description: "OpenStreetMap `opening_hours` syntax, Europe/Paris time." })
  osm: string;
}
