import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Structure } from "../structure/structure.entity";

export enum PossibleDuplicateStatus {
  /** Waiting for a coordinator. */
  OPEN = "OPEN",
  /** The two were merged into one. */
  MERGED = "MERGED",
  /** A coordinator said they are two places: never proposed again. */
  DISMISSED = "DISMISSED",
}

registerEnumType(PossibleDuplicateStatus, { name: "PossibleDuplicateStatus" });

@ObjectType({ description: "A record id a structure was imported from." })
export class StructureSourceRecord {
  @Field({ description: "The source: `lieux-mediation-numerique`, `data-inclusion`, `demo`…" })
  source: string;

  @Field({ description: "The record's id in that source." })
  recordId: string;

  @Field()
  firstImportedAt: Date;

  @Field()
  lastImportedAt: Date;
}

@ObjectType({ description: "One structure of a possible duplicate, with what a merge would move." })
export class DuplicateSide {
  @Field(() => Structure)
  structure: Structure;

  @Field(() => [StructureSourceRecord])
  sources: StructureSourceRecord[];

  @Field(() => Int, { description: "Referrals it sent or received." })
  referralCount: number;

  @Field(() => Int)
  offerCount: number;

  @Field(() => Int)
  memberCount: number;
}

@ObjectType({
  description:
    "Two structures an import found close (name, address, SIRET) but not enough to merge them.",
})
export class PossibleDuplicate {
  @Field(() => ID)
  id: string;

  @Field(() => DuplicateSide)
  first: DuplicateSide;

  @Field(() => DuplicateSide)
  second: DuplicateSide;

  @Field(() => Float, { description: "Similarity, 0 to 1." })
  score: number;

  @Field(() => [String], { description: "Why they were compared, in French." })
  reasons: string[];

  @Field(() => String, { nullable: true, description: "The import source that found the pair." })
  source: string | null;

  @Field(() => PossibleDuplicateStatus)
  status: PossibleDuplicateStatus;

  @Field()
  detectedAt: Date;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;
}

@ObjectType({ description: "What a merge moved from the absorbed structure to the kept one." })
export class StructureMerge {
  @Field(() => Structure, { description: "The kept structure, as it is now." })
  structure: Structure;

  @Field(() => ID, { description: "The absorbed structure, now archived." })
  mergedId: string;

  @Field(() => Int)
  referrals: number;

  @Field(() => Int, {
    description: "Referrals between the two themselves, left with the absorbed structure.",
  })
  referralsBetween: number;

  @Field(() => Int)
  offers: number;

  @Field(() => Int)
  memberships: number;

  @Field(() => Int)
  sources: number;

  @Field(() => Int, {
    description: "Households, allocations, Pass numérique booklets and tickets.",
  })
  programmeLinks: number;

  @Field(() => [String], {
    description: "Fields of the kept structure filled from the absorbed one.",
  })
  filledFields: string[];
}
