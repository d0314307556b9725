import type { GraphQLSchema } from "graphql";
import { createPubSub } from "@graphql-yoga/subscription";
import { buildSchema } from "type-graphql";
import { guardFieldArguments } from "./input-guard";
import { readPlainFieldsDirectly } from "./plain-fields";
import "../modules/vocabulary/vocabulary.enums";
import { CoverageResolver } from "../modules/directory/coverage.resolver";
import { DistrictResolver } from "../modules/district/district.resolver";
import { ApiTokenResolver } from "../modules/identity/api-token.resolver";
import { IdentityResolver } from "../modules/identity/identity.resolver";
import { InvitationResolver } from "../modules/identity/invitation.resolver";
import { OidcResolver } from "../modules/identity/oidc.resolver";
import { MailResolver, StructureNotificationResolver } from "../modules/mail/mail.resolver";
import { MembershipResolver } from "../modules/identity/membership.resolver";
import { UserResolver } from "../modules/identity/user.resolver";
import { OfferEditResolver } from "../modules/offer/offer-edit.resolver";
import { OfferResolver } from "../modules/offer/offer.resolver";
import { AllocationResolver } from "../modules/programme/allocation.resolver";
import { DeviceResolver } from "../modules/programme/device.resolver";
import {
  HouseholdResolver,
  ReferralHouseholdResolver,
} from "../modules/programme/household.resolver";
import { ProgrammeIndicatorsResolver } from "../modules/programme/indicators.resolver";
import {
  PassBookletResolver,
  PassTicketResolver,
} from "../modules/programme/pass-numerique.resolver";
import { DeviceWaveResolver, WaveDistrictResolver } from "../modules/programme/wave.resolver";
import { ReferralSubscriptionResolver } from "../modules/referral/referral-subscription.resolver";
import { ReferralResolver } from "../modules/referral/referral.resolver";
import { SuggestionResolver } from "../modules/suggestion/suggestion.resolver";
import { StructureEditResolver } from "../modules/structure/structure-edit.resolver";
import { StructureResolver } from "../modules/structure/structure.resolver";
import { VocabularyResolver } from "../modules/vocabulary/vocabulary.resolver";
import { ImportResolver } from "../interop/import.resolver";
import { GeocodingResolver } from "../interop/geocoding/geocoding.resolver";
import { DuplicateResolver } from "../modules/duplicate/duplicate.resolver";
import { authChecker } from "./auth";

export const resolvers = [
  DistrictResolver,
  StructureResolver,
  StructureEditResolver,
  OfferResolver,
  OfferEditResolver,
  VocabularyResolver,
  CoverageResolver,
  IdentityResolver,
  InvitationResolver,
  OidcResolver,
  MailResolver,
  StructureNotificationResolver,
  ApiTokenResolver,
  MembershipResolver,
  UserResolver,
  ReferralResolver,
  ReferralSubscriptionResolver,
  SuggestionResolver,
  HouseholdResolver,
  ReferralHouseholdResolver,
  DeviceWaveResolver,
  WaveDistrictResolver,
  DeviceResolver,
  AllocationResolver,
  PassBookletResolver,
  PassTicketResolver,
  ProgrammeIndicatorsResolver,
  ImportResolver,
  GeocodingResolver,
  DuplicateResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema, built once per process from the resolvers' decorators. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers,
    authChecker,
    authMode: "error",
    validate: false,
    // Required by type-graphql once a subscription exists; ours brings its own `subscribe`
    // (realtime/referral-event-hub.ts), so this one carries nothing.
    pubSub: createPubSub(),
  }).then((schema) => {
    readPlainFieldsDirectly(schema);
    guardFieldArguments(schema);
    return schema;
  });
  return built;
}
