import { Field, Float, ID, InputType } from "type-graphql";
import {
  Label,
  Mobility,
  Programme,
  SpecificSupport,
  StructureKind,
} from "../vocabulary/vocabulary.enums";

/**
 * The optional fields shared by creation and update. In an update, a field left out keeps its
 * value and an explicit null clears it (an empty list for lists).
 */
// A base only: never used as an argument, so not in the schema.
@InputType("StructureFieldsInput")
abstract class StructureFieldsInput {
  @Field(() => String, { nullable: true, description: "200 characters at most." })
  street?: string | null;

  @Field(() => String, { nullable: true, description: "200 characters at most." })
  addressComplement?: string | null;

  @Field(() => String, { nullable: true, description: "5 digits." })
  postalCode?: string | null;

  @Field(() => String, { nullable: true, description: "100 characters at most." })
  city?: string | null;

  @Field(() => String, { nullable: true, description: "INSEE code of the commune, e.g. 44109." })
  inseeCode?: string | null;

  @Field(() => Float, {
    nullable: true,
    description: "WGS84, -90 to 90; given together with `longitude`, or neither.",
  })
  latitude?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "WGS84, -180 to 180; given together with `latitude`, or neither.",
  })
  longitude?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Sets the district by hand: it then survives changes of location. Left out, the district " +
      "is derived from the location. In an update, null goes back to the derived district.",
  })
  districtCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "French national (02 40 00 00 00) or international (+33240000000) number.",
  })
  phone?: string | null;

  @Field(() => [String], { nullable: true, description: "10 addresses at most." })
  emails?: string[] | null;

  @Field(() => [String], { nullable: true, description: "10 http(s) addresses at most." })
  websites?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: "OSM `opening_hours` syntax, e.g. `Mo-Fr 09:00-12:00`; stored in canonical form.",
  })
  openingHours?: string | null;

  @Field(() => String, { nullable: true, description: "280 characters at most." })
  summary?: string | null;

  @Field(() => String, { nullable: true, description: "10,000 characters at most." })
  description?: string | null;

  @Field(() => [Programme], { nullable: true })
  programmes?: Programme[] | null;

  @Field(() => [Label], { nullable: true })
  labels?: Label[] | null;

  @Field(() => String, { nullable: true, description: "500 characters at most." })
  otherLabels?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Labelled to accept Pass numérique." })
  passNumerique?: boolean | null;

  @Field(() => [SpecificSupport], { nullable: true })
  specificSupports?: SpecificSupport[] | null;

  @Field(() => [Mobility], { nullable: true })
  mobility?: Mobility[] | null;

  @Field(() => String, { nullable: true, description: "Accessibility sheet (acceslibre) URL." })
  accessibilityUrl?: string | null;

  @Field(() => String, { nullable: true, description: "Online appointment URL." })
  appointmentUrl?: string | null;

  @Field(() => ID, { nullable: true, description: "The network it belongs to." })
  parentId?: string | null;
}

@InputType({ description: "A new structure of the network." })
export class CreateStructureInput extends StructureFieldsInput {
  @Field({ description: "1 to 200 characters." })
  name: string;

  @Field(() => StructureKind)
  kind: StructureKind;

  @Field({ description: "SIRET (14 digits), SIREN (9 digits) or RNA (W + 9 characters)." })
  pivot: string;
}

@InputType({
  description: "Changes to a structure: fields left out keep their value, null clears a field.",
})
export class UpdateStructureInput extends StructureFieldsInput {
  @Field(() => String, { nullable: true, description: "1 to 200 characters; cannot be cleared." })
  name?: string | null;

  @Field(() => StructureKind, { nullable: true, description: "Cannot be cleared." })
  kind?: StructureKind | null;

  @Field(() => String, { nullable: true, description: "Cannot be cleared." })
  pivot?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "true: forget the district set by hand and derive it from the location again.",
  })
  deriveDistrict?: boolean | null;
}
