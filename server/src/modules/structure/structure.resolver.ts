import { forbidden, Public } from "../../graphql/auth";
import { isAdmin, isCoordinator, isManagerOf } from "../identity/viewer";
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from "type-graphql";
import { PageArgs } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { District } from "../district/district.entity";
import { ServiceOffer } from "../offer/offer.entity";
import { Address, GeoPoint, Structure } from "./structure.entity";
import { getStructure } from "./structure.service";
import { describeOpeningHours } from "./opening-hours";
import { DirectoryFilter, DirectoryOrder } from "../directory/directory.filter";
import { searchStructures } from "../directory/directory-search.service";
import { structurePagePlan } from "../directory/directory-columns";
import { prefetchedOffers } from "../offer/offer.loader";
import { StructureConnection } from "./structure.type";
import { OpeningHours } from "./opening-hours.type";

@Resolver(() => Structure)
export class StructureResolver {
  @Public()
  @Query(() => Structure, { description: "One structure; NOT_FOUND when the id is unknown." })
  structure(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<Structure> {
    return getStructure(ctx, id);
  }

  @Public()
  @Query(() => StructureConnection, {
    description: "Search the directory's structures (archived ones excluded).",
  })
  structures(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg("filter", () => DirectoryFilter, { nullable: true }) filter: DirectoryFilter | null,
    @Arg("orderBy", () => DirectoryOrder, { nullable: true }) orderBy: DirectoryOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StructureConnection> {
    // Only the columns the selection reads; asked for with their default arguments (the active
    // ones), the offers of the page are fetched right behind it (see searchStructures).
    return searchStructures(ctx, { filter, orderBy, first, after }, structurePagePlan(info));
  }

  @FieldResolver(() => Address)
  address(@Root() s: Structure): Address {
    return {
      street: s.street,
      complement: s.addressComplement,
      postalCode: s.postalCode,
      city: s.city,
      inseeCode: s.inseeCode,
    };
  }

  @FieldResolver(() => GeoPoint, { nullable: true })
  location(@Root() s: Structure): GeoPoint | null {
    return s.latitude === null || s.longitude === null
      ? null
      : { lat: s.latitude, lon: s.longitude };
  }

  @FieldResolver(() => District, { nullable: true })
  district(@Root() s: Structure, @Ctx() ctx: Context): Promise<District | null> | District | null {
    if (!s.districtCode) return null;
    return ctx.districts.peek(s.districtCode) ?? ctx.loaders.districtByCode.load(s.districtCode);
  }

  @FieldResolver(() => Structure, { nullable: true, description: "The network it belongs to." })
  parent(@Root() s: Structure, @Ctx() ctx: Context): Promise<Structure | null> | null {
    return s.parentId ? ctx.loaders.structureById.load(s.parentId) : null;
  }

  @FieldResolver(() => [ServiceOffer], {
    description:
      "Offers by title: the active ones; with includeSuspended, suspended ones too (for admins, coordinators and the structure's managers).",
  })
  offers(
    @Root() s: Structure,
    @Arg("includeSuspended", { defaultValue: false }) includeSuspended: boolean,
    @Ctx() ctx: Context,
  ): Promise<ServiceOffer[]> {
    if (!includeSuspended) {
      return prefetchedOffers(s) ?? ctx.loaders.offersByStructure.load(s.id);
    }
    const v = ctx.viewer;
    if (!isAdmin(v) && !isCoordinator(v) && !isManagerOf(v, s.id)) {
      throw forbidden("Suspended offers are for the people who edit the structure");
    }
    return ctx.loaders.allOffersByStructure.load(s.id);
  }

  @FieldResolver(() => OpeningHours, { nullable: true })
  openingHours(@Root() s: Structure, @Ctx() ctx: Context): OpeningHours | null {
    return s.openingHours ? describeOpeningHours(s.openingHours, ctx.now()) : null;
  }
}
