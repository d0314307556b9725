import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context";
import { badInput, notFound } from "../../graphql/errors";
import { District } from "./district.entity";

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

@Resolver(() => District)
export class DistrictResolver {
  @Query(() => [District], { description: "Every district of the city, by name." })
  districts(@Ctx() ctx: Context): Promise<District[]> {
    return ctx.dataSource.getRepository(District).find({ order: { name: "ASC" } });
  }

  @Query(() => District, { description: "One district; NOT_FOUND when the code is unknown." })
  async district(@Arg("code") code: string, @Ctx() ctx: Context): Promise<District> {
    if (!CODE.test(code)) throw badInput(`"${code.slice(0, 60)}" is not a district code`, "code");
    const district = await ctx.loaders.districtByCode.load(code);
    if (!district) throw notFound("District", code);
    return district;
  }
}
