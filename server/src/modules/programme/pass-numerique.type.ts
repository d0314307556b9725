import { GraphQLLocalDate } from "graphql-scalars";
import { createUnionType, Field, ID, Int, ObjectType } from "type-graphql";
import { Connection } from "../../graphql/connection";
import { NotFoundError, ValidationError } from "../../graphql/results";
import type { PassBooklet, PassTicket } from "./pass-numerique.entity";
import { PassBookletVoidedError, TicketAlreadyRedeemedError } from "./programme.errors";

@ObjectType("PassTicket", {
  description: "A Pass numérique ticket; its code is printed on it and redeemed once.",
})
export class PassTicketView {
  @Field(() => ID) id: string;
  @Field({ description: "Printed code, e.g. 7K3Q-9XPD-M2TA." }) code: string;
  @Field(() => Int, { description: "Rank in its booklet, from 1." }) position: number;
  @Field(() => Int) valueCents: number;
  @Field(() => Date, { nullable: true }) redeemedAt: Date | null;
  @Field() bookletNumber: string;

  row: PassTicket;
  issuerStructureId: string;

  static from(row: PassTicket, booklet: Pick<PassBooklet, "number" | "issuerStructureId">) {
    return Object.assign(new PassTicketView(), {
      id: row.id,
      code: row.code,
      position: row.position,
      valueCents: row.valueCents,
      redeemedAt: row.redeemedAt,
      bookletNumber: booklet.number,
      row,
      issuerStructureId: booklet.issuerStructureId,
    });
  }
}

@ObjectType({ description: "What is left on a booklet." })
export class BookletBalance {
  @Field(() => Int) redeemedTickets: number;
  @Field(() => Int) redeemedValueCents: number;
  @Field(() => Int, { description: "Tickets that can still be redeemed: none once voided." })
  remainingTickets: number;
  @Field(() => Int) remainingValueCents: number;
  @Field(() => Int, { description: "Tickets not redeemed when the booklet was voided." })
  voidedTickets: number;
  @Field(() => Int) voidedValueCents: number;
}

@ObjectType("PassBooklet", {
  description: "A booklet of Pass numérique tickets issued by a structure to a household.",
})
export class PassBookletView {
  @Field(() => ID) id: string;
  @Field({ description: "Printed booklet number, e.g. PN-2026-000042." }) number: string;
  @Field(() => Int) ticketCount: number;
  @Field(() => Int) ticketValueCents: number;
  @Field(() => GraphQLLocalDate) issuedOn: string;
  @Field(() => ID, { nullable: true, description: "The referral it was issued for." })
  referralId: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, {
    nullable: true,
    description: "When the booklet was voided; its tickets not redeemed then can no longer be.",
  })
  voidedAt: Date | null;
  @Field(() => String, { nullable: true, description: "Why it was voided." })
  voidReason: string | null;

  row: PassBooklet;

  static from(row: PassBooklet): PassBookletView {
    return Object.assign(new PassBookletView(), {
      id: row.id,
      number: row.number,
      ticketCount: row.ticketCount,
      ticketValueCents: row.ticketValueCents,
      issuedOn: row.issuedOn,
      referralId: row.referralId,
      createdAt: row.createdAt,
      voidedAt: row.voidedAt,
      voidReason: row.voidReason,
      row,
    });
  }
}

@ObjectType({
  description:
    "A structure's Pass numérique account: tickets it issued, and tickets redeemed there.",
})
export class StructurePassBalance {
  @Field(() => ID) structureId: string;
  @Field(() => Int) issuedTickets: number;
  @Field(() => Int) issuedValueCents: number;
  @Field(() => Int, { description: "Of the tickets it issued, redeemed anywhere." })
  redeemedIssuedTickets: number;
  @Field(() => Int) redeemedIssuedValueCents: number;
  @Field(() => Int, {
    description: "Of the tickets it issued, not redeemed yet (voided booklets' tickets apart).",
  })
  outstandingTickets: number;
  @Field(() => Int) outstandingValueCents: number;
  @Field(() => Int, {
    description: "Of the tickets it issued, not redeemed before a booklet was voided.",
  })
  voidedTickets: number;
  @Field(() => Int) voidedValueCents: number;
  @Field(() => Int, { description: "Tickets redeemed at this structure (what it is owed)." })
  redeemedHereTickets: number;
  @Field(() => Int) redeemedHereValueCents: number;
}

export const PassBookletResult = createUnionType({
  name: "PassBookletResult",
  types: () => [PassBookletView, ValidationError, NotFoundError] as const,
});

export const VoidPassBookletResult = createUnionType({
  name: "VoidPassBookletResult",
  types: () => [PassBookletView, ValidationError, NotFoundError, PassBookletVoidedError] as const,
});

export const PassTicketResult = createUnionType({
  name: "PassTicketResult",
  types: () =>
    [
      PassTicketView,
      ValidationError,
      NotFoundError,
      TicketAlreadyRedeemedError,
      PassBookletVoidedError,
    ] as const,
});

@ObjectType()
export class PassBookletConnection extends Connection(PassBookletView, "PassBooklet") {}
