import { Public } from "../../graphql/auth";
import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context";
import { notFound } from "../../graphql/errors";
import { assertDistrictCode } from "./district-code";
import { District } from "./district.entity";

@Resolver(() => District)
export class DistrictResolver {
  @Public()
  @Query(() => [District], { description: "Every district of the city, by name." })
  districts(@Ctx() ctx: Context): Promise<District[]> {
    return ctx.dataSource.getRepository(District).find({ order: { name: "ASC" } });
  }

  @Public()
  @Query(() => District, { description: "One district; NOT_FOUND when the code is unknown." })
  async district(@Arg("code") code: string, @Ctx() ctx: Context): Promise<District> {
    assertDistrictCode(code, "code");
    const district = await ctx.loaders.districtByCode.load(code);
    if (!district) throw notFound("District", code);
    return district;
  }
}
