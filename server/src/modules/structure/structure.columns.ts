import type { Structure } from "./structure.entity";

/**
 * The entity properties (hence columns) each GraphQL field of `Structure` reads, for reads that
 * select only what the request asks (directory-columns.ts). Written from the entity and its
 * field resolvers (structure.resolver.ts): a field that is not listed, or a resolver that comes
 * to read another property, must make the read take every column, never fewer. Left out on
 * purpose, so that they take every column: `parent` (its structure may be on the same page, which
 * is then shared through the loader), `locationCheck` and `notificationEmail` (other modules'
 * resolvers, for editors and members).
 */
export const STRUCTURE_FIELD_COLUMNS: Readonly<Record<string, readonly (keyof Structure)[]>> = {
  __typename: [],
  id: ["id"],
  name: ["name"],
  kind: ["kind"],
  pivot: ["pivot"],
  districtOverridden: ["districtOverridden"],
  phone: ["phone"],
  emails: ["emails"],
  websites: ["websites"],
  summary: ["summary"],
  description: ["description"],
  programmes: ["programmes"],
  labels: ["labels"],
  otherLabels: ["otherLabels"],
  passNumerique: ["passNumerique"],
  specificSupports: ["specificSupports"],
  mobility: ["mobility"],
  accessibilityUrl: ["accessibilityUrl"],
  requiresProConnect: ["requiresProConnect"],
  appointmentUrl: ["appointmentUrl"],
  source: ["source"],
  version: ["version"],
  archivedAt: ["archivedAt"],
  mergedIntoId: ["mergedIntoId"],
  createdAt: ["createdAt"],
  updatedAt: ["updatedAt"],
  // Set by the search from its own row.
  distanceMeters: [],
  // Field resolvers (structure.resolver.ts).
  address: ["street", "addressComplement", "postalCode", "city", "inseeCode"],
  location: ["latitude", "longitude"],
  district: ["districtCode"],
  offers: ["id"],
  openingHours: ["openingHours"],
};
