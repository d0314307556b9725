import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Allow, Rule } from "../../graphql/auth";
import { PageArgs } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { Structure } from "../structure/structure.entity";
import { Household } from "./household.entity";
import { getBooklet, issueBooklet, listBooklets, voidBooklet } from "./pass-booklet.service";
import { PassBooklet } from "./pass-numerique.entity";
import { IssuePassBookletInput } from "./pass-numerique.input";
import {
  BookletBalance,
  PassBookletConnection,
  PassBookletResult,
  PassBookletView,
  PassTicketResult,
  PassTicketView,
  StructurePassBalance,
  VoidPassBookletResult,
} from "./pass-numerique.type";
import { redeemTicket, structureBalance } from "./pass-ticket.service";
import { IDEMPOTENCY_KEY_ARG, idempotent } from "../idempotency/idempotency";

/** Who issues and redeems: a structure's members or its token (checked per structure). */
const STRUCTURE_SIDE = [Rule.MEMBER, Rule.TOKEN] as const;

@Resolver(() => PassBookletView)
export class PassBookletResolver {
  @Allow(...STRUCTURE_SIDE, Rule.ADMIN)
  @Query(() => PassBookletView, {
    description: "One booklet, with its codes: its issuer and admins.",
  })
  async passBooklet(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return PassBookletView.from(await getBooklet(ctx, id));
  }

  @Allow(...STRUCTURE_SIDE, Rule.ADMIN)
  @Query(() => PassBookletConnection, { description: "Booklets a structure issued, newest first." })
  async passBooklets(
    @Arg("structureId", () => ID) structureId: string,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<PassBookletConnection> {
    const page = await listBooklets(ctx, structureId, first, after);
    return {
      ...page,
      edges: page.edges.map((e) => ({ cursor: e.cursor, node: PassBookletView.from(e.node) })),
    };
  }

  @Allow(...STRUCTURE_SIDE, Rule.COORDINATOR, Rule.ADMIN)
  @Query(() => StructurePassBalance, {
    description: "A structure's Pass numérique account: its members, coordinators and admins.",
  })
  passNumeriqueBalance(@Arg("structureId", () => ID) structureId: string, @Ctx() ctx: Context) {
    return structureBalance(ctx, structureId);
  }

  @Allow(...STRUCTURE_SIDE)
  @Mutation(() => PassBookletResult, {
    description: "Issues a booklet of tickets to a household or a referred resident.",
  })
  async issuePassBooklet(
    @Arg("input", () => IssuePassBookletInput) input: IssuePassBookletInput,
    @Arg("idempotencyKey", () => String, IDEMPOTENCY_KEY_ARG) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<typeof PassBookletResult> {
    return idempotent(
      ctx,
      "issuePassBooklet",
      idempotencyKey,
      input,
      async (claim) => {
        const value = await issueBooklet(ctx, input, claim);
        return value instanceof PassBooklet ? PassBookletView.from(value) : value;
      },
      async (id) => PassBookletView.from(await getBooklet(ctx, id)),
    );
  }

  @Allow(Rule.MEMBER, Rule.ADMIN)
  @Mutation(() => VoidPassBookletResult, {
    description:
      "Voids a booklet (lost, stolen, issued by mistake), with a reason of 3 to 500 characters: its tickets not redeemed yet can no longer be. The issuing structure's managers and admins.",
  })
  async voidPassBooklet(
    @Arg("id", () => ID) id: string,
    @Arg("reason", () => String) reason: string,
    @Ctx() ctx: Context,
  ): Promise<typeof VoidPassBookletResult> {
    const value = await voidBooklet(ctx, id, reason);
    return value instanceof PassBooklet ? PassBookletView.from(value) : value;
  }

  @Allow(...STRUCTURE_SIDE)
  @Mutation(() => PassTicketResult, {
    description:
      "Redeems a ticket at a structure labelled Pass numérique, by its members; each ticket once.",
  })
  async redeemPassTicket(
    @Arg("structureId", () => ID) structureId: string,
    @Arg("code") code: string,
    @Ctx() ctx: Context,
  ): Promise<typeof PassTicketResult> {
    const value = await redeemTicket(ctx, structureId, code);
    return "ticket" in value ? PassTicketView.from(value.ticket, value.booklet) : value;
  }

  @FieldResolver(() => Structure)
  issuerStructure(@Root() b: PassBookletView, @Ctx() ctx: Context) {
    return ctx.loaders.structureById.load(b.row.issuerStructureId);
  }

  @FieldResolver(() => Household, { nullable: true })
  household(@Root() b: PassBookletView, @Ctx() ctx: Context) {
    return b.row.householdId ? ctx.loaders.householdById.load(b.row.householdId) : null;
  }

  @FieldResolver(() => [PassTicketView], { description: "By position." })
  async tickets(@Root() b: PassBookletView, @Ctx() ctx: Context): Promise<PassTicketView[]> {
    const rows = await ctx.loaders.ticketsByBooklet.load(b.id);
    return rows.map((t) => PassTicketView.from(t, b.row));
  }

  @FieldResolver(() => BookletBalance)
  async balance(@Root() b: PassBookletView, @Ctx() ctx: Context): Promise<BookletBalance> {
    const rows = await ctx.loaders.ticketsByBooklet.load(b.id);
    const redeemed = rows.filter((t) => t.redeemedAt !== null);
    const sum = (list: typeof rows) => list.reduce((n, t) => n + t.valueCents, 0);
    const open = rows.filter((t) => t.redeemedAt === null);
    const voided = b.row.voidedAt !== null;
    return {
      redeemedTickets: redeemed.length,
      redeemedValueCents: sum(redeemed),
      remainingTickets: voided ? 0 : open.length,
      remainingValueCents: voided ? 0 : sum(open),
      voidedTickets: voided ? open.length : 0,
      voidedValueCents: voided ? sum(open) : 0,
    };
  }
}

@Resolver(() => PassTicketView)
export class PassTicketResolver {
  @FieldResolver(() => Structure, { nullable: true, description: "Where it was redeemed." })
  redeemedAtStructure(@Root() t: PassTicketView, @Ctx() ctx: Context) {
    return t.row.redeemedStructureId
      ? ctx.loaders.structureById.load(t.row.redeemedStructureId)
      : null;
  }

  @FieldResolver(() => Structure)
  issuerStructure(@Root() t: PassTicketView, @Ctx() ctx: Context) {
    return ctx.loaders.structureById.load(t.issuerStructureId);
  }
}
