import { In } from "typeorm";
import type { Context } from "../../graphql/context";
import { FieldErrors, NotFoundError, type ValidationError } from "../../graphql/results";
import { audit } from "../audit/audit.service";
import { Structure } from "../structure/structure.entity";
import { assertUuid } from "../structure/structure.service";
import {
  DuplicateSide,
  PossibleDuplicate,
  PossibleDuplicateStatus,
  StructureSourceRecord,
} from "./duplicate.type";

interface PairRow {
  id: string;
  first_id: string;
  second_id: string;
  score: number;
  reasons: string[];
  source: string | null;
  status: PossibleDuplicateStatus;
  detected_at: Date;
  decided_at: Date | null;
}

interface SourceRow {
  structure_id: string;
  source: string;
  source_ref: string;
  first_imported_at: Date;
  last_imported_at: Date;
}

/** The pairs with both structures and what a merge would move, in a few statements whatever their number. */
async function withSides(ctx: Context, rows: PairRow[]): Promise<PossibleDuplicate[]> {
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.flatMap((r) => [r.first_id, r.second_id]))];
  const em = ctx.dataSource.manager;
  const [structures, sources, counts] = await Promise.all([
    em.find(Structure, { where: { id: In(ids) } }),
    em.query(
      `SELECT structure_id, source, source_ref, first_imported_at, last_imported_at
         FROM structure_source WHERE structure_id = ANY($1) ORDER BY first_imported_at, source`,
      [ids],
    ) as Promise<SourceRow[]>,
    em.query(
      `SELECT x.id,
              (SELECT count(*)::int FROM referral r
                WHERE r.sender_structure_id = x.id OR r.receiver_structure_id = x.id) AS referrals,
              (SELECT count(*)::int FROM service_offer o WHERE o.structure_id = x.id) AS offers,
              (SELECT count(*)::int FROM membership m WHERE m.structure_id = x.id) AS members
         FROM unnest($1::uuid[]) AS x(id)`,
      [ids],
    ) as Promise<{ id: string; referrals: number; offers: number; members: number }[]>,
  ]);
  const byId = new Map(structures.map((s) => [s.id, s]));
  const countOf = new Map(counts.map((c) => [c.id, c]));
  const side = (id: string) =>
    Object.assign(new DuplicateSide(), {
      structure: byId.get(id)!,
      sources: sources
        .filter((s) => s.structure_id === id)
        .map((s) =>
          Object.assign(new StructureSourceRecord(), {
            source: s.source,
            recordId: s.source_ref,
            firstImportedAt: s.first_imported_at,
            lastImportedAt: s.last_imported_at,
          }),
        ),
      referralCount: countOf.get(id)?.referrals ?? 0,
      offerCount: countOf.get(id)?.offers ?? 0,
      memberCount: countOf.get(id)?.members ?? 0,
    });
  return rows.map((r) =>
    Object.assign(new PossibleDuplicate(), {
      id: r.id,
      first: side(r.first_id),
      second: side(r.second_id),
      score: Number(r.score),
      reasons: r.reasons,
      source: r.source,
      status: r.status,
      detectedAt: r.detected_at,
      decidedAt: r.decided_at,
    }),
  );
}

const COLUMNS = `id, first_id, second_id, score, reasons, source, status, detected_at, decided_at`;

/** The pairs in one status, most similar first (coordinators and admins: the resolver's rule). */
export async function listPossibleDuplicates(
  ctx: Context,
  status: PossibleDuplicateStatus,
  first: number,
): Promise<PossibleDuplicate[]> {
  const rows: PairRow[] = await ctx.dataSource.query(
    `SELECT ${COLUMNS} FROM possible_duplicate WHERE status = $1
      ORDER BY score DESC, detected_at, id LIMIT $2`,
    [status, Math.max(1, Math.min(first, 200))],
  );
  return withSides(ctx, rows);
}

export async function getPossibleDuplicate(
  ctx: Context,
  id: string,
): Promise<PossibleDuplicate | null> {
  assertUuid(id);
  const rows: PairRow[] = await ctx.dataSource.query(
    `SELECT ${COLUMNS} FROM possible_duplicate WHERE id = $1`,
    [id],
  );
  return (await withSides(ctx, rows))[0] ?? null;
}

/** The two are different places: the pair is closed and never proposed again. */
export async function dismissPossibleDuplicate(
  ctx: Context,
  id: string,
): Promise<PossibleDuplicate | ValidationError | NotFoundError> {
  assertUuid(id);
  const userId = ctx.viewer.kind === "user" ? ctx.viewer.user.id : null;
  const result = await ctx.dataSource.transaction(async (em) => {
    const [pair]: PairRow[] = await em.query(
      `SELECT ${COLUMNS} FROM possible_duplicate WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!pair) return new NotFoundError("PossibleDuplicate");
    if (pair.status !== PossibleDuplicateStatus.OPEN) {
      return new FieldErrors()
        .add("id", "ALREADY_DECIDED", "Ce doublon possible a déjà été traité.")
        .result()!;
    }
    await em.query(
      `UPDATE possible_duplicate SET status = 'DISMISSED', decided_by = $2, decided_at = now() WHERE id = $1`,
      [id, userId],
    );
    await audit(em, ctx.viewer, ctx.ip, {
      action: "duplicate.dismissed",
      subjectType: "possible_duplicate",
      subjectId: id,
      structureId: null,
      details: { firstId: pair.first_id, secondId: pair.second_id, score: Number(pair.score) },
    });
    return null;
  });
  return result ?? (await getPossibleDuplicate(ctx, id))!;
}
