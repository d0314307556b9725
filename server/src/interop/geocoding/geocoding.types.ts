import { createUnionType, Field, Float, ObjectType } from "type-graphql";
import { ErrorCode } from "../../graphql/errors";
import { ErrorResult, NotFoundError, ValidationError } from "../../graphql/results";

@ObjectType({
  description:
    "What geocoding says of a structure's location: whether it is to be checked (an import could " +
    "not locate its address surely) and what the geocoder answered. Shown to the people who may edit it.",
})
export class LocationCheck {
  @Field({ description: "The location is missing or unsure: someone should check it." })
  toCheck: boolean;

  @Field(() => Float, { nullable: true, description: "The geocoder's score, 0 to 1." })
  score: number | null;

  @Field(() => String, { nullable: true, description: "The address the geocoder found." })
  label: string | null;

  @Field(() => String, { nullable: true, description: "INSEE code of the commune found." })
  citycode: string | null;
}

@ObjectType({ description: "An address located by the geocoder (national address base)." })
export class AddressLocation {
  @Field(() => Float)
  lat: number;

  @Field(() => Float)
  lon: number;

  @Field(() => Float, { description: "How sure the geocoder is, 0 to 1." })
  score: number;

  @Field({ description: "The address found, as the national address base writes it." })
  label: string;

  @Field(() => String, { nullable: true, description: "INSEE code of the commune found." })
  citycode: string | null;

  @Field({
    description: "The score reaches GEOCODER_MIN_SCORE: an import would use this location.",
  })
  sure: boolean;
}

@ObjectType({ implements: ErrorResult })
export class GeocoderUnavailableError extends ErrorResult {
  constructor(message: string) {
    super();
    this.errorCode = ErrorCode.GEOCODER_UNAVAILABLE;
    this.message = message;
  }
}

export const GeocodeAddressResult = createUnionType({
  name: "GeocodeAddressResult",
  types: () => [AddressLocation, NotFoundError, ValidationError, GeocoderUnavailableError] as const,
});
