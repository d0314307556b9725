import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from "typeorm";
import {
  Label,
  Mobility,
  Programme,
  SpecificSupport,
  StructureKind,
} from "../vocabulary/vocabulary.enums";

@ObjectType()
export class Address {
  @Field(() => String, { nullable: true })
  street: string | null;

  @Field(() => String, { nullable: true })
  complement: string | null;

  @Field(() => String, { nullable: true })
  postalCode: string | null;

  @Field(() => String, { nullable: true })
  city: string | null;

  @Field(() => String, { nullable: true, description: "INSEE code of the commune." })
  inseeCode: string | null;
}

@ObjectType()
export class GeoPoint {
  @Field(() => Float)
  lat: number;

  @Field(() => Float)
  lon: number;
}

/**
 * An actor of the network. Scalar fields are exposed directly; address, location, district,
 * parent and offers are resolved in `structure.resolver.ts`.
 */
@ObjectType({ description: "An actor of the network: association, library, public venue…" })
@Entity("structure")
export class Structure {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field()
  @Column("text")
  name: string;

  @Field(() => StructureKind)
  @Column("text")
  kind: StructureKind;

  @Field({ description: "SIRET (14 digits) or RNA (W + 9 digits) identifier." })
  @Column("text")
  pivot: string;

  @Column("text", { nullable: true })
  street: string | null;

  @Column("text", { name: "address_complement", nullable: true })
  addressComplement: string | null;

  @Column("text", { name: "postal_code", nullable: true })
  postalCode: string | null;

  @Column("text", { nullable: true })
  city: string | null;

  @Column("text", { name: "insee_code", nullable: true })
  inseeCode: string | null;

  @Column("double precision", { nullable: true })
  latitude: number | null;

  @Column("double precision", { nullable: true })
  longitude: number | null;

  @Column("text", { name: "district_code", nullable: true })
  districtCode: string | null;

  /**
   * Set by an import that could not locate the address surely (low score, not found, geocoder
   * down); cleared when the coordinates are given. Exposed by geocoding.resolver.ts to editors.
   */
  @Column("boolean", { name: "location_to_check", default: false })
  locationToCheck: boolean;

  /** What the geocoder answered when an import located the address (score 0–1, label, INSEE code). */
  @Column("double precision", { name: "geocode_score", nullable: true })
  geocodeScore: number | null;

  @Column("text", { name: "geocode_label", nullable: true })
  geocodeLabel: string | null;

  @Column("text", { name: "geocode_citycode", nullable: true })
  geocodeCitycode: string | null;

  /** True when the district was set by hand rather than derived from the coordinates. */
  @Field({ description: "The district was set by hand instead of derived from the location." })
  @Column("boolean", { name: "district_overridden", default: false })
  districtOverridden: boolean;

  @Field(() => String, { nullable: true, description: "International format, e.g. +33240000000." })
  @Column("text", { nullable: true })
  phone: string | null;

  @Field(() => [String])
  @Column("text", { array: true, default: () => "'{}'" })
  emails: string[];

  @Field(() => [String])
  @Column("text", { array: true, default: () => "'{}'" })
  websites: string[];

  @Column("text", { name: "opening_hours", nullable: true })
  openingHours: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Short presentation, 280 characters at most.",
  })
  @Column("text", { nullable: true })
  summary: string | null;

  @Field(() => String, { nullable: true })
  @Column("text", { nullable: true })
  description: string | null;

  @Field(() => [Programme])
  @Column("text", { array: true, default: () => "'{}'" })
  programmes: Programme[];

  @Field(() => [Label])
  @Column("text", { array: true, default: () => "'{}'" })
  labels: Label[];

  @Field(() => String, { nullable: true })
  @Column("text", { name: "other_labels", nullable: true })
  otherLabels: string | null;

  @Field({ description: "Labelled to accept Pass numérique tickets." })
  @Column("boolean", { name: "pass_numerique", default: false })
  passNumerique: boolean;

  @Field(() => [SpecificSupport], { description: "Publics with particular needs it can support." })
  @Column("text", { name: "specific_supports", array: true, default: () => "'{}'" })
  specificSupports: SpecificSupport[];

  @Field(() => [Mobility])
  @Column("text", { array: true, default: () => "'{}'" })
  mobility: Mobility[];

  @Field(() => String, { nullable: true, description: "Accessibility sheet (acceslibre) URL." })
  @Column("text", { name: "accessibility_url", nullable: true })
  accessibilityUrl: string | null;

  @Field({ description: "Whether its members must sign in with ProConnect (not a password)." })
  @Column("boolean", { name: "require_oidc", default: false })
  requiresProConnect: boolean;

  /** Shared mailbox for the structure's notifications; exposed by mail.resolver.ts to its members. */
  @Column("text", { name: "notification_email", nullable: true })
  notificationEmail: string | null;

  @Field(() => String, { nullable: true, description: "Online appointment URL." })
  @Column("text", { name: "appointment_url", nullable: true })
  appointmentUrl: string | null;

  @Column("uuid", { name: "parent_id", nullable: true })
  parentId: string | null;

  @Field({ description: "Where the record comes from: demo, manual, an import format." })
  @Column("text", { default: "manual" })
  source: string;

  /** Stable key of the record in its source, for idempotent loads. */
  @Column("text", { name: "source_ref", nullable: true })
  sourceRef: string | null;

  @Field(() => Int, {
    description: "Incremented by every change; send it back as `expectedVersion`.",
  })
  @Column("integer", { default: 1 })
  version: number;

  @Field(() => Date, {
    nullable: true,
    description: "Set when archived: the structure left the directory.",
  })
  @Column("timestamptz", { name: "archived_at", nullable: true })
  archivedAt: Date | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "Set when merged into another structure (then archived): the one that absorbed it.",
  })
  @Column("uuid", { name: "merged_into_id", nullable: true })
  mergedIntoId: string | null;

  @Field(() => Float, { nullable: true, description: "Distance from `filter.near`, in metres." })
  distanceMeters?: number;

  @Field()
  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;
}
