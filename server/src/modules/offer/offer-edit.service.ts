import type { EntityManager } from "typeorm";
import { ConflictError } from "../../graphql/conflict-error";
import type { Context } from "../../graphql/context";
import { FieldErrors, NotFoundError, type ValidationError } from "../../graphql/results";
import { audit } from "../audit/audit.service";
import {
  assertMayEditStructure,
  changes,
  lockStructure,
  writeVersioned,
} from "../structure/structure-edit.service";
import {
  archivedError,
  checkRequired,
  checkTerms,
  checkText,
} from "../structure/structure-edit.validation";
import type { Structure } from "../structure/structure.entity";
import { assertUuid } from "../structure/structure.service";
import { Fee } from "../vocabulary/vocabulary.enums";
import type { CreateOfferInput, UpdateOfferInput } from "./offer.input";
import { ServiceOffer } from "./offer.entity";
import { directoryWritten } from "../../db/directory-writes";

export type OfferEditResult = ServiceOffer | ValidationError | NotFoundError | ConflictError;

type OfferValues = Partial<
  Pick<
    ServiceOffer,
    | "title"
    | "description"
    | "category"
    | "publics"
    | "supportModes"
    | "accessModes"
    | "fees"
    | "capacityPerWeek"
  >
>;

const MAX_CAPACITY = 10_000;

/** Checks the fields given; `structure` decides whether Pass numérique may be accepted. */
function checkOfferInput(
  input: CreateOfferInput | UpdateOfferInput,
  structure: Structure,
  errors: FieldErrors,
): OfferValues {
  const values: OfferValues = {};
  const set = <K extends keyof OfferValues>(key: K, value: OfferValues[K] | undefined) => {
    if (value !== undefined) values[key] = value;
  };
  set(
    "title",
    checkText(errors, "title", input.title, { max: 200, required: true, singleLine: true }) ??
      undefined,
  );
  set("description", checkText(errors, "description", input.description, { max: 10_000 }));
  set("category", checkRequired(errors, "category", input.category));
  set("publics", checkTerms(input.publics));
  set("supportModes", checkTerms(input.supportModes));
  set("accessModes", checkTerms(input.accessModes));
  const fees = checkTerms(input.fees);
  if (fees?.includes(Fee.PASS_NUMERIQUE) && !structure.passNumerique) {
    errors.add(
      "fees",
      "NOT_PASS_NUMERIQUE_LABELLED",
      "Seules les structures labellisées Pass numérique acceptent ses chèques.",
    );
  } else set("fees", fees);
  const capacity = input.capacityPerWeek;
  if (capacity !== undefined && capacity !== null && !(capacity >= 1 && capacity <= MAX_CAPACITY)) {
    errors.add("capacityPerWeek", "OUT_OF_RANGE", "Entre 1 et 10 000 personnes par semaine.");
  } else set("capacityPerWeek", capacity);
  return values;
}

/**
 * The offer and its structure, the structure locked first (the order every edit of the network
 * takes, so that concurrent edits wait rather than deadlock), then the caller's rights.
 */
async function lockOffer(ctx: Context, em: EntityManager, id: string) {
  const found = await em.findOne(ServiceOffer, { where: { id }, select: { structureId: true } });
  if (!found) return null;
  const structure = (await lockStructure(em, found.structureId))!;
  assertMayEditStructure(ctx.viewer, structure.id);
  const offer = await em.findOneOrFail(ServiceOffer, {
    where: { id },
    lock: { mode: "pessimistic_write" },
  });
  return { offer, structure };
}

function auditOffer(
  ctx: Context,
  em: EntityManager,
  action: string,
  offer: ServiceOffer,
  details = {},
) {
  return audit(em, ctx.viewer, ctx.ip, {
    action,
    subjectType: "service_offer",
    subjectId: offer.id,
    structureId: offer.structureId,
    details: { title: offer.title, ...details },
  });
}

/** Adds an offer to a structure: its managers, coordinators and admins. */
export async function createOffer(
  ctx: Context,
  structureId: string,
  input: CreateOfferInput,
): Promise<OfferEditResult> {
  assertUuid(structureId, "structureId");
  const result = await ctx.dataSource.transaction(async (em) => {
    const structure = await lockStructure(em, structureId);
    if (!structure) return new NotFoundError("Structure");
    assertMayEditStructure(ctx.viewer, structureId);
    if (structure.archivedAt) return archivedError("structureId");
    const errors = new FieldErrors();
    const values = checkOfferInput(input, structure, errors);
    if (!errors.empty) return errors.result()!;
    const repo = em.getRepository(ServiceOffer);
    const { id } = await repo.save(repo.create({ ...values, structureId }));
    directoryWritten(em);
    const offer = await repo.findOneByOrFail({ id });
    await auditOffer(ctx, em, "offer.created", offer);
    return offer;
  });
  ctx.loaders.offersByStructure.clear(structureId);
  return result;
}

/** Applies the fields given if the offer is still at `expectedVersion`. */
export async function updateOffer(
  ctx: Context,
  id: string,
  expectedVersion: number,
  input: UpdateOfferInput,
): Promise<OfferEditResult> {
  assertUuid(id);
  const result = await ctx.dataSource.transaction(async (em) => {
    const locked = await lockOffer(ctx, em, id);
    if (!locked) return new NotFoundError("Offer");
    const { offer, structure } = locked;
    if (structure.archivedAt) return archivedError("id");
    const errors = new FieldErrors();
    const values = checkOfferInput(input, structure, errors);
    if (!errors.empty) return errors.result()!;
    if (offer.version !== expectedVersion) return new ConflictError("Offer", offer.version);
    const changed = changes<ServiceOffer>(offer, values);
    const fields = Object.keys(changed);
    if (fields.length === 0) return offer;
    if (!(await writeVersioned(em, ServiceOffer, id, expectedVersion, changed))) {
      return new ConflictError("Offer", (await em.findOneByOrFail(ServiceOffer, { id })).version);
    }
    const saved = await em.findOneByOrFail(ServiceOffer, { id });
    await auditOffer(ctx, em, "offer.updated", saved, { fields, version: saved.version });
    return saved;
  });
  if (result instanceof ServiceOffer) ctx.loaders.offersByStructure.clear(result.structureId);
  return result;
}

/**
 * Suspends (active = false) or resumes an offer; a suspended offer leaves the directory.
 * Asking for the state the offer is already in returns it unchanged.
 */
export async function setOfferActive(
  ctx: Context,
  id: string,
  expectedVersion: number,
  active: boolean,
): Promise<OfferEditResult> {
  assertUuid(id);
  const result = await ctx.dataSource.transaction(async (em) => {
    const locked = await lockOffer(ctx, em, id);
    if (!locked) return new NotFoundError("Offer");
    const { offer, structure } = locked;
    if (structure.archivedAt) return archivedError("id");
    if (offer.active === active) return offer;
    if (offer.version !== expectedVersion) return new ConflictError("Offer", offer.version);
    if (!(await writeVersioned(em, ServiceOffer, id, expectedVersion, { active }))) {
      return new ConflictError("Offer", (await em.findOneByOrFail(ServiceOffer, { id })).version);
    }
    const saved = await em.findOneByOrFail(ServiceOffer, { id });
    await auditOffer(ctx, em, active ? "offer.resumed" : "offer.suspended", saved, {
      version: saved.version,
    });
    return saved;
  });
  if (result instanceof ServiceOffer) ctx.loaders.offersByStructure.clear(result.structureId);
  return result;
}
