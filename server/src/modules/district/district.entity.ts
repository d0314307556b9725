import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";

/** A GeoJSON MultiPolygon, [lon, lat] in WGS84. */
export interface MultiPolygon {
  type: "MultiPolygon";
  coordinates: number[][][][];
}

@ObjectType({ description: "A district (quartier) of the city." })
@Entity("district")
export class District {
  @Field({ description: "Stable slug, e.g. `nantes-nord`." })
  @PrimaryColumn("text")
  code: string;

  @Field()
  @Column("text")
  name: string;

  @Field()
  @Column("text")
  city: string;

  @Field(() => GraphQLJSONObject, { description: "GeoJSON MultiPolygon in WGS84 ([lon, lat])." })
  @Column("jsonb")
  geometry: MultiPolygon;

  @Field(() => [String], { description: "Priority neighbourhoods (QPV) lying in the district." })
  @Column("text", { name: "priority_neighbourhoods", array: true, default: () => "'{}'" })
  priorityNeighbourhoods: string[];

  @Field({ description: "Contains a priority neighbourhood of the city policy (QPV)." })
  @Column("boolean", { default: false })
  qpv: boolean;

  @Field({ description: "Served by a priority education network (REP)." })
  @Column("boolean", { default: false })
  rep: boolean;

  @Field({ description: "Served by a reinforced priority education network (REP+)." })
  @Column("boolean", { name: "rep_plus", default: false })
  repPlus: boolean;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;
}
