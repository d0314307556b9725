import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { Allow, forbidden, Rule } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import { FieldErrors, NotFoundError } from "../../graphql/results";
import { type Viewer, isAdmin, isCoordinator, isManagerOf } from "../../modules/identity/viewer";
import { MembershipRole } from "../../modules/identity/identity.enums";
import { checkText } from "../../modules/structure/structure-edit.validation";
import { Structure } from "../../modules/structure/structure.entity";
import { addressQuery, GeocoderUnavailableError as Unavailable } from "./geocoder";
import {
  AddressLocation,
  GeocodeAddressResult,
  GeocoderUnavailableError,
  LocationCheck,
} from "./geocoding.types";

/** Coordinators, admins and the managers of some structure: the people who edit structures. */
function editsStructures(viewer: Viewer): boolean {
  return (
    isAdmin(viewer) ||
    isCoordinator(viewer) ||
    (viewer.kind === "user" && viewer.memberships.some((m) => m.role === MembershipRole.MANAGER))
  );
}

const OFF = "Le géocodage n'est pas configuré sur ce serveur (GEOCODER_URL).";
const DOWN = "Le service de géocodage ne répond pas pour l'instant : réessayez plus tard.";

@Resolver(() => Structure)
export class GeocodingResolver {
  @FieldResolver(() => LocationCheck, {
    nullable: true,
    description:
      "Whether its location is to be checked, with what the geocoder answered; null for people " +
      "who may not edit it, and when no import geocoded it.",
  })
  locationCheck(@Root() s: Structure, @Ctx() ctx: Context): LocationCheck | null {
    const v = ctx.viewer;
    if (!isAdmin(v) && !isCoordinator(v) && !isManagerOf(v, s.id)) return null;
    if (!s.locationToCheck && s.geocodeScore === null && s.geocodeLabel === null) return null;
    return {
      toCheck: s.locationToCheck,
      score: s.geocodeScore,
      label: s.geocodeLabel,
      citycode: s.geocodeCitycode,
    };
  }

  @Allow(Rule.ADMIN, Rule.COORDINATOR, Rule.MEMBER)
  @Query(() => Boolean, {
    description: "Whether `geocodeAddress` can answer (GEOCODER_URL is set on the server).",
  })
  geocodingEnabled(@Ctx() ctx: Context): boolean {
    return ctx.geocoding !== null;
  }

  @Allow(Rule.ADMIN, Rule.COORDINATOR, Rule.MEMBER)
  @Query(() => GeocodeAddressResult, {
    description:
      "Locates an address with the national address base (structure form, « Localiser cette " +
      "adresse »): for coordinators, admins and structure managers. NotFoundError when the base " +
      "knows no such address; GeocoderUnavailableError when geocoding is off or down.",
  })
  async geocodeAddress(
    @Arg("street", () => String) street: string,
    @Arg("postalCode", () => String, { nullable: true }) postalCode: string | null,
    @Arg("city", () => String, { nullable: true }) city: string | null,
    @Ctx() ctx: Context,
  ): Promise<typeof GeocodeAddressResult> {
    if (!editsStructures(ctx.viewer)) {
      throw forbidden("Only coordinators, admins and structure managers locate addresses");
    }
    const errors = new FieldErrors();
    const s = checkText(errors, "street", street, { max: 200, required: true, singleLine: true });
    const p = checkText(errors, "postalCode", postalCode, { max: 5, singleLine: true });
    const c = checkText(errors, "city", city, { max: 100, singleLine: true });
    if (p && !/^\d{5}$/.test(p))
      errors.add("postalCode", "INVALID_FORMAT", "Code postal : 5 chiffres.");
    if (errors.empty && !p && !c) {
      errors.add("city", "REQUIRED", "Donnez le code postal ou la commune de l'adresse.");
    }
    const query = errors.empty ? addressQuery({ street: s, postalCode: p, city: c }) : null;
    if (!query) return errors.result()!;
    if (!ctx.geocoding) return new GeocoderUnavailableError(OFF);
    try {
      const answer = await ctx.geocoding.locate(ctx.dataSource.manager, query);
      if (!answer) return new NotFoundError("Address");
      return Object.assign(new AddressLocation(), {
        ...answer,
        sure: ctx.geocoding.isSure(answer),
      });
    } catch (error) {
      if (!(error instanceof Unavailable)) throw error;
      ctx.logger.warn({ err: error }, "geocoder unavailable");
      return new GeocoderUnavailableError(DOWN);
    }
  }
}
