import type { EntityManager } from "typeorm";
import { forbidden } from "../../graphql/auth";
import { type ConnectionShape, newestFirstPage, pageSize } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { notFound } from "../../graphql/errors";
import { FieldErrors, NotFoundError, type ValidationError } from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { isAdmin, isManagerOf, roleIn } from "../identity/viewer";
import { Referral } from "../referral/referral.entity";
import { Structure } from "../structure/structure.entity";
import { assertUuid } from "../structure/structure.service";
import { newTicketCode } from "./codes";
import { checkHousehold, createHousehold } from "./household.service";
import { PassBooklet } from "./pass-numerique.entity";
import type { IssuePassBookletInput } from "./pass-numerique.input";
import { parisDay } from "./programme-dates";
import { PassBookletVoidedError } from "./programme.errors";
import { checkPastDay, intRange } from "./programme.validation";
import { type IdempotencyClaim } from "../idempotency/idempotency";

/** Members (or the token) of the issuing structure, and admins, see its booklets and codes. */
export function assertMaySeeBooklets(ctx: Context, issuerStructureId: string): void {
  if (!roleIn(ctx.viewer, issuerStructureId) && !isAdmin(ctx.viewer))
    throw forbidden("A structure's booklets are for its members");
}

/** The issuing structure's managers, and admins, void its booklets (not its staff, nor its token). */
export function mayVoidBooklets(ctx: Context, issuerStructureId: string): boolean {
  return isManagerOf(ctx.viewer, issuerStructureId) || isAdmin(ctx.viewer);
}

/** Checks the input; resolves the household the booklet goes to (null: a new one). */
async function checkIssue(ctx: Context, input: IssuePassBookletInput, errors: FieldErrors) {
  intRange(errors, "ticketCount", input.ticketCount, 1, 50);
  intRange(errors, "ticketValueCents", input.ticketValueCents, 1, 10_000);
  const issuedOn = input.issuedOn ?? parisDay();
  checkPastDay(errors, "issuedOn", issuedOn);
  let householdId = input.householdId ?? null;
  if (householdId) await checkHousehold(ctx, errors, "householdId", householdId);
  if (input.referralId) {
    assertUuid(input.referralId, "input.referralId");
    const referral = await ctx.dataSource
      .getRepository(Referral)
      .findOneBy({ id: input.referralId });
    if (!referral) errors.add("referralId", "UNKNOWN_REFERRAL", "Orientation inconnue.");
    else if (
      ![referral.senderStructureId, referral.receiverStructureId].includes(input.issuerStructureId)
    )
      errors.add(
        "referralId",
        "NOT_INVOLVED",
        "Cette orientation ne concerne pas la structure qui émet le carnet.",
      );
    else if (householdId && referral.householdId && referral.householdId !== householdId)
      errors.add("householdId", "HOUSEHOLD_MISMATCH", "L'orientation concerne un autre foyer.");
    else householdId ??= referral.householdId;
  }
  const districtCode = input.districtCode ?? null;
  if (districtCode && !(await ctx.loaders.districtByCode.load(districtCode.slice(0, 60))))
    errors.add("districtCode", "UNKNOWN_DISTRICT", "Quartier inconnu.");
  return { issuedOn, householdId, districtCode };
}

/** Writes the booklet's tickets, each with a fresh random code (a collision draws again). */
async function writeTickets(em: EntityManager, booklet: PassBooklet) {
  let missing = Array.from({ length: booklet.ticketCount }, (_, i) => i + 1);
  for (let attempt = 0; missing.length > 0; attempt++) {
    if (attempt > 5) throw new Error("could not draw free ticket codes");
    const written: { position: number }[] = await em.query(
      `INSERT INTO pass_ticket (booklet_id, position, code, value_cents)
       SELECT $1, p, c, $2 FROM unnest($3::int[], $4::text[]) AS x(p, c)
       ON CONFLICT (code) DO NOTHING RETURNING position`,
      [booklet.id, booklet.ticketValueCents, missing, missing.map(() => newTicketCode())],
    );
    const done = new Set(written.map((w) => w.position));
    missing = missing.filter((p) => !done.has(p));
  }
}

/** A member (or the token) of a structure issues a booklet of N tickets of a value. */
export async function issueBooklet(
  ctx: Context,
  input: IssuePassBookletInput,
  claim?: IdempotencyClaim,
): Promise<PassBooklet | ValidationError | NotFoundError> {
  assertUuid(input.issuerStructureId, "input.issuerStructureId");
  if (!roleIn(ctx.viewer, input.issuerStructureId))
    throw forbidden("Only members of the issuing structure issue its booklets");
  const issuer = await ctx.dataSource
    .getRepository(Structure)
    .findOneBy({ id: input.issuerStructureId });
  if (!issuer) return new NotFoundError("Issuing structure");
  const errors = new FieldErrors();
  if (issuer.archivedAt)
    errors.add("issuerStructureId", "ARCHIVED", "Cette structure a quitté l'annuaire.");
  const checked = await checkIssue(ctx, input, errors);
  if (!errors.empty) return errors.result()!;

  return ctx.dataSource.transaction(async (em) => {
    const householdId =
      checked.householdId ??
      (input.referralId
        ? null
        : (await createHousehold(em, ctx.viewer, ctx.ip, issuer.id, checked.districtCode)).id);
    const [{ n }] = await em.query(`SELECT nextval('pass_booklet_number_seq')::int AS n`);
    const repo = em.getRepository(PassBooklet);
    const booklet = await repo.save(
      repo.create({
        number: `PN-${checked.issuedOn.slice(0, 4)}-${String(n).padStart(6, "0")}`,
        issuerStructureId: issuer.id,
        householdId,
        referralId: input.referralId ?? null,
        ticketCount: input.ticketCount,
        ticketValueCents: input.ticketValueCents,
        issuedOn: checked.issuedOn,
        issuedByUserId: ctx.viewer.kind === "user" ? ctx.viewer.user.id : null,
        createdAt: new Date(),
      }),
    );
    await writeTickets(em, booklet);
    await audit(em, ctx.viewer, ctx.ip, {
      action: "pass_booklet.issued",
      subjectType: "pass_booklet",
      subjectId: booklet.id,
      structureId: issuer.id,
      details: { tickets: booklet.ticketCount, valueCents: booklet.ticketValueCents },
    });
    await claim?.record(em, booklet.id);
    return booklet;
  });
}

export async function getBooklet(ctx: Context, id: string): Promise<PassBooklet> {
  assertUuid(id);
  const booklet = await ctx.dataSource.getRepository(PassBooklet).findOneBy({ id });
  if (!booklet) throw notFound("Pass booklet", id);
  assertMaySeeBooklets(ctx, booklet.issuerStructureId);
  return booklet;
}

/** A structure's booklets, newest first. */
export async function listBooklets(
  ctx: Context,
  structureId: string,
  first: number,
  after: string | null | undefined,
): Promise<ConnectionShape<PassBooklet>> {
  assertUuid(structureId, "structureId");
  assertMaySeeBooklets(ctx, structureId);
  const size = pageSize(first);
  const qb = ctx.dataSource
    .getRepository(PassBooklet)
    .createQueryBuilder("b")
    .where("b.issuerStructureId = :structureId", { structureId });
  return newestFirstPage(qb, size, after);
}

export type VoidOutcome = PassBooklet | ValidationError | NotFoundError | PassBookletVoidedError;

/**
 * Voids a booklet (lost, stolen, issued by mistake), with a reason: its tickets not redeemed yet
 * can no longer be. The booklet row is locked, so a redemption of one of its tickets happens
 * wholly before the void or is refused after it (redeemInTransaction reads it FOR SHARE).
 */
export async function voidBooklet(
  ctx: Context,
  id: string,
  rawReason: string,
): Promise<VoidOutcome> {
  assertUuid(id);
  const found = await ctx.dataSource.getRepository(PassBooklet).findOneBy({ id });
  if (!found) return new NotFoundError("Pass booklet");
  if (!mayVoidBooklets(ctx, found.issuerStructureId))
    throw forbidden("A structure's booklets are voided by its managers");
  const errors = new FieldErrors();
  const reason = rawReason.trim();
  if (reason.length < 3)
    errors.add(
      "reason",
      reason ? "TOO_SHORT" : "REQUIRED",
      "Indiquez le motif (3 caractères au moins).",
    );
  else if (reason.length > 500) errors.add("reason", "TOO_LONG", "500 caractères au plus.");
  if (!errors.empty) return errors.result()!;

  return ctx.dataSource.transaction(async (em) => {
    const booklet = await em.findOne(PassBooklet, {
      where: { id },
      lock: { mode: "pessimistic_write" },
    });
    if (!booklet) return new NotFoundError("Pass booklet");
    if (booklet.voidedAt) return new PassBookletVoidedError(booklet.voidedAt);
    const [open] = await em.query(
      `SELECT count(*)::int AS tickets, coalesce(sum(value_cents), 0)::int AS value
         FROM pass_ticket WHERE booklet_id = $1 AND redeemed_at IS NULL`,
      [id],
    );
    Object.assign(booklet, {
      voidedAt: new Date(),
      voidReason: reason,
      voidedByUserId: ctx.viewer.kind === "user" ? ctx.viewer.user.id : null,
    });
    await em.getRepository(PassBooklet).save(booklet);
    await audit(em, ctx.viewer, ctx.ip, {
      action: "pass_booklet.voided",
      subjectType: "pass_booklet",
      subjectId: booklet.id,
      structureId: booklet.issuerStructureId,
      details: { reason, voidedTickets: open.tickets, voidedValueCents: open.value },
    });
    return booklet;
  });
}
