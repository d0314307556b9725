import { GraphQLLocalDate } from "graphql-scalars";
import { createUnionType, Field, ID, Int, ObjectType } from "type-graphql";
import { ConflictError } from "../../graphql/conflict-error";
import { Connection } from "../../graphql/connection";
import { NotFoundError, ValidationError } from "../../graphql/results";
import { Consent } from "../referral/referral.type";
import type { Allocation } from "./allocation.entity";
import { AllocationStatus, SchoolNetwork } from "./programme.enums";
import {
  CharterNotSignedError,
  InvalidAllocationTransitionError,
  InvalidDeviceTransitionError,
} from "./programme.errors";

@ObjectType({ description: "The commitment charter's signatures." })
export class Charter {
  @Field(() => GraphQLLocalDate) signedOn: string;
  @Field(() => String, {
    nullable: true,
    description:
      "Who signed for the family; null once the family's data is erased. Reads are audited.",
  })
  familySignatory: string | null;
  @Field() citySignatory: string;
  @Field() associationSignatory: string;
  @Field() recordedAt: Date;
}

/** The GraphQL view of a loan; resolved fields live in allocation.resolver.ts. */
@ObjectType("Allocation", {
  description: "A device lent to a household, accompanied by a structure, under a signed charter.",
})
export class AllocationView {
  @Field(() => ID) id: string;
  @Field(() => AllocationStatus) status: AllocationStatus;
  @Field(() => Int, { description: "Send it back as `expectedVersion`." }) version: number;
  @Field(() => String, { nullable: true, description: "District of residence." })
  districtCode: string | null;
  @Field(() => String, { nullable: true, description: "Erased with the family's data." })
  schoolName: string | null;
  @Field(() => SchoolNetwork) schoolNetwork: SchoolNetwork;
  @Field(() => Consent) consent: Consent;
  @Field({ description: "The charter is signed: the device may be delivered." })
  charterSigned: boolean;
  @Field(() => GraphQLLocalDate, { nullable: true }) deliveredOn: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true }) returnedOn: string | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Field(() => Date, { nullable: true, description: "Returned or cancelled then." })
  closedAt: Date | null;
  @Field({ description: "The family's data was erased (retention or erasure request)." })
  anonymised: boolean;

  /** The row behind the view, for the resolvers. */
  row: Allocation;

  static from(row: Allocation): AllocationView {
    return Object.assign(new AllocationView(), {
      id: row.id,
      status: row.status,
      version: row.version,
      districtCode: row.districtCode,
      schoolName: row.schoolName,
      schoolNetwork: row.schoolNetwork,
      consent: { givenAt: row.consentGivenAt, wordingVersion: row.consentWordingVersion },
      charterSigned: row.charterSignedOn !== null,
      deliveredOn: row.deliveredOn,
      returnedOn: row.returnedOn,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      closedAt: row.closedAt,
      anonymised: row.anonymisedAt !== null,
      row,
    });
  }
}

export const AllocationResult = createUnionType({
  name: "AllocationResult",
  types: () =>
    [
      AllocationView,
      ValidationError,
      NotFoundError,
      ConflictError,
      InvalidAllocationTransitionError,
      InvalidDeviceTransitionError,
      CharterNotSignedError,
    ] as const,
});

@ObjectType()
export class AllocationConnection extends Connection(AllocationView, "Allocation") {}
