import type { EntityManager } from "typeorm";
import { forbidden } from "../../graphql/auth";
import type { Context } from "../../graphql/context";
import { FieldErrors, NotFoundError, type ValidationError } from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { isAdmin, isCoordinator, roleIn, type Viewer } from "../identity/viewer";
import { assertUuid } from "../structure/structure.service";
import { normaliseTicketCode } from "./codes";
import { PassBooklet, PassTicket } from "./pass-numerique.entity";
import { PassBookletVoidedError, TicketAlreadyRedeemedError } from "./programme.errors";

export interface Redeemed {
  ticket: PassTicket;
  booklet: PassBooklet;
}

export type RedeemOutcome =
  Redeemed | ValidationError | NotFoundError | TicketAlreadyRedeemedError | PassBookletVoidedError;

/**
 * Redeems a ticket in the caller's transaction. One conditional UPDATE decides: of two
 * concurrent redemptions, the second waits on the row lock, then finds `redeemed_at` set and
 * updates nothing — exactly one wins, the other gets TicketAlreadyRedeemedError. The booklet row
 * is read FOR SHARE first: a void in progress (voidBooklet locks it) is waited for, then seen.
 */
export async function redeemInTransaction(
  em: EntityManager,
  who: { viewer: Viewer; ip: string | null },
  structureId: string,
  code: string,
): Promise<Redeemed | NotFoundError | TicketAlreadyRedeemedError | PassBookletVoidedError> {
  const [state]: { redeemed_at: Date | null; voided_at: Date | null }[] = await em.query(
    `SELECT t.redeemed_at, b.voided_at FROM pass_ticket t JOIN pass_booklet b ON b.id = t.booklet_id
      WHERE t.code = $1 FOR SHARE OF b`,
    [code],
  );
  if (!state) return new NotFoundError("Ticket");
  // A ticket redeemed before the void stays redeemed: say that, not the void.
  if (state.redeemed_at) return new TicketAlreadyRedeemedError(state.redeemed_at);
  if (state.voided_at) return new PassBookletVoidedError(state.voided_at);
  const [rows] = (await em.query(
    `UPDATE pass_ticket SET redeemed_at = now(), redeemed_structure_id = $2
      WHERE code = $1 AND redeemed_at IS NULL RETURNING id`,
    [code, structureId],
  )) as [{ id: string }[], number];
  if (rows.length === 0) {
    const [existing] = await em.query(`SELECT redeemed_at FROM pass_ticket WHERE code = $1`, [
      code,
    ]);
    return existing
      ? new TicketAlreadyRedeemedError(existing.redeemed_at)
      : new NotFoundError("Ticket");
  }
  const ticket = (await em.getRepository(PassTicket).findOneBy({ id: rows[0].id }))!;
  const booklet = (await em.getRepository(PassBooklet).findOneBy({ id: ticket.bookletId }))!;
  await audit(em, who.viewer, who.ip, {
    action: "pass_ticket.redeemed",
    subjectType: "pass_ticket",
    subjectId: ticket.id,
    structureId,
    details: { bookletId: booklet.id, valueCents: ticket.valueCents },
  });
  return { ticket, booklet };
}

/** A member (or the token) of a structure labelled Pass numérique redeems a ticket there. */
export async function redeemTicket(
  ctx: Context,
  structureId: string,
  rawCode: string,
): Promise<RedeemOutcome> {
  assertUuid(structureId, "structureId");
  if (!roleIn(ctx.viewer, structureId))
    throw forbidden("Only the structure's members redeem tickets on its behalf");
  const structure = await ctx.loaders.structureById.load(structureId);
  if (!structure?.passNumerique || structure.archivedAt)
    throw forbidden("Only structures labelled Pass numérique accept tickets");
  const code = normaliseTicketCode(rawCode.slice(0, 40));
  if (!code)
    return new FieldErrors()
      .add("code", "INVALID_FORMAT", "Un code de 12 caractères, par exemple 7K3Q-9XPD-M2TA.")
      .result()!;
  return ctx.dataSource.transaction((em) => redeemInTransaction(em, ctx, structureId, code));
}

/** A structure's account: its members (or token), coordinators and admins. */
export async function structureBalance(ctx: Context, structureId: string) {
  assertUuid(structureId, "structureId");
  const v = ctx.viewer;
  if (!roleIn(v, structureId) && !isAdmin(v) && !isCoordinator(v))
    throw forbidden("A structure's Pass numérique account is for its members and coordinators");
  const [row] = await ctx.dataSource.query(
    `SELECT count(*) FILTER (WHERE issued)::int AS issued_tickets,
            coalesce(sum(value_cents) FILTER (WHERE issued), 0)::int AS issued_value,
            count(*) FILTER (WHERE issued AND redeemed_at IS NOT NULL)::int AS redeemed_issued_tickets,
            coalesce(sum(value_cents) FILTER (WHERE issued AND redeemed_at IS NOT NULL), 0)::int AS redeemed_issued_value,
            count(*) FILTER (WHERE issued AND voided AND redeemed_at IS NULL)::int AS voided_tickets,
            coalesce(sum(value_cents) FILTER (WHERE issued AND voided AND redeemed_at IS NULL), 0)::int AS voided_value,
            count(*) FILTER (WHERE here)::int AS redeemed_here_tickets,
            coalesce(sum(value_cents) FILTER (WHERE here), 0)::int AS redeemed_here_value
       FROM (SELECT t.value_cents, t.redeemed_at, b.issuer_structure_id = $1 AS issued,
                    b.voided_at IS NOT NULL AS voided,
                    t.redeemed_structure_id IS NOT DISTINCT FROM $1 AS here
               FROM pass_ticket t JOIN pass_booklet b ON b.id = t.booklet_id
              WHERE b.issuer_structure_id = $1 OR t.redeemed_structure_id = $1) x`,
    [structureId],
  );
  return {
    structureId,
    issuedTickets: row.issued_tickets,
    issuedValueCents: row.issued_value,
    redeemedIssuedTickets: row.redeemed_issued_tickets,
    redeemedIssuedValueCents: row.redeemed_issued_value,
    outstandingTickets: row.issued_tickets - row.redeemed_issued_tickets - row.voided_tickets,
    outstandingValueCents: row.issued_value - row.redeemed_issued_value - row.voided_value,
    voidedTickets: row.voided_tickets,
    voidedValueCents: row.voided_value,
    redeemedHereTickets: row.redeemed_here_tickets,
    redeemedHereValueCents: row.redeemed_here_value,
  };
}
