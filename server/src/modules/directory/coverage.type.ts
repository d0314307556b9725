import { Field, Int, ObjectType } from "type-graphql";
import { District } from "../district/district.entity";
import { ServiceCategory } from "../vocabulary/vocabulary.enums";

@ObjectType({
  description: "What answers one need in one district (active offers of non-archived structures).",
})
export class CoverageCell {
  @Field(() => ServiceCategory)
  category: ServiceCategory;

  @Field(() => Int)
  activeOffers: number;

  @Field(() => Int, { description: "Structures with at least one such offer." })
  structures: number;

  @Field(() => Int, { description: "Offers that are free (FREE)." })
  freeOffers: number;

  @Field(() => Int, { description: "Offers accepting Pass numérique tickets." })
  passNumeriqueOffers: number;

  @Field({ description: "At least one active offer." })
  covered: boolean;
}

@ObjectType()
export class DistrictCoverage {
  @Field(() => District, { description: "With its priority flags (qpv, rep, repPlus)." })
  district: District;

  @Field({ description: "QPV, REP or REP+." })
  priority: boolean;

  @Field(() => [CoverageCell], {
    description: "One cell per requested need, in the requested order.",
  })
  cells: CoverageCell[];
}

@ObjectType({ description: "A need without any answer in a priority district." })
export class CoverageGap {
  @Field()
  districtCode: string;

  @Field(() => ServiceCategory)
  category: ServiceCategory;
}

@ObjectType({ description: "The district × need matrix." })
export class Coverage {
  @Field(() => [ServiceCategory])
  categories: ServiceCategory[];

  @Field(() => [DistrictCoverage], { description: "Every district, by name." })
  districts: DistrictCoverage[];

  @Field(() => [CoverageGap], {
    description: "Uncovered needs in priority districts, first to act on.",
  })
  priorityGaps: CoverageGap[];
}
