import { createHash } from "node:crypto";
import type { EntityManager } from "typeorm";
import { ApiError, badInput, ErrorCode } from "../../graphql/errors";
import type { Context } from "../../graphql/context";
import type { Viewer } from "../identity/viewer";
import { StatementParams, type StatementPart } from "../../db/statement-params";

/** How long a key answers with its first result. */
export const IDEMPOTENCY_WINDOW_HOURS = 24;
const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** The first request with a key committed while this one ran: answer with its result. */
class KeyAlreadyUsed extends Error {}

/**
 * The right to create the one row a key stands for. The create's transaction calls `record`
 * after inserting the row; if another request holds the key, that throws and rolls it back.
 */
export class IdempotencyClaim {
  constructor(
    private readonly actor: string,
    private readonly operation: string,
    private readonly key: string,
    private readonly fingerprint: string,
  ) {}

  async record(em: EntityManager, resultId: string): Promise<void> {
    const p = new StatementParams();
    const rows: unknown[] = await em.query(this.insert(resultId)(p), p.values);
    this.check(rows.length);
  }

  /**
   * The key's row as a part of the create's own statement: it returns one row when the key is
   * now this request's (nothing else should be written otherwise: see `check` and `taken`). A
   * conflicting insert waits for the first transaction; a key older than the window is reused.
   */
  insert(resultId: string): StatementPart {
    return (p) =>
      `INSERT INTO idempotency_key (actor, operation, key, fingerprint, result_id)
       VALUES (${p.add(this.actor)}, ${p.add(this.operation)}, ${p.add(this.key)}, ${p.add(this.fingerprint)}, ${p.add(resultId, "uuid")})
       ON CONFLICT (actor, operation, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, result_id = EXCLUDED.result_id, created_at = now()
         WHERE idempotency_key.created_at <= now() - make_interval(hours => ${p.add(IDEMPOTENCY_WINDOW_HOURS, "int")})
       RETURNING 1`;
  }

  /** Throws (rolling the create back) when another request holds the key. */
  check(rowsReturned: number): void {
    if (rowsReturned === 0) throw this.taken();
  }

  /** What to throw when another request holds the key: `idempotent` answers with its result. */
  taken(): Error {
    return new KeyAlreadyUsed();
  }
}

function actorOf(viewer: Viewer): string | null {
  if (viewer.kind === "user") return `user:${viewer.user.id}`;
  if (viewer.kind === "token") return `token:${viewer.tokenId}`;
  return null;
}

/** JSON with sorted keys, so one input always gives one fingerprint. */
function fingerprintOf(input: unknown): string {
  const canonical = JSON.stringify(input, (_key, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : value,
  );
  return createHash("sha256").update(canonical).digest("base64url");
}

export interface IdempotentOptions<T> {
  /**
   * For a create whose one statement claims the key with its row (see IdempotencyClaim.insert),
   * so that a held key writes nothing: the key is then looked up only when `run` did not create
   * (`created` says whether it did), rather than before it. A new key, the usual case, costs no
   * lookup; a repeated or conflicting one is answered as if it had been looked up first, its
   * first result (or CONFLICT) winning over whatever `run` said or threw.
   */
  created?: (value: T) => boolean;
}

/**
 * Runs a create mutation at most once per (account, operation, key) within 24 h: a repeated
 * request gets the first result (read again, with the caller's access checked as usual) and
 * creates nothing. The same key with another input is a CONFLICT. Validation failures record
 * nothing, so a corrected request can reuse its key.
 */
export async function idempotent<T>(
  ctx: Context,
  operation: string,
  key: string | null | undefined,
  input: unknown,
  run: (claim: IdempotencyClaim | undefined) => Promise<T>,
  replay: (resultId: string) => Promise<T>,
  options: IdempotentOptions<T> = {},
): Promise<T> {
  if (key === null || key === undefined) return run(undefined);
  if (!KEY_PATTERN.test(key))
    throw badInput("idempotencyKey must be 1 to 128 visible ASCII characters", "idempotencyKey");
  const actor = actorOf(ctx.viewer);
  if (!actor) return run(undefined);
  const fingerprint = fingerprintOf(input);
  const earlier = async () => {
    const [row] = (await ctx.dataSource.query(
      `SELECT result_id, fingerprint FROM idempotency_key
        WHERE actor = $1 AND operation = $2 AND key = $3
          AND created_at > now() - make_interval(hours => $4)`,
      [actor, operation, key, IDEMPOTENCY_WINDOW_HOURS],
    )) as { result_id: string; fingerprint: string }[];
    if (row && row.fingerprint !== fingerprint)
      throw new ApiError(
        ErrorCode.CONFLICT,
        "This idempotencyKey was already used for a different request",
        { argument: "idempotencyKey" },
      );
    return row ? replay(row.result_id) : undefined;
  };
  const claim = new IdempotencyClaim(actor, operation, key, fingerprint);
  const { created } = options;
  if (!created) {
    const first = await earlier();
    if (first !== undefined) return first;
  }
  let value: T;
  try {
    value = await run(claim);
  } catch (error) {
    // Without a lookup first, any failure may be a repeat's: its first result answers it.
    if (!(error instanceof KeyAlreadyUsed) && !created) throw error;
    const winner = await earlier();
    if (winner === undefined) throw error;
    return winner;
  }
  if (!created || created(value)) return value;
  return (await earlier()) ?? value;
}

/** Forgets keys past the window (run by the jobs). */
export async function purgeIdempotencyKeys(em: Pick<EntityManager, "query">): Promise<number> {
  const [{ n }] = (await em.query(
    `WITH gone AS (
       DELETE FROM idempotency_key WHERE created_at <= now() - make_interval(hours => $1) RETURNING 1
     ) SELECT count(*)::int AS n FROM gone`,
    [IDEMPOTENCY_WINDOW_HOURS],
  )) as { n: number }[];
  return n;
}

/** The argument's description, the same on every create mutation. */
export const IDEMPOTENCY_KEY_ARG = {
  nullable: true,
  description:
    "A key chosen by the client (one per submission, 1–128 visible ASCII characters): sent again " +
    "by the same account within 24 h, it returns the first result instead of creating another.",
} as const;
