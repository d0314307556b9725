import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { forbidden } from "../../graphql/auth";
import { ConflictError } from "../../graphql/conflict-error";
import type { Context } from "../../graphql/context";
import { NotFoundError, type ValidationError } from "../../graphql/results";
import { actorOf, audit, auditInsert } from "../audit/audit.service";
import { isAdmin, isManagerOf, roleIn } from "../identity/viewer";
import { assertUuid } from "../structure/structure.service";
import { assertSide } from "./referral-access";
import { insertReferral } from "./referral-create";
import { recordEvent } from "./referral-events";
import { TRANSITIONS, type TransitionName } from "./referral-lifecycle";
import { Referral } from "./referral.entity";
import { ReferralEventType, ReferralStatus } from "./referral.enums";
import type { CreateReferralInput } from "./referral.input";
import { InvalidTransitionError } from "./referral.type";
import { validateCreateReferral } from "./referral.validation";
import { type IdempotencyClaim } from "../idempotency/idempotency";

const DAY_MS = 24 * 3600 * 1000;

export type ReferralOutcomeValue =
  Referral | ValidationError | NotFoundError | ConflictError | InvalidTransitionError;

/** A member (or the token) of the sending structure refers a resident, with the resident's consent. */
export async function createReferral(
  ctx: Context,
  input: CreateReferralInput,
  claim?: IdempotencyClaim,
): Promise<ReferralOutcomeValue> {
  assertUuid(input.senderStructureId, "input.senderStructureId");
  assertUuid(input.receiverStructureId, "input.receiverStructureId");
  if (input.receiverOfferId) assertUuid(input.receiverOfferId, "input.receiverOfferId");
  if (input.householdId) assertUuid(input.householdId, "input.householdId");
  if (!roleIn(ctx.viewer, input.senderStructureId)) {
    throw forbidden("Only members of the sending structure refer residents on its behalf");
  }
  const { errors, values } = validateCreateReferral(input);
  // Both ends in one statement (the loader batches them) beside the offer: the loaders then
  // answer the mutation's `senderStructure` and `receiverStructure` without asking again.
  const [receiver, , offer] = await Promise.all([
    ctx.loaders.structureById.load(input.receiverStructureId),
    ctx.loaders.structureById.load(input.senderStructureId),
    input.receiverOfferId ? ctx.loaders.offerById.load(input.receiverOfferId) : null,
  ]);
  if (!receiver) return new NotFoundError("Receiving structure");
  if (receiver.archivedAt)
    errors.add("receiverStructureId", "ARCHIVED", "Cette structure a quitté l'annuaire.");
  if (input.receiverOfferId) {
    if (!offer || offer.structureId !== receiver.id || !offer.active) {
      errors.add(
        "receiverOfferId",
        "UNKNOWN_OFFER",
        "Cette offre n'est pas une offre active de la structure.",
      );
    } else if (offer.category !== input.need) {
      errors.add(
        "receiverOfferId",
        "NEED_MISMATCH",
        "Cette offre ne répond pas au besoin indiqué.",
      );
    }
  }
  if (input.resident.districtCode) {
    const district = await ctx.loaders.districtByCode.load(input.resident.districtCode);
    if (!district) errors.add("resident.districtCode", "UNKNOWN_DISTRICT", "Quartier inconnu.");
  }
  if (input.householdId) {
    const [known] = await ctx.dataSource.query(`SELECT 1 FROM household WHERE id = $1`, [
      input.householdId,
    ]);
    if (!known) errors.add("householdId", "UNKNOWN_HOUSEHOLD", "Foyer inconnu.");
  }
  const invalid = errors.result();
  if (invalid) return invalid;

  const now = Date.now();
  const userId = ctx.viewer.kind === "user" ? ctx.viewer.user.id : null;
  const id = randomUUID();
  const created = await insertReferral(
    ctx.dataSource,
    {
      id,
      status: ReferralStatus.PENDING,
      version: 1,
      need: input.need,
      senderStructureId: input.senderStructureId,
      senderUserId: userId,
      receiverStructureId: receiver.id,
      receiverOfferId: input.receiverOfferId ?? null,
      householdId: input.householdId ?? null,
      residentFirstName: values.firstName,
      residentLastName: values.lastName,
      residentContactChannel: input.resident.contactChannel,
      residentContactValue: values.contactValue,
      residentDistrictCode: input.resident.districtCode ?? null,
      residentLanguages: values.languages,
      residentAccessibilityNeeds: values.accessibilityNeeds,
      situation: values.situation,
      consentGivenAt: new Date(now),
      consentWordingVersion: input.consent.wordingVersion,
      consentRecordedBy: userId,
      createdAt: new Date(now),
      updatedAt: new Date(now),
      expiresAt: new Date(now + ctx.config.referralExpiryDays * DAY_MS),
      reminderDueAt: new Date(now + ctx.config.referralReminderDays * DAY_MS),
    },
    {
      audit: (from) =>
        auditInsert(
          ctx.viewer,
          ctx.ip,
          {
            action: "resident.recorded",
            subjectType: "referral",
            subjectId: id,
            structureId: input.senderStructureId,
          },
          from,
        ),
      idempotencyKey: claim?.insert(id),
      actor: actorOf(ctx.viewer),
    },
  );
  // Nothing was written: another request holds the key (idempotent() answers with its result).
  // Without a key the statement always writes its row.
  if (!created) throw claim ? claim.taken() : new Error("The referral's insert wrote no row");
  return created.referral;
}

const lock = (em: EntityManager, id: string) =>
  em
    .getRepository(Referral)
    .createQueryBuilder("r")
    .setLock("pessimistic_write")
    .where("r.id = :id", { id })
    .getOne();

/**
 * Applies a transition: the row is locked, then the caller's side, the expected version and
 * the current status are checked, so two concurrent answers give one winner and one conflict.
 */
export async function transition(
  ctx: Context,
  name: TransitionName,
  id: string,
  expectedVersion: number,
  changes: Partial<Referral> = {},
): Promise<ReferralOutcomeValue> {
  assertUuid(id);
  const t = TRANSITIONS[name];
  return ctx.dataSource.transaction(async (em) => {
    const referral = await lock(em, id);
    if (!referral) return new NotFoundError("Referral");
    assertSide(ctx.viewer, referral, t.by);
    if (referral.version !== expectedVersion)
      return new ConflictError("The referral", referral.version);
    if (!(t.from as readonly ReferralStatus[]).includes(referral.status)) {
      return new InvalidTransitionError(referral.status, t.to);
    }
    const now = new Date();
    const from = referral.status;
    Object.assign(referral, changes, {
      status: t.to,
      version: referral.version + 1,
      updatedAt: now,
      answeredAt:
        referral.answeredAt ??
        (from === ReferralStatus.PENDING && t.by === "receiver" ? now : null),
      closedAt: t.to === ReferralStatus.ACCEPTED ? null : now,
    });
    await em.getRepository(Referral).save(referral);
    await recordEvent(em, referral, t.event, from, t.to, actorOf(ctx.viewer));
    return referral;
  });
}

/** Clears the resident's data of one referral at once (right to erasure). */
export async function eraseResidentData(
  ctx: Context,
  id: string,
): Promise<Referral | NotFoundError> {
  assertUuid(id);
  return ctx.dataSource.transaction(async (em) => {
    const referral = await lock(em, id);
    if (!referral) return new NotFoundError("Referral");
    if (!isAdmin(ctx.viewer) && !isManagerOf(ctx.viewer, referral.senderStructureId)) {
      throw forbidden(
        "Only the sending structure's managers (or an admin) erase a resident's data",
      );
    }
    if (referral.anonymisedAt) return referral;
    await anonymise(em, referral);
    await recordEvent(
      em,
      referral,
      ReferralEventType.RESIDENT_DATA_ERASED,
      referral.status,
      referral.status,
      actorOf(ctx.viewer),
    );
    await audit(em, ctx.viewer, ctx.ip, {
      action: "resident.erased",
      subjectType: "referral",
      subjectId: referral.id,
      structureId: referral.senderStructureId,
    });
    return referral;
  });
}

/**
 * Clears every personal field; the district of residence stays (a quartier of ~30,000 people)
 * for statistics, as do the need, the statuses and the history.
 */
export async function anonymise(em: EntityManager, referral: Referral): Promise<void> {
  Object.assign(referral, {
    residentFirstName: null,
    residentLastName: null,
    residentContactChannel: null,
    residentContactValue: null,
    residentLanguages: [],
    residentAccessibilityNeeds: [],
    situation: null,
    declineComment: null,
    outcomeComment: null,
    anonymisedAt: new Date(),
    version: referral.version + 1,
    updatedAt: new Date(),
  });
  await em.getRepository(Referral).save(referral);
}
