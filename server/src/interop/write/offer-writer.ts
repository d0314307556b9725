import type { EntityManager } from "typeorm";
import { ServiceOffer } from "../../modules/offer/offer.entity";
import { changes } from "../../modules/structure/structure-edit.service";
import { Fee } from "../../modules/vocabulary/vocabulary.enums";
import type { OfferCandidate } from "../candidate";
import { type AuditRow, insertRows } from "./batch-sql";

export interface OfferPlan {
  structureId: string;
  list: OfferCandidate[];
  /** Imported offers whose `sourceRef` starts with this and that `list` does not name are suspended. */
  replacesPrefix: string | null;
  /** The structure's offers now (empty for a new structure). */
  existing: ServiceOffer[];
  /** Tells the import format in the audit trail. */
  format: string;
}

export type OfferOutcome = "created" | "updated" | "unchanged";

export interface OfferSync {
  created: number;
  updated: number;
  deactivated: number;
  /** Structures some offer of which was created, changed or suspended. */
  touched: Set<string>;
  /** By `${structureId} ${sourceRef}`. */
  outcomes: Map<string, OfferOutcome>;
}

export const offerKey = (structureId: string, sourceRef: string) => `${structureId} ${sourceRef}`;

/**
 * Brings the offers of several structures in line with a file: an offer of the same source
 * reference is updated (the fields the file gives, and resumed), a hand-made offer of the same
 * need is adopted when allowed, otherwise one is created. Titles of existing offers are kept
 * unless the file gives one. Pass numérique stays accepted where it was (the standard has no term
 * for it).
 */
export async function syncOffers(
  em: EntityManager,
  plans: OfferPlan[],
  audit: AuditRow[],
): Promise<OfferSync> {
  const result: OfferSync = {
    created: 0,
    updated: 0,
    deactivated: 0,
    touched: new Set(),
    outcomes: new Map(),
  };
  const inserts: Partial<ServiceOffer>[] = [];
  const deactivate: ServiceOffer[] = [];
  for (const plan of plans) {
    const byRef = new Map(plan.existing.filter((o) => o.sourceRef).map((o) => [o.sourceRef!, o]));
    const manual = plan.existing.filter((o) => o.sourceRef === null);
    const used = new Set<string>();
    const listed = new Set(plan.list.map((c) => c.sourceRef));
    for (const candidate of plan.list) {
      let offer = byRef.get(candidate.sourceRef);
      const adopted =
        !offer && candidate.adoptManual
          ? manual.find((o) => o.category === candidate.category && !used.has(o.id))
          : undefined;
      offer ??= adopted;
      const key = offerKey(plan.structureId, candidate.sourceRef);
      if (!offer) {
        inserts.push({
          structureId: plan.structureId,
          sourceRef: candidate.sourceRef,
          title: candidate.create.title,
          description: candidate.create.description,
          publics: [],
          supportModes: [],
          accessModes: [],
          fees: [],
          ...candidate.values,
          active: true,
        });
        result.outcomes.set(key, "created");
        continue;
      }
      used.add(offer.id);
      const next: Partial<ServiceOffer> = { ...candidate.values, active: true };
      if (adopted) next.sourceRef = candidate.sourceRef;
      if (
        next.fees &&
        offer.fees.includes(Fee.PASS_NUMERIQUE) &&
        !next.fees.includes(Fee.PASS_NUMERIQUE)
      ) {
        next.fees = [...next.fees, Fee.PASS_NUMERIQUE];
      }
      const changed = changes<ServiceOffer>(offer, next);
      const fields = Object.keys(changed);
      if (fields.length === 0) {
        result.outcomes.set(key, "unchanged");
        continue;
      }
      await em
        .createQueryBuilder()
        .update(ServiceOffer)
        .set({ ...changed, version: () => "version + 1" } as never)
        .where("id = :id", { id: offer.id })
        .execute();
      result.updated++;
      result.touched.add(plan.structureId);
      result.outcomes.set(key, "updated");
      audit.push({
        action: "offer.updated",
        subjectType: "service_offer",
        subjectId: offer.id,
        structureId: plan.structureId,
        details: { import: plan.format, fields, version: offer.version + 1 },
      });
    }
    if (plan.replacesPrefix) {
      const prefix = plan.replacesPrefix;
      for (const offer of plan.existing) {
        if (offer.active && offer.sourceRef?.startsWith(prefix) && !listed.has(offer.sourceRef)) {
          deactivate.push(offer);
        }
      }
    }
  }

  for (let i = 0; i < inserts.length; i += 500) {
    const chunk = inserts.slice(i, i + 500);
    const inserted = await insertRows(em, ServiceOffer, chunk, [
      "id",
      "structure_id",
      "source_ref",
    ]);
    const ids = new Map(
      inserted.map((r) => [offerKey(String(r.structure_id), String(r.source_ref)), String(r.id)]),
    );
    chunk.forEach((offer) => {
      result.touched.add(offer.structureId!);
      audit.push({
        action: "offer.created",
        subjectType: "service_offer",
        subjectId: ids.get(offerKey(offer.structureId!, offer.sourceRef!))!,
        structureId: offer.structureId!,
        details: { import: plans[0]?.format, title: offer.title, sourceRef: offer.sourceRef },
      });
    });
  }
  result.created = inserts.length;

  if (deactivate.length > 0) {
    await em.query(
      `UPDATE service_offer SET active = false, version = version + 1, updated_at = now() WHERE id = ANY($1::uuid[])`,
      [deactivate.map((o) => o.id)],
    );
    for (const offer of deactivate) {
      result.touched.add(offer.structureId);
      audit.push({
        action: "offer.suspended",
        subjectType: "service_offer",
        subjectId: offer.id,
        structureId: offer.structureId,
        details: { import: plans[0]?.format, title: offer.title, version: offer.version + 1 },
      });
    }
  }
  result.deactivated = deactivate.length;
  return result;
}
