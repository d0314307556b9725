import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "A weekly opening interval, Paris time." })
export class OpeningInterval {
  @Field(() => Int, { description: "ISO day of week: 1 = Monday … 7 = Sunday." })
  day: number;

  @Field({ description: "HH:MM" })
  opens: string;

  @Field({ description: "HH:MM; 24:00 for midnight." })
  closes: string;
}

@ObjectType({ description: "Opening hours of a structure, evaluated in Europe/Paris time." })
export class OpeningHours {
  @Field({ description: "OpenStreetMap `opening_hours` syntax." })
  osm: string;

  @Field({ description: "Open at the time of the request (public holidays included)." })
  openNow: boolean;

  @Field(() => Date, { nullable: true, description: "Next opening within two weeks." })
  nextOpeningAt: Date | null;

  @Field(() => Date, { nullable: true, description: "Next closing within two weeks." })
  nextClosingAt: Date | null;

  @Field(() => [OpeningInterval], { description: "The regular week, for display." })
  weekly: OpeningInterval[];
}
