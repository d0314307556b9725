import { Field, Float, InputType, ObjectType, registerEnumType } from "type-graphql";
import { ServiceOffer } from "../offer/offer.entity";
import { Structure } from "../structure/structure.entity";
import { SuggestionFactor } from "./suggestion.ranking";

registerEnumType(SuggestionFactor, { name: "SuggestionFactor" });

@InputType({ description: "Where the resident starts from: a district, or a point." })
export class SuggestionOrigin {
  @Field(() => String, { nullable: true }) districtCode?: string | null;
  @Field(() => Float, { nullable: true }) lat?: number | null;
  @Field(() => Float, { nullable: true }) lon?: number | null;
}

@ObjectType({ description: "One part of a suggestion's score: points = value × weight." })
export class ScoreComponent {
  @Field(() => SuggestionFactor) factor: SuggestionFactor;
  @Field(() => Float, { description: "0 to 1." }) value: number;
  @Field(() => Float) weight: number;
  @Field(() => Float) points: number;
  @Field({ description: "Why, in French." }) explanation: string;
}

@ObjectType({
  description: "A structure suited to the need, with its best matching offer and why.",
})
export class Suggestion {
  @Field(() => Structure) structure: Structure;
  @Field(() => ServiceOffer) offer: ServiceOffer;
  @Field(() => Float, { description: "0 to 1, the sum of the components' points." }) score: number;
  @Field(() => Float, { nullable: true }) distanceMeters: number | null;
  @Field(() => [ScoreComponent]) why: ScoreComponent[];
}
