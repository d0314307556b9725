import type { EntityManager } from "typeorm";
import type { Context } from "../../graphql/context";
import { FieldErrors, NotFoundError, type ValidationError } from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { storeOpeningIntervals } from "../structure/opening-hours";
import { Structure } from "../structure/structure.entity";
import { assertUuid } from "../structure/structure.service";
import { StructureMerge } from "./duplicate.type";
import { directoryWritten } from "../../db/directory-writes";

/*
 * Merging two structures that are one place: everything the absorbed one holds moves to the kept
 * one (referrals both ways, offers, members, API tokens, invitations, programme records, children,
 * source ids, open duplicate pairs), the kept one's empty fields take the absorbed one's values,
 * and the absorbed one is archived with `merged_into_id`: its audit trail (append-only) stays
 * under its id, reachable from the kept one. One transaction; audited on both.
 */

/** Fields the kept structure takes from the absorbed one when it has none. */
const FILLED = [
  "street",
  "addressComplement",
  "postalCode",
  "city",
  "inseeCode",
  "phone",
  "openingHours",
  "summary",
  "description",
  "otherLabels",
  "accessibilityUrl",
  "appointmentUrl",
  "notificationEmail",
] as const;
/** List fields the kept structure gets the union of. */
const UNITED = [
  "emails",
  "websites",
  "programmes",
  "labels",
  "specificSupports",
  "mobility",
] as const;

function invalid(path: string, code: string, message: string): ValidationError {
  return new FieldErrors().add(path, code, message).result()!;
}

/** What the kept structure takes: its empty fields filled, lists united, a location if it had none. */
function filled(keep: Structure, absorbed: Structure): Partial<Structure> {
  const next: Record<string, unknown> = {};
  for (const key of FILLED) {
    if ((keep[key] === null || keep[key] === "") && absorbed[key]) next[key] = absorbed[key];
  }
  for (const key of UNITED) {
    const union = [...new Set([...(keep[key] as string[]), ...(absorbed[key] as string[])])];
    if (union.length > (keep[key] as string[]).length) next[key] = union;
  }
  if (keep.latitude === null && absorbed.latitude !== null) {
    next.latitude = absorbed.latitude;
    next.longitude = absorbed.longitude;
    if (!keep.districtOverridden) next.districtCode = absorbed.districtCode;
  }
  if (!keep.passNumerique && absorbed.passNumerique) next.passNumerique = true;
  if (keep.parentId === null && absorbed.parentId !== null && absorbed.parentId !== keep.id)
    next.parentId = absorbed.parentId;
  // A structure entered by hand takes the absorbed one's source (its exports keep the record id).
  if (keep.sourceRef === null && absorbed.sourceRef !== null) {
    next.source = absorbed.source;
    next.sourceRef = absorbed.sourceRef;
  }
  return next as Partial<Structure>;
}

/** Rows an UPDATE changed (TypeORM's postgres driver answers `[rows, rowCount]` for one). */
const affected = async (em: EntityManager, sql: string, params: unknown[]): Promise<number> => {
  const [, count] = (await em.query(sql, params)) as [unknown[], number];
  return count;
};

async function moveEverything(em: EntityManager, keepId: string, mergeId: string) {
  const p = [keepId, mergeId];
  const referralsBetween = Number(
    (
      await em.query(
        `SELECT count(*)::int AS n FROM referral
          WHERE (sender_structure_id = $2 AND receiver_structure_id = $1)
             OR (sender_structure_id = $1 AND receiver_structure_id = $2)`,
        p,
      )
    )[0].n,
  );
  const sent = await affected(
    em,
    `UPDATE referral SET sender_structure_id = $1 WHERE sender_structure_id = $2 AND receiver_structure_id <> $1`,
    p,
  );
  const received = await affected(
    em,
    `UPDATE referral SET receiver_structure_id = $1 WHERE receiver_structure_id = $2 AND sender_structure_id <> $1`,
    p,
  );
  // referral_event is append-only: the events keep the ends as they were then (history).

  // Offers keyed by the same source record on both (the same national service) are one: the kept one stays.
  await em.query(
    `UPDATE service_offer m SET source_ref = NULL, active = false
      WHERE m.structure_id = $2 AND m.source_ref IS NOT NULL
        AND EXISTS (SELECT 1 FROM service_offer k WHERE k.structure_id = $1 AND k.source_ref = m.source_ref)`,
    p,
  );
  const offers = await affected(
    em,
    `UPDATE service_offer SET structure_id = $1 WHERE structure_id = $2`,
    p,
  );

  // A person member of both stays with the kept one's role.
  const memberships = await affected(
    em,
    `UPDATE membership m SET structure_id = $1 WHERE m.structure_id = $2
        AND NOT EXISTS (SELECT 1 FROM membership k WHERE k.structure_id = $1 AND k.user_id = m.user_id)`,
    p,
  );
  await em.query(`DELETE FROM membership WHERE structure_id = $1`, [mergeId]);
  await em.query(`UPDATE api_token SET structure_id = $1 WHERE structure_id = $2`, p);
  await em.query(`UPDATE invitation SET structure_id = $1 WHERE structure_id = $2`, p);

  let programmeLinks = 0;
  for (const [table, column] of [
    ["household", "created_by_structure_id"],
    ["allocation", "accompanying_structure_id"],
    ["pass_booklet", "issuer_structure_id"],
    ["pass_ticket", "redeemed_structure_id"],
  ]) {
    programmeLinks += await affected(
      em,
      `UPDATE ${table} SET ${column} = $1 WHERE ${column} = $2`,
      p,
    );
  }
  await em.query(`UPDATE structure SET parent_id = $1 WHERE parent_id = $2 AND id <> $1`, p);

  const sources = await affected(
    em,
    `UPDATE structure_source SET structure_id = $1 WHERE structure_id = $2`,
    p,
  );
  // The interop record (the producer's date, typologies) is the kept one's if it has one.
  await em.query(
    `DELETE FROM structure_interop WHERE structure_id = $2
        AND EXISTS (SELECT 1 FROM structure_interop WHERE structure_id = $1)`,
    p,
  );
  await em.query(`UPDATE structure_interop SET structure_id = $1 WHERE structure_id = $2`, p);

  // Open pairs of the absorbed one with a third structure become pairs of the kept one.
  await em.query(
    `INSERT INTO possible_duplicate (first_id, second_id, score, reasons, source, detected_at)
     SELECT least($1::uuid, o.other), greatest($1::uuid, o.other), o.score, o.reasons, o.source, o.detected_at
       FROM (SELECT CASE WHEN first_id = $2 THEN second_id ELSE first_id END AS other, score, reasons, source, detected_at
               FROM possible_duplicate
              WHERE status = 'OPEN' AND (first_id = $2 OR second_id = $2)) o
      WHERE o.other <> $1
     ON CONFLICT (first_id, second_id) DO NOTHING`,
    p,
  );
  await em.query(
    `DELETE FROM possible_duplicate
      WHERE status = 'OPEN' AND (first_id = $2 OR second_id = $2)
        AND NOT (least(first_id, second_id) = least($1::uuid, $2::uuid) AND greatest(first_id, second_id) = greatest($1::uuid, $2::uuid))`,
    p,
  );
  return {
    referrals: sent + received,
    referralsBetween,
    offers,
    memberships,
    sources,
    programmeLinks,
  };
}

/**
 * Merges `mergeId` into `keepId` (coordinators and admins: the resolver's rule). The pair, when
 * listed among the possible duplicates, is marked MERGED.
 */
export async function mergeStructures(
  ctx: Context,
  keepId: string,
  mergeId: string,
): Promise<StructureMerge | ValidationError | NotFoundError> {
  assertUuid(keepId, "keepId");
  assertUuid(mergeId, "mergeId");
  if (keepId === mergeId) {
    return invalid(
      "mergeId",
      "SAME_STRUCTURE",
      "Une structure ne peut pas être fusionnée avec elle-même.",
    );
  }
  const userId = ctx.viewer.kind === "user" ? ctx.viewer.user.id : null;
  const result = await ctx.dataSource.transaction(async (em) => {
    directoryWritten(em); // told after the commit only, and only if it commits
    // Locked in id order, as two merges of the same pair would otherwise deadlock.
    const locked = await em.find(Structure, {
      where: [{ id: keepId }, { id: mergeId }],
      order: { id: "ASC" },
      lock: { mode: "pessimistic_write" },
    });
    const keep = locked.find((s) => s.id === keepId);
    const absorbed = locked.find((s) => s.id === mergeId);
    if (!keep || !absorbed) return new NotFoundError("Structure");
    if (keep.archivedAt) {
      return invalid(
        "keepId",
        "ARCHIVED",
        "La structure à garder est archivée : désarchivez-la d'abord.",
      );
    }
    if (absorbed.archivedAt) {
      return invalid(
        "mergeId",
        "ARCHIVED",
        absorbed.mergedIntoId
          ? "Cette structure a déjà été fusionnée dans une autre."
          : "Cette structure est archivée : désarchivez-la pour la fusionner.",
      );
    }

    const moved = await moveEverything(em, keepId, mergeId);
    const next = filled(keep, absorbed);
    // The absorbed one leaves the directory first: it gives up its source columns (unique).
    await em.query(
      `UPDATE structure SET archived_at = now(), merged_into_id = $1, version = version + 1,
              source_ref = CASE WHEN $3 THEN NULL ELSE source_ref END
        WHERE id = $2`,
      [keepId, mergeId, "sourceRef" in next],
    );
    await em
      .createQueryBuilder()
      .update(Structure)
      .set({ ...next, version: () => "version + 1" } as never)
      .where("id = :id", { id: keepId })
      .execute();
    if ("openingHours" in next) await storeOpeningIntervals(em, keepId, next.openingHours ?? null);
    await em.query(
      `UPDATE possible_duplicate SET status = 'MERGED', decided_by = $3, decided_at = now()
        WHERE first_id = least($1::uuid, $2::uuid) AND second_id = greatest($1::uuid, $2::uuid)`,
      [keepId, mergeId, userId],
    );

    const filledFields = Object.keys(next);
    const details = { keepId, mergedId: mergeId, name: absorbed.name, ...moved, filledFields };
    for (const structureId of [keepId, mergeId]) {
      await audit(em, ctx.viewer, ctx.ip, {
        action: "structure.merged",
        subjectType: "structure",
        subjectId: structureId,
        structureId,
        details,
      });
    }
    const structure = await em.findOneByOrFail(Structure, { id: keepId });
    return Object.assign(new StructureMerge(), {
      structure,
      mergedId: mergeId,
      ...moved,
      filledFields,
    });
  });
  ctx.loaders.structureById.clear(keepId).clear(mergeId);
  ctx.loaders.offersByStructure.clear(keepId).clear(mergeId);
  // Members and tokens of the absorbed structure now belong to the kept one: their cached
  // viewers name the wrong structure (rare enough to drop every viewer of this process).
  if (result instanceof StructureMerge) ctx.viewers.clear();
  return result;
}
