import { Field, InputType, Int } from "type-graphql";
import {
  AccessMode,
  Fee,
  Public,
  ServiceCategory,
  SupportMode,
} from "../vocabulary/vocabulary.enums";

/**
 * The optional fields shared by creation and update. In an update, a field left out keeps its
 * value and an explicit null clears it (an empty list for lists).
 */
// A base only: never used as an argument, so not in the schema.
@InputType("OfferFieldsInput")
abstract class OfferFieldsInput {
  @Field(() => String, { nullable: true, description: "10,000 characters at most." })
  description?: string | null;

  @Field(() => [Public], { nullable: true, description: "Empty means every public." })
  publics?: Public[] | null;

  @Field(() => [SupportMode], { nullable: true })
  supportModes?: SupportMode[] | null;

  @Field(() => [AccessMode], { nullable: true })
  accessModes?: AccessMode[] | null;

  @Field(() => [Fee], {
    nullable: true,
    description: "PASS_NUMERIQUE only for a structure labelled Pass numérique.",
  })
  fees?: Fee[] | null;

  @Field(() => Int, { nullable: true, description: "Residents per week, 1 to 10,000." })
  capacityPerWeek?: number | null;
}

@InputType({ description: "A new service offer of a structure." })
export class CreateOfferInput extends OfferFieldsInput {
  @Field({ description: "1 to 200 characters." })
  title: string;

  @Field(() => ServiceCategory)
  category: ServiceCategory;
}

@InputType({
  description: "Changes to an offer: fields left out keep their value, null clears a field.",
})
export class UpdateOfferInput extends OfferFieldsInput {
  @Field(() => String, { nullable: true, description: "1 to 200 characters; cannot be cleared." })
  title?: string | null;

  @Field(() => ServiceCategory, { nullable: true, description: "Cannot be cleared." })
  category?: ServiceCategory | null;
}
