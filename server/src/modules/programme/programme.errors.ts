import { Field, ObjectType } from "type-graphql";
import { ErrorCode } from "../../graphql/errors";
import { ErrorResult } from "../../graphql/results";
import { AllocationStatus, DeviceStatus } from "./programme.enums";

@ObjectType({
  implements: ErrorResult,
  description: "The device is not in a status that allows this change.",
})
export class InvalidDeviceTransitionError extends ErrorResult {
  // Not `from`/`to`: a selection of both errors of AllocationResult would then conflict.
  @Field(() => DeviceStatus, { description: "The device's status now." }) deviceFrom: DeviceStatus;
  @Field(() => DeviceStatus) deviceTo: DeviceStatus;

  constructor(from: DeviceStatus, to: DeviceStatus) {
    super();
    this.errorCode = ErrorCode.INVALID_TRANSITION;
    this.message = `A ${from} device cannot become ${to}`;
    this.deviceFrom = from;
    this.deviceTo = to;
  }
}

@ObjectType({ implements: ErrorResult })
export class InvalidAllocationTransitionError extends ErrorResult {
  @Field(() => AllocationStatus) from: AllocationStatus;
  @Field(() => AllocationStatus) to: AllocationStatus;

  constructor(from: AllocationStatus, to: AllocationStatus) {
    super();
    this.errorCode = ErrorCode.INVALID_TRANSITION;
    this.message = `A ${from} allocation cannot become ${to}`;
    this.from = from;
    this.to = to;
  }
}

/** The charter rule: no delivery before the family, the city and the association signed. */
@ObjectType({
  implements: ErrorResult,
  description:
    "The commitment charter is not signed yet: record the signatures before the delivery.",
})
export class CharterNotSignedError extends ErrorResult {
  constructor() {
    super();
    this.errorCode = ErrorCode.INVALID_TRANSITION;
    this.message = "The device cannot be delivered before the charter is signed";
  }
}

@ObjectType({
  implements: ErrorResult,
  description: "This ticket was already redeemed: a ticket is redeemed once.",
})
export class TicketAlreadyRedeemedError extends ErrorResult {
  // Not `redeemedAt`: PassTicket's nullable field of that name would conflict in a selection.
  @Field({ description: "When it was redeemed." }) alreadyRedeemedAt: Date;

  constructor(redeemedAt: Date) {
    super();
    this.errorCode = ErrorCode.CONFLICT;
    this.message = "This ticket was already redeemed";
    this.alreadyRedeemedAt = redeemedAt;
  }
}

@ObjectType({
  implements: ErrorResult,
  description:
    "The booklet was voided: its tickets not redeemed yet can no longer be redeemed, and it is not voided twice.",
})
export class PassBookletVoidedError extends ErrorResult {
  // Not `voidedAt`: PassBooklet's nullable field of that name would conflict in a selection.
  @Field({ description: "When the booklet was voided." }) bookletVoidedAt: Date;

  constructor(voidedAt: Date) {
    super();
    this.errorCode = ErrorCode.INVALID_TRANSITION;
    this.message = "This Pass numérique booklet was voided";
    this.bookletVoidedAt = voidedAt;
  }
}
