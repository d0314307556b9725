import { createHash } from "node:crypto";
import { type EntityManager, In } from "typeorm";
import { Structure } from "../../modules/structure/structure.entity";
import type { StructureCandidate } from "../candidate";
import { termKey } from "../vocabulary-match";

/*
 * Which structure of the directory an imported record is: the one holding its id in this source;
 * else the one with its SIRET (when an organisation's antennas share it, the one whose name and
 * address are the record's); else the one whose normalised name and address are close enough
 * (trigram similarity, within 50 m when both have coordinates). A pair close but not enough, or a
 * SIRET shared without a clear choice, is doubtful: the record becomes a structure of its own and
 * the pair waits for a coordinator among the possible duplicates.
 */

/** Score from which a record is the structure (a merge); from DOUBT_SCORE, a possible duplicate. */
export const MATCH_SCORE = 0.8;
export const DOUBT_SCORE = 0.5;
/** Name similarity below which two structures are not compared at all (pg_trgm's `%`). */
const NAME_THRESHOLD = 0.4;
/** Two places further apart than this are not the same place. */
export const SAME_PLACE_METRES = 50;
/** Among antennas sharing a SIRET, the best must lead the next by this much to be chosen. */
const MARGIN = 0.1;

export type MatchedBy = "source" | "pivot" | "similarity";

export interface Match {
  structure: Structure;
  by: MatchedBy;
  /**
   * The structure has other sources too and this record says what it said at its last import:
   * it is left as it is (else two sources would overwrite each other at every import).
   */
  sameRecord: boolean;
}

const hashes = new WeakMap<StructureCandidate, string>();

/** What a record says (fields, producer's extras, offers), as a short key. */
export function recordHash(c: StructureCandidate): string {
  let hash = hashes.get(c);
  if (!hash) {
    const said = [c.values, c.extras, c.offers?.list.map((o) => [o.sourceRef, o.values])];
    hash = createHash("sha1").update(JSON.stringify(said)).digest("base64url");
    hashes.set(c, hash);
  }
  return hash;
}

export interface Doubt {
  otherId: string;
  score: number;
  reasons: string[];
}

export interface MatchResult {
  found: Map<StructureCandidate, Match>;
  doubts: Map<StructureCandidate, Doubt[]>;
  /** Records matched by SIRET or similarity with reasons for the report (warnings). */
  notes: Map<StructureCandidate, { code: string; message: string }>;
}

interface Compared {
  i: number;
  id: string;
  name: string;
  name_score: number;
  street_score: number | null;
  distance: number | null;
}

interface Scored extends Compared {
  score: number;
  reasons: string[];
}

const percent = (x: number) => `${Math.round(x * 100)} %`;

/** Name and street similarity combined (the name counts more), with the reasons in French. */
function scored(row: Compared, samePivot: boolean): Scored {
  const name = Number(row.name_score);
  const street = row.street_score === null ? null : Number(row.street_score);
  const score = street === null ? name : 0.65 * name + 0.35 * street;
  const reasons = [`nom semblable à ${percent(name)}`];
  if (street !== null) reasons.push(`adresse semblable à ${percent(street)}`);
  if (row.distance !== null) reasons.push(`à ${Math.round(Number(row.distance))} m`);
  if (samePivot) reasons.unshift("même SIRET");
  return { ...row, score: Math.min(1, score), reasons };
}

/** The record's fields compared, as one JSON parameter. */
function probes(batch: StructureCandidate[], indexes: number[]) {
  return JSON.stringify(
    indexes.map((i) => {
      const v = batch[i].values;
      return {
        i,
        pivot: v.pivot ?? null,
        name: v.name ?? batch[i].name,
        street: v.street ?? null,
        postal_code: v.postalCode ?? null,
        lat: v.latitude ?? null,
        lon: v.longitude ?? null,
      };
    }),
  );
}

const PROBE = `jsonb_to_recordset($1::jsonb)
  AS c(i int, pivot text, name text, street text, postal_code text, lat float8, lon float8)`;

const COMPARED = `c.i, s.id, s.name,
  similarity(s.match_name, match_text(c.name)) AS name_score,
  CASE WHEN s.street IS NULL OR c.street IS NULL THEN NULL
       ELSE similarity(match_text(s.street), match_text(c.street)) END AS street_score,
  CASE WHEN s.latitude IS NULL OR c.lat IS NULL THEN NULL
       ELSE geo_distance_m(s.latitude, s.longitude, c.lat, c.lon) END AS distance`;

/** Not archived, and not already holding a record of this source (that record is another place). */
const ELIGIBLE = `s.archived_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM structure_source ss WHERE ss.structure_id = s.id AND ss.source = $2)`;

export class StructureMatcher {
  /** Structures matched by SIRET or similarity during this import: one record each. */
  private readonly claimed = new Set<string>();
  /** Whether the directory holds structures of other sources at all (else there is nothing to compare). */
  private others: boolean | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly source: string,
    private readonly options: { otherSources: boolean } = { otherSources: true },
  ) {}

  async match(batch: StructureCandidate[]): Promise<MatchResult> {
    const result: MatchResult = { found: new Map(), doubts: new Map(), notes: new Map() };
    const ids = new Map<StructureCandidate, { id: string; by: MatchedBy; sameRecord?: boolean }>();

    const bySource: {
      source_ref: string;
      structure_id: string;
      record_hash: string | null;
      shared: boolean;
    }[] = await this.em.query(
      `SELECT ss.source_ref, ss.structure_id, ss.record_hash,
              EXISTS (SELECT 1 FROM structure_source o
                       WHERE o.structure_id = ss.structure_id AND o.source <> ss.source) AS shared
         FROM structure_source ss WHERE ss.source = $1 AND ss.source_ref = ANY($2)`,
      [this.source, batch.map((c) => c.recordId)],
    );
    const refs = new Map(bySource.map((r) => [r.source_ref, r]));
    let rest: number[] = [];
    batch.forEach((c, i) => {
      const ref = refs.get(c.recordId);
      if (ref) {
        const sameRecord = ref.shared && ref.record_hash === recordHash(c);
        ids.set(c, { id: ref.structure_id, by: "source", sameRecord });
      } else rest.push(i);
    });

    if (rest.length > 0 && this.options.otherSources && (await this.hasOthers())) {
      rest = await this.byPivot(batch, rest, ids, result);
      if (rest.length > 0) await this.bySimilarity(batch, rest, ids, result);
    }

    if (ids.size === 0) return result;
    const structures = await this.em.find(Structure, {
      where: { id: In([...new Set([...ids.values()].map((m) => m.id))]) },
      // Locked as edits lock them: an edit made meanwhile waits, then sees the import.
      lock: { mode: "pessimistic_write" },
    });
    const byId = new Map(structures.map((s) => [s.id, s]));
    for (const [c, { id, by, sameRecord }] of ids) {
      result.found.set(c, { structure: byId.get(id)!, by, sameRecord: sameRecord === true });
    }
    return result;
  }

  private async hasOthers(): Promise<boolean> {
    if (this.others === null) {
      const [row] = await this.em.query(
        `SELECT EXISTS (SELECT 1 FROM structure s WHERE ${ELIGIBLE.replaceAll("$2", "$1")}) AS others`,
        [this.source],
      );
      this.others = row.others === true;
    }
    return this.others;
  }

  /** SIRET (or SIREN / RNA) first; returns the records still unmatched. */
  private async byPivot(
    batch: StructureCandidate[],
    indexes: number[],
    ids: Map<StructureCandidate, { id: string; by: MatchedBy; sameRecord?: boolean }>,
    result: MatchResult,
  ): Promise<number[]> {
    const withPivot = indexes.filter((i) => batch[i].values.pivot);
    if (withPivot.length === 0) return indexes;
    const rows: Compared[] = await this.em.query(
      `SELECT ${COMPARED} FROM ${PROBE}
         JOIN structure s ON s.pivot = c.pivot
        WHERE ${ELIGIBLE}
        ORDER BY c.i, s.created_at, s.id`,
      [probes(batch, withPivot), this.source],
    );
    const rest: number[] = [];
    for (const i of indexes) {
      const c = batch[i];
      const same = rows
        .filter((r) => r.i === i && !this.claimed.has(r.id))
        .map((r) => scored(r, true))
        // Antennas of one organisation share a SIRET, not a place.
        .filter(
          (r) => r.distance === null || r.distance <= SAME_PLACE_METRES || r.score >= MATCH_SCORE,
        );
      if (same.length === 0) {
        rest.push(i);
        continue;
      }
      const named = same.filter((s) => termKey(s.name) === termKey(c.values.name ?? ""));
      const ranked = [...same].sort((a, b) => b.score - a.score);
      const [best, next] = ranked;
      const siret = /^\d{14}$/.test(c.values.pivot!);
      const chosen =
        named.length === 1
          ? named[0]
          : same.length === 1 && siret
            ? same[0]
            : best.score >= MATCH_SCORE && (!next || best.score - next.score >= MARGIN)
              ? best
              : null;
      if (chosen) {
        this.claimed.add(chosen.id);
        ids.set(c, { id: chosen.id, by: "pivot" });
        if (chosen !== named[0]) {
          result.notes.set(c, {
            code: "MATCHED_BY_PIVOT",
            message: `Rapprochée par son SIRET de la structure « ${chosen.name} » de Maillage, qui prend le nom du fichier : vérifiez qu'il s'agit bien du même lieu.`,
          });
        }
      } else {
        result.notes.set(c, {
          code: "PIVOT_AMBIGUOUS",
          message: `${same.length} structure(s) de Maillage ont ce pivot sans porter ce nom : une nouvelle structure est créée, à comparer dans les doublons possibles.`,
        });
        result.doubts.set(
          c,
          same.map((s) => ({ otherId: s.id, score: s.score, reasons: s.reasons })),
        );
      }
    }
    return rest;
  }

  /** Normalised name and address, for the records neither their id nor their SIRET found. */
  private async bySimilarity(
    batch: StructureCandidate[],
    indexes: number[],
    ids: Map<StructureCandidate, { id: string; by: MatchedBy; sameRecord?: boolean }>,
    result: MatchResult,
  ): Promise<void> {
    await this.em.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [
      String(NAME_THRESHOLD),
    ]);
    // Three ways in, each with its index: the structures around a located record (a box of
    // 50 m) and those of its postal code without a location; for a record without one, all by name.
    const rows: Compared[] = await this.em.query(
      `SELECT ${COMPARED} FROM ${PROBE}
         CROSS JOIN LATERAL (
           SELECT * FROM (
             SELECT s.* FROM structure s
              WHERE c.lat IS NOT NULL AND s.archived_at IS NULL
                AND s.latitude BETWEEN c.lat - $3 AND c.lat + $3
                AND s.longitude BETWEEN c.lon - $3 / cos(radians(c.lat)) AND c.lon + $3 / cos(radians(c.lat))
                AND similarity(s.match_name, match_text(c.name)) >= $4
             UNION ALL
             SELECT s.* FROM structure s
              WHERE c.lat IS NOT NULL AND s.archived_at IS NULL AND s.latitude IS NULL
                AND s.postal_code = c.postal_code
                AND similarity(s.match_name, match_text(c.name)) >= $4
             UNION ALL
             SELECT s.* FROM structure s
              WHERE c.lat IS NULL AND s.archived_at IS NULL AND s.match_name % match_text(c.name)
           ) s
            WHERE ${ELIGIBLE}
              AND (s.postal_code IS NULL OR c.postal_code IS NULL OR s.postal_code = c.postal_code)
              AND (s.latitude IS NULL OR c.lat IS NULL
                   OR geo_distance_m(s.latitude, s.longitude, c.lat, c.lon) <= ${SAME_PLACE_METRES})
            ORDER BY s.match_name <-> match_text(c.name), s.id
            LIMIT 5) s`,
      [probes(batch, indexes), this.source, SAME_PLACE_METRES / 111_320, NAME_THRESHOLD],
    );
    for (const i of indexes) {
      const c = batch[i];
      const close = rows
        .filter((r) => r.i === i && !this.claimed.has(r.id))
        .map((r) => scored(r, false))
        .filter((r) => r.score >= DOUBT_SCORE)
        .sort((a, b) => b.score - a.score);
      if (close.length === 0) continue;
      const [best, next] = close;
      if (best.score >= MATCH_SCORE && (!next || best.score - next.score >= MARGIN)) {
        this.claimed.add(best.id);
        ids.set(c, { id: best.id, by: "similarity" });
        result.notes.set(c, {
          code: "MATCHED_BY_SIMILARITY",
          message: `Rapprochée de la structure « ${best.name} » de Maillage (${best.reasons.join(", ")}) : ses informations sont mises à jour.`,
        });
      } else {
        result.doubts.set(
          c,
          close.map((s) => ({ otherId: s.id, score: s.score, reasons: s.reasons })),
        );
      }
    }
  }
}

/** Records the doubtful pairs (each pair once, whatever its order); returns how many are new. */
export async function recordDoubts(
  em: EntityManager,
  source: string,
  pairs: { structureId: string; doubt: Doubt }[],
): Promise<number> {
  if (pairs.length === 0) return 0;
  const inserted: unknown[] = await em.query(
    `INSERT INTO possible_duplicate (first_id, second_id, score, reasons, source)
     SELECT least(p.a, p.b), greatest(p.a, p.b), p.score, p.reasons, $2
       FROM jsonb_to_recordset($1::jsonb) AS p(a uuid, b uuid, score real, reasons text[])
      WHERE p.a <> p.b
     ON CONFLICT (first_id, second_id) DO NOTHING
     RETURNING id`,
    [
      JSON.stringify(
        pairs.map((p) => ({
          a: p.structureId,
          b: p.doubt.otherId,
          score: Math.round(p.doubt.score * 1000) / 1000,
          reasons: p.doubt.reasons,
        })),
      ),
      source,
    ],
  );
  return inserted.length;
}

/** Every structure keeps the ids of the records it came from, in each source. */
export async function recordSources(
  em: EntityManager,
  source: string,
  links: { structureId: string; candidate: StructureCandidate }[],
): Promise<void> {
  if (links.length === 0) return;
  await em.query(
    `INSERT INTO structure_source (source, source_ref, structure_id, record_hash)
     SELECT $1, l.ref, l.id, l.hash FROM jsonb_to_recordset($2::jsonb) AS l(ref text, id uuid, hash text)
     ON CONFLICT (source, source_ref)
       DO UPDATE SET last_imported_at = now(), record_hash = EXCLUDED.record_hash`,
    [
      source,
      JSON.stringify(
        links.map((l) => ({
          ref: l.candidate.recordId,
          id: l.structureId,
          hash: recordHash(l.candidate),
        })),
      ),
    ],
  );
}
