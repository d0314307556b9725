import type { ServiceOffer } from "./offer.entity";

/**
 * The entity properties (hence columns) each GraphQL field of `ServiceOffer` reads, for reads
 * that select only what the request asks (directory-columns.ts). A field that is not listed, or
 * a resolver that comes to read another property, must make the read take every column.
 */
export const OFFER_FIELD_COLUMNS: Readonly<Record<string, readonly (keyof ServiceOffer)[]>> = {
  __typename: [],
  id: ["id"],
  title: ["title"],
  description: ["description"],
  category: ["category"],
  publics: ["publics"],
  supportModes: ["supportModes"],
  accessModes: ["accessModes"],
  fees: ["fees"],
  capacityPerWeek: ["capacityPerWeek"],
  active: ["active"],
  version: ["version"],
  createdAt: ["createdAt"],
  updatedAt: ["updatedAt"],
  // Set by the offers search from its own row.
  distanceMeters: [],
  // offer.resolver.ts: loads the structure by id.
  structure: ["structureId"],
};
